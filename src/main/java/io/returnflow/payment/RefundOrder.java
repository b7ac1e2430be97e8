package io.returnflow.payment;

import java.math.BigDecimal;

/**
 * A refund the product intends to make: one per return.
 *
 * @param idempotencyKey {@code refund:{returnId}}, the same on every try
 * @param amount         in the currency's major unit with its scale (CNY: 2 decimals)
 */
public record RefundOrder(String returnId, String idempotencyKey, String chargeId, BigDecimal amount,
                          String currency) {

    public static RefundOrder forReturn(String returnId, String chargeId, BigDecimal amount, String currency) {
        return new RefundOrder(returnId, "refund:" + returnId, chargeId, amount, currency);
    }
}
