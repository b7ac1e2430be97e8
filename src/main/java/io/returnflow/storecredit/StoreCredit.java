package io.returnflow.storecredit;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A return's store credit as the ledger ({@code store_credits}) holds it: one per return.
 *
 * @param attempts          tries that were sent to the provider
 * @param firstAttemptAt    when the first try was sent
 * @param externalReference set when customer service recorded the credit as issued by hand
 */
public record StoreCredit(String returnId, String idempotencyKey, String customerId, String orderId, String currency,
                          BigDecimal amount, BigDecimal bonus, Status status, String providerCreditId,
                          String failureReason, int attempts, OffsetDateTime firstAttemptAt,
                          OffsetDateTime updatedAt, OffsetDateTime issuedAt, String externalReference,
                          String recordedBy) {

    /**
     * INTENDED: recorded, not sent; SENT: sent, no answer known (the outcome may be lost: looked up before the next
     * send); ISSUED: on the buyer's account, final; FAILED: refused for good, nothing credited.
     */
    public enum Status {
        INTENDED, SENT, ISSUED, FAILED
    }

    /** Whether this row is the credit {@code order} asks for (same customer, currency, amount and bonus). */
    boolean describes(CreditOrder order) {
        return customerId.equals(order.customerId()) && currency.equalsIgnoreCase(order.currency())
                && amount.compareTo(order.amount()) == 0 && bonus.compareTo(order.bonus()) == 0;
    }
}
