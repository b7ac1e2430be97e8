package io.returnflow.payment;

import java.math.BigDecimal;

/**
 * A refund the product intends to make: one per return.
 *
 * @param idempotencyKey {@code refund:{returnId}}, the same on every try of one request; a refund the
 *                       provider refused gets a fresh key ({@code refund:{returnId}:2}) when tried again
 * @param amount         in the currency's major unit with its scale (CNY: 2 decimals)
 */
public record RefundOrder(String returnId, String idempotencyKey, String chargeId, BigDecimal amount,
                          String currency) {

    /** The same refund under the key the ledger holds for it now (renewed after a failure). */
    public RefundOrder withIdempotencyKey(String key) {
        return new RefundOrder(returnId, key, chargeId, amount, currency);
    }

    public static RefundOrder forReturn(String returnId, String chargeId, BigDecimal amount, String currency) {
        return new RefundOrder(returnId, "refund:" + returnId, chargeId, amount, currency);
    }
}
