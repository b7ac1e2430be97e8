package io.returnflow.dropoff;

import java.time.OffsetDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.platform.Text;

/**
 * The audit of every check-in and preview at a counter ({@code check_in_attempts}), good or bad.
 * Each row is written in a transaction of its own, so it stays when the attempt itself rolled back.
 * It never holds the readable code: only the code's keyed lookup hash, and only for a well-formed one.
 *
 * <p>The wrong-code limits ({@link CheckInLimiter}) count these rows: a wrong code counts once its row is here.
 */
@Repository
class CheckInAudit {

    private static final Logger log = LoggerFactory.getLogger(CheckInAudit.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    public CheckInAudit(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** What was attempted at the counter. */
    public enum Kind { CHECK_IN, PREVIEW }

    /** How an attempt ended. */
    public enum Outcome {
        CHECKED_IN, PREVIEWED,
        /** the typed text cannot be a code (caught by the check character, no lookup) */
        MALFORMED,
        /** a well-formed code no store issued */
        UNKNOWN, USED, EXPIRED, CANCELLED,
        /** issued for another store */
        OTHER_STORE,
        /** the clerk is not bound to the store */
        NOT_YOUR_STORE,
        RATE_LIMITED,
        /** an error of ours (e.g. a concurrent change), not the code's fault */
        FAILED;

        /** A wrong code: counted against the client and the store. */
        public boolean isWrongCode() {
            return switch (this) {
                case MALFORMED, UNKNOWN, USED, EXPIRED, CANCELLED, OTHER_STORE -> true;
                case CHECKED_IN, PREVIEWED, NOT_YOUR_STORE, RATE_LIMITED, FAILED -> false;
            };
        }
    }

    /** One attempt; {@code codeHash} and {@code returnId} are null when unknown. */
    public record Attempt(OffsetDateTime at, String storeId, String clerkId, String clientAddress, Kind kind,
                         Outcome outcome, String codeHash, String returnId, long elapsedMs) {
    }

    /** Writes the attempt in its own transaction; a failure to write is logged, never thrown at the clerk. */
    public void record(Attempt a) {
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.sql("""
                            insert into check_in_attempts (attempted_at, store_id, clerk_id, client_address, kind,
                              outcome, code_hash, return_id, elapsed_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(a.at(), Text.fit(a.storeId(), 32), Text.fit(a.clerkId(), 64),
                            Text.fit(a.clientAddress(), 64), a.kind().name(), a.outcome().name(), a.codeHash(),
                            a.returnId(), (int) Math.min(Integer.MAX_VALUE, a.elapsedMs()))
                    .update());
        } catch (RuntimeException e) {
            log.error("Check-in attempt at store {} ({}, {}) could not be audited", Text.fit(a.storeId(), 32),
                    a.kind(), a.outcome(), e);
        }
    }
}
