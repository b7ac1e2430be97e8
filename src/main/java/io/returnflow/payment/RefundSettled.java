package io.returnflow.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A return's refund reached an end at one moment: it {@link Refund.Status#SUCCEEDED} (the provider paid it,
 * or a person recorded it as made through another channel) or {@link Refund.Status#FAILED} at the provider.
 * Published once per change of the ledger, in the transaction that wrote it; a refund that fails and is later
 * retried by a person's decision is published again when that try settles.
 *
 * @param amount        in the currency's major unit, as the ledger holds it
 * @param at            when it succeeded ({@code refunded_at}), or when the failure was recorded
 * @param madeElsewhere recorded as paid through another channel, not by the provider
 */
public record RefundSettled(String returnId, Refund.Status status, BigDecimal amount, String currency,
                            OffsetDateTime at, boolean madeElsewhere) {

    static RefundSettled of(Refund refund, OffsetDateTime now) {
        OffsetDateTime at = refund.status() == Refund.Status.SUCCEEDED && refund.refundedAt() != null
                ? refund.refundedAt() : now;
        return new RefundSettled(refund.returnId(), refund.status(), refund.amount(), refund.currency(), at,
                refund.madeElsewhere());
    }

    /** Whether a ledger entry in this status is settled, and so worth an event. */
    static boolean settles(Refund.Status status) {
        return status == Refund.Status.SUCCEEDED || status == Refund.Status.FAILED;
    }
}
