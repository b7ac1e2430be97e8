package io.returnflow.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code refunds} table: one row per return, keyed by the return id, with the idempotency key that
 * every try of that refund carries. A {@link Refund.Status#SUCCEEDED} row is final: nothing here moves
 * it back.
 */
@Repository
public class RefundLedger {

    private final JdbcClient jdbc;

    public RefundLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Refund> find(String returnId) {
        return jdbc.sql("select * from refunds where return_id = :returnId")
                .param("returnId", returnId)
                .query(RefundLedger::refund)
                .optional();
    }

    /**
     * Records the intent to refund, once per return.
     *
     * @throws DuplicateKeyException the return already has a row, or another return holds the key
     */
    void intend(RefundOrder order, OffsetDateTime now) {
        jdbc.sql("""
                insert into refunds (return_id, idempotency_key, charge_id, amount, currency, status, attempts,
                  created_at, updated_at)
                values (:returnId, :key, :chargeId, :amount, :currency, 'INTENDED', 0, :now, :now)
                """)
                .param("returnId", order.returnId()).param("key", order.idempotencyKey())
                .param("chargeId", order.chargeId()).param("amount", order.amount())
                .param("currency", order.currency().toUpperCase(Locale.ROOT)).param("now", now)
                .update();
    }

    /**
     * Gives a failed refund a new idempotency key for a fresh try (the provider refused or failed the old
     * one, so no money moved under it). Only a FAILED refund is renewed.
     */
    boolean renewKey(String returnId, String newKey, OffsetDateTime now) {
        return jdbc.sql("""
                update refunds set idempotency_key = :key, status = 'INTENDED', provider_refund_id = null,
                  failure_reason = null, first_attempt_at = null, updated_at = :now
                where return_id = :returnId and status = 'FAILED'
                """)
                .param("returnId", returnId).param("key", newKey).param("now", now)
                .update() == 1;
    }

    /** Counts one more try; the first try's time is kept. False when the refund already succeeded. */
    boolean markSent(String returnId, OffsetDateTime now) {
        return jdbc.sql("""
                update refunds set status = case when status = 'PENDING' then 'PENDING' else 'SENT' end,
                  attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, :now), updated_at = :now
                where return_id = :returnId and status in ('INTENDED', 'SENT', 'PENDING')
                """)
                .param("returnId", returnId).param("now", now)
                .update() == 1;
    }

    /**
     * Records the provider's answer; a succeeded refund is never overwritten. A refund keeps the time it
     * became pending while it stays pending, so the follow-up knows how long it has waited.
     *
     * @return whether the ledger changed
     */
    boolean recordOutcome(String returnId, Refund.Status status, String providerRefundId, String failureReason,
                          OffsetDateTime now) {
        return jdbc.sql("""
                update refunds set status = :status, provider_refund_id = :providerRefundId,
                  failure_reason = :failureReason, refunded_at = :refundedAt, updated_at = :now,
                  pending_since = case when :status = 'PENDING' then coalesce(pending_since, :now) end,
                  last_checked_at = case when :status = 'PENDING' and status = 'PENDING' then last_checked_at end
                where return_id = :returnId
                  and (status in ('INTENDED', 'SENT') or (status = 'PENDING' and :status <> 'PENDING'))
                """)
                .param("returnId", returnId).param("status", status.name())
                .param("providerRefundId", providerRefundId).param("failureReason", failureReason)
                .param("refundedAt", status == Refund.Status.SUCCEEDED ? now : null).param("now", now)
                .update() == 1;
    }

    /**
     * Records that the return's refund was made through another channel: it becomes {@code SUCCEEDED} with
     * the channel's reference, who recorded it and when, and no provider refund id (the provider paid nothing;
     * a late event about an earlier, failed provider refund finds no row). Only a refund that moved no money
     * at the provider ({@code INTENDED}, {@code FAILED}) is recorded so; the provider's refusal stays in
     * {@code failure_reason}.
     *
     * @return whether the ledger changed (false: the refund is sent, pending or succeeded)
     */
    boolean recordMadeElsewhere(String returnId, String reference, String recordedBy, OffsetDateTime now) {
        return jdbc.sql("""
                update refunds set status = 'SUCCEEDED', provider_refund_id = null, external_reference = :reference,
                  recorded_by = :recordedBy, refunded_at = :now, updated_at = :now, pending_since = null
                where return_id = :returnId and status in ('INTENDED', 'FAILED')
                """)
                .param("returnId", returnId).param("reference", reference).param("recordedBy", recordedBy)
                .param("now", now)
                .update() == 1;
    }

    /** The refund the provider knows by {@code providerRefundId}, if it is ours. */
    public Optional<Refund> findByProviderRefundId(String providerRefundId) {
        return jdbc.sql("select * from refunds where provider_refund_id = :id")
                .param("id", providerRefundId)
                .query(RefundLedger::refund)
                .optional();
    }

    /**
     * Records where the provider says a refund stands (a webhook, a follow-up), only as a step forward:
     * a settled refund (SUCCEEDED, FAILED) never moves, and PENDING is only taken over a refund that has
     * no answer yet. So an event delivered twice, or an older one delivered late, changes nothing.
     *
     * @return whether the ledger changed
     */
    boolean advance(String providerRefundId, Refund.Status status, String failureReason, OffsetDateTime now) {
        String from = status == Refund.Status.PENDING ? "('INTENDED', 'SENT')" : "('INTENDED', 'SENT', 'PENDING')";
        return jdbc.sql("""
                update refunds set status = :status,
                  failure_reason = :failureReason, refunded_at = :refundedAt, updated_at = :now,
                  pending_since = case when :status = 'PENDING' then coalesce(pending_since, :now) end,
                  last_checked_at = case when :status = 'PENDING' and status = 'PENDING' then last_checked_at end
                where provider_refund_id = :id and status in %s
                """.formatted(from))
                .param("id", providerRefundId).param("status", status.name())
                .param("failureReason", status == Refund.Status.FAILED ? failureReason : null)
                .param("refundedAt", status == Refund.Status.SUCCEEDED ? now : null).param("now", now)
                .update() == 1;
    }

    /**
     * Refunds pending at the provider that were neither put pending nor asked about since {@code before},
     * longest waiting first.
     */
    List<Refund> pendingSince(OffsetDateTime before, int limit) {
        return jdbc.sql("""
                select * from refunds
                where status = 'PENDING' and provider_refund_id is not null
                  and coalesce(last_checked_at, pending_since, updated_at) <= :before
                order by coalesce(last_checked_at, pending_since, updated_at), return_id
                fetch first :limit rows only
                """)
                .param("before", before).param("limit", limit)
                .query(RefundLedger::refund)
                .list();
    }

    /**
     * Takes a pending refund for asking the provider about it, as long as it is still due (pending and neither
     * put pending nor asked about since {@code before}), and notes the time, so it is asked again only a while
     * later. Another node that read it in the same round finds it taken: each refund is asked about once per round
     * however many nodes follow up.
     *
     * @return whether this node may ask
     */
    boolean claimFollowUp(String returnId, OffsetDateTime before, OffsetDateTime now) {
        return jdbc.sql("""
                        update refunds set last_checked_at = :now
                        where return_id = :returnId and status = 'PENDING'
                          and coalesce(last_checked_at, pending_since, updated_at) <= :before
                        """)
                .param("returnId", returnId).param("before", before).param("now", now)
                .update() == 1;
    }

    private static Refund refund(ResultSet rs, int row) throws SQLException {
        return new Refund(rs.getString("return_id"), rs.getString("idempotency_key"), rs.getString("charge_id"),
                rs.getBigDecimal("amount"), rs.getString("currency"), Refund.Status.valueOf(rs.getString("status")),
                rs.getString("provider_refund_id"), rs.getString("failure_reason"), rs.getInt("attempts"),
                rs.getObject("first_attempt_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getObject("refunded_at", OffsetDateTime.class), rs.getString("external_reference"));
    }
}
