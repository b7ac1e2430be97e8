package io.returnflow.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One return's refund as the product's own ledger records it. The ledger, not the provider's memory
 * of idempotency keys, is what makes a refund happen exactly once.
 *
 * @param idempotencyKey   the key sent on every try ({@code refund:{returnId}})
 * @param amount           in the currency's major unit with its scale
 * @param providerRefundId the provider's refund id ({@code re_...}) once it answered
 * @param failureReason    why the provider refused or failed the refund
 * @param attempts         how many times the refund was sent to the provider
 * @param firstAttemptAt   when it was first sent: after the provider forgets keys (about 24 h) a
 *                         re-send must first look for an earlier refund on the charge
 * @param refundedAt       when the provider reported it succeeded, or when a refund made elsewhere was recorded
 * @param externalReference the other channel's reference of a refund made elsewhere (a bank transfer, a
 *                          voucher); {@code null} for a refund of the provider
 */
public record Refund(String returnId, String idempotencyKey, String chargeId, BigDecimal amount, String currency,
                     Status status, String providerRefundId, String failureReason, int attempts,
                     OffsetDateTime firstAttemptAt, OffsetDateTime updatedAt, OffsetDateTime refundedAt,
                     String externalReference) {

    /** A refund of the provider (no external reference). */
    public Refund(String returnId, String idempotencyKey, String chargeId, BigDecimal amount, String currency,
                  Status status, String providerRefundId, String failureReason, int attempts,
                  OffsetDateTime firstAttemptAt, OffsetDateTime updatedAt, OffsetDateTime refundedAt) {
        this(returnId, idempotencyKey, chargeId, amount, currency, status, providerRefundId, failureReason, attempts,
                firstAttemptAt, updatedAt, refundedAt, null);
    }

    /**
     * Whether the money went back through another channel, recorded by a person: {@link Status#SUCCEEDED},
     * with its {@link #externalReference()} and no provider refund id.
     */
    public boolean madeElsewhere() {
        return externalReference != null;
    }

    /** Where the money went back, for the timeline: the provider's refund id, or the other channel's reference. */
    public String where() {
        return madeElsewhere() ? "made elsewhere, reference " + externalReference : providerRefundId;
    }

    /** Where a refund stands. Only {@link #SUCCEEDED} means the money went back. */
    public enum Status {
        /** Recorded, not yet sent. */
        INTENDED,
        /** Sent; no answer recorded yet (in flight, or the provider was unavailable). */
        SENT,
        /** Accepted by the provider, not yet settled: followed up by webhook or poll. */
        PENDING,
        SUCCEEDED,
        /** Refused or failed at the provider; {@code failureReason} says why. */
        FAILED;

        static Status of(ProviderRefund.Status status) {
            return switch (status) {
                case SUCCEEDED -> SUCCEEDED;
                case PENDING -> PENDING;
                case FAILED -> FAILED;
            };
        }
    }

    /** Whether this ledger entry is the refund described by {@code order} (same key, charge, amount, currency). */
    boolean describes(RefundOrder order) {
        return (idempotencyKey.equals(order.idempotencyKey())
                || idempotencyKey.startsWith(order.idempotencyKey() + ":"))
                && chargeId.equals(order.chargeId())
                && amount.compareTo(order.amount()) == 0
                && currency.equalsIgnoreCase(order.currency());
    }
}
