package io.returnflow.storecredit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code store_credits} table: one row per return, keyed by the return id, with the idempotency key every try
 * of that credit carries. An {@link StoreCredit.Status#ISSUED} row is final: nothing here moves it back.
 */
@Repository
public class StoreCreditLedger {

    private final JdbcClient jdbc;

    public StoreCreditLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoreCredit> find(String returnId) {
        return jdbc.sql("select * from store_credits where return_id = :returnId")
                .param("returnId", returnId)
                .query(StoreCreditLedger::credit)
                .optional();
    }

    /**
     * Records the intent to credit, once per return.
     *
     * @throws DuplicateKeyException the return already has a row, or another return holds the key
     */
    void intend(CreditOrder order, OffsetDateTime now) {
        jdbc.sql("""
                insert into store_credits (return_id, idempotency_key, customer_id, order_id, currency, amount, bonus,
                  status, attempts, created_at, updated_at)
                values (:returnId, :key, :customerId, :orderId, :currency, :amount, :bonus, 'INTENDED', 0, :now, :now)
                """)
                .param("returnId", order.returnId()).param("key", order.idempotencyKey())
                .param("customerId", order.customerId()).param("orderId", order.orderId())
                .param("currency", order.currency().toUpperCase(Locale.ROOT)).param("amount", order.amount())
                .param("bonus", order.bonus()).param("now", now)
                .update();
    }

    /** Counts one more try; the first try's time is kept. False when the credit is no longer to send. */
    boolean markSent(String returnId, OffsetDateTime now) {
        return jdbc.sql("""
                update store_credits set status = 'SENT', attempts = attempts + 1,
                  first_attempt_at = coalesce(first_attempt_at, :now), updated_at = :now
                where return_id = :returnId and status in ('INTENDED', 'SENT')
                """)
                .param("returnId", returnId).param("now", now)
                .update() == 1;
    }

    /** The credit is on the buyer's account; only a credit not yet settled moves. */
    boolean recordIssued(String returnId, String providerCreditId, OffsetDateTime now) {
        return jdbc.sql("""
                update store_credits set status = 'ISSUED', provider_credit_id = :creditId, failure_reason = null,
                  issued_at = :now, updated_at = :now
                where return_id = :returnId and status in ('INTENDED', 'SENT')
                """)
                .param("returnId", returnId).param("creditId", providerCreditId).param("now", now)
                .update() == 1;
    }

    /** The provider refused the credit for good; only a credit not yet settled moves. */
    boolean recordRefused(String returnId, String reason, OffsetDateTime now) {
        return jdbc.sql("""
                update store_credits set status = 'FAILED', failure_reason = :reason, updated_at = :now
                where return_id = :returnId and status in ('INTENDED', 'SENT')
                """)
                .param("returnId", returnId).param("reason", reason).param("now", now)
                .update() == 1;
    }

    /** Why the last try stopped without an outcome (a parked answer); the status stays as it is. */
    void noteProblem(String returnId, String reason, OffsetDateTime now) {
        jdbc.sql("""
                update store_credits set failure_reason = :reason, updated_at = :now
                where return_id = :returnId and status in ('INTENDED', 'SENT')
                """)
                .param("returnId", returnId).param("reason", reason).param("now", now)
                .update();
    }

    /**
     * Gives a refused credit a new idempotency key for a fresh try (nothing was credited under the old one). Only a
     * FAILED credit is renewed.
     */
    boolean renewKey(String returnId, String newKey, OffsetDateTime now) {
        return jdbc.sql("""
                update store_credits set idempotency_key = :key, status = 'INTENDED', provider_credit_id = null,
                  first_attempt_at = null, updated_at = :now
                where return_id = :returnId and status = 'FAILED'
                """)
                .param("returnId", returnId).param("key", newKey).param("now", now)
                .update() == 1;
    }

    /**
     * Records that the credit was issued by hand in the merchant's system: ISSUED with that system's reference, who
     * recorded it and when. Only a credit that moved nothing at the provider (INTENDED, FAILED) is recorded so.
     */
    boolean recordIssuedByHand(String returnId, String reference, String recordedBy, OffsetDateTime now) {
        return jdbc.sql("""
                update store_credits set status = 'ISSUED', provider_credit_id = null, external_reference = :reference,
                  recorded_by = :recordedBy, issued_at = :now, updated_at = :now
                where return_id = :returnId and status in ('INTENDED', 'FAILED')
                """)
                .param("returnId", returnId).param("reference", reference).param("recordedBy", recordedBy)
                .param("now", now)
                .update() == 1;
    }

    private static StoreCredit credit(ResultSet rs, int row) throws SQLException {
        return new StoreCredit(rs.getString("return_id"), rs.getString("idempotency_key"),
                rs.getString("customer_id"), rs.getString("order_id"), rs.getString("currency"),
                rs.getBigDecimal("amount"), rs.getBigDecimal("bonus"),
                StoreCredit.Status.valueOf(rs.getString("status")), rs.getString("provider_credit_id"),
                rs.getString("failure_reason"), rs.getInt("attempts"),
                rs.getObject("first_attempt_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class), rs.getObject("issued_at", OffsetDateTime.class),
                rs.getString("external_reference"), rs.getString("recorded_by"));
    }
}
