package io.returnflow.carrier.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import io.returnflow.platform.Text;

/**
 * The table {@code carrier_inbox}: what carriers pushed, stored before it is acknowledged and
 * worked off afterwards. Portable SQL (H2 and PostgreSQL).
 */
@Repository
public class CarrierInbox {

    // Column sizes (V2__carrier.sql). A webhook checks its texts against them before storing and parks what
    // does not fit whole: never cut, and never left to fail at the database (a push refused for that would
    // be re-pushed for ever).
    public static final int MAX_REQUEST_TYPE_LENGTH = 8;
    public static final int MAX_ORDER_CODE_LENGTH = 64;
    public static final int MAX_RETURN_ID_LENGTH = 64;
    /** Longest stored error text (column size): longer texts are cut. */
    public static final int MAX_ERROR_LENGTH = 1000;

    private static final String COLUMNS = "id, request_type, order_code, return_id, payload, status, attempts, "
            + "failures, last_error, pushed_at, received_at, pending_since, next_attempt_at, processed_at";

    private final JdbcClient jdbc;

    public CarrierInbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The text as every supported database can hold it: PostgreSQL's text types cannot hold U+0000, which a
     * signed push may well contain (JSON allows {@code \\u0000}), so it is written as that escape. Anything a
     * carrier sent is stored through this, so that no push is refused for a character.
     */
    public static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "\\u0000");
    }

    /**
     * Stores the entry unless one with the same de-duplication key is there already. On its own (a webhook's
     * push, no surrounding transaction) the unique key answers: one statement, and a duplicate's failed
     * insert aborts nothing else. Inside a transaction, where on PostgreSQL a failed insert would abort the
     * whole transaction, it asks first and leaves the unique key to a lost race only.
     *
     * @return true when stored, false when it was a duplicate
     */
    public boolean storeIfAbsent(NewInboxEntry entry, OffsetDateTime now) {
        String key = entry.dedupKey();
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && jdbc.sql("select count(*) from carrier_inbox where dedup_key = :key")
                        .param("key", key)
                        .query(Long.class).single() > 0) {
            return false;
        }
        try {
            jdbc.sql("""
                    insert into carrier_inbox (dedup_key, request_type, order_code, return_id, payload, status,
                        attempts, failures, last_error, pushed_at, received_at, pending_since, next_attempt_at)
                    values (:key, :requestType, :orderCode, :returnId, :payload, :status,
                        0, 0, :lastError, :pushedAt, :now, :now, :now)""")
                    .param("key", key)
                    .param("requestType", storable(entry.requestType()))
                    .param("orderCode", storable(entry.orderCode()))
                    .param("returnId", storable(entry.returnId()))
                    .param("payload", storable(entry.payload()))
                    .param("status", entry.status().name())
                    .param("lastError", Text.fit(storable(entry.lastError()), MAX_ERROR_LENGTH))
                    .param("pushedAt", entry.pushedAt())
                    .param("now", now)
                    .update();
            return true;
        } catch (DuplicateKeyException raceLost) {
            return false;
        }
    }

    /**
     * Due pending entries in arrival order, skipping any entry that has an earlier pending entry for
     * the same order code: a later snapshot never overtakes an earlier one.
     */
    public List<InboxEntry> due(OffsetDateTime now, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from carrier_inbox i
                        where i.status = 'PENDING' and i.next_attempt_at <= :now
                          and not exists (select 1 from carrier_inbox e
                                           where e.status = 'PENDING' and e.order_code = i.order_code and e.id < i.id)
                        order by i.id
                        fetch first :limit rows only""")
                .param("now", now)
                .param("limit", limit)
                .query(CarrierInbox::map)
                .list();
    }

    /**
     * Locks an entry that is still pending and due for this transaction, so two pollers never work on the same one:
     * the second waits for the first's transaction, then finds it processed, parked, or due only after its backoff
     * (not ready, or failed), and leaves it. Without the due check a poller that read the entry before another one
     * handled it would hand it over again at once, and its failures would run out N times faster on N nodes.
     */
    public Optional<InboxEntry> lockPending(long id, OffsetDateTime now) {
        return jdbc.sql("select " + COLUMNS + " from carrier_inbox"
                        + " where id = :id and status = 'PENDING' and next_attempt_at <= :now for update")
                .param("id", id).param("now", now)
                .query(CarrierInbox::map)
                .optional();
    }

    public void markProcessed(long id, OffsetDateTime now) {
        jdbc.sql("""
                update carrier_inbox set status = 'PROCESSED', attempts = attempts + 1, last_error = null,
                    processed_at = :now where id = :id""")
                .param("id", id).param("now", now).update();
    }

    /** Not ready yet: try again at {@code nextAttemptAt}. */
    public void notReady(long id, String why, OffsetDateTime nextAttemptAt) {
        jdbc.sql("""
                update carrier_inbox set attempts = attempts + 1, last_error = :why, next_attempt_at = :next
                 where id = :id and status = 'PENDING'""")
                .param("id", id).param("why", Text.fit(storable(why), MAX_ERROR_LENGTH)).param("next", nextAttemptAt).update();
    }

    /** Failed: try again at {@code nextAttemptAt}. */
    public void failed(long id, String error, OffsetDateTime nextAttemptAt) {
        jdbc.sql("""
                update carrier_inbox set attempts = attempts + 1, failures = failures + 1, last_error = :error,
                    next_attempt_at = :next
                 where id = :id and status = 'PENDING'""")
                .param("id", id).param("error", Text.fit(storable(error), MAX_ERROR_LENGTH))
                .param("next", nextAttemptAt).update();
    }

    /** Gives up on an entry until operations look at it. */
    public void park(long id, String reason, OffsetDateTime now) {
        jdbc.sql("""
                update carrier_inbox set status = 'PARKED', attempts = attempts + 1, last_error = :reason,
                    processed_at = :now where id = :id and status = 'PENDING'""")
                .param("id", id).param("reason", Text.fit(storable(reason), MAX_ERROR_LENGTH)).param("now", now).update();
    }

    /** Puts a parked entry back in line, as if it had just arrived. */
    public boolean requeue(long id, OffsetDateTime now) {
        return jdbc.sql("""
                update carrier_inbox set status = 'PENDING', failures = 0, pending_since = :now,
                    next_attempt_at = :now, processed_at = null
                 where id = :id and status = 'PARKED'""")
                .param("id", id).param("now", now).update() == 1;
    }

    public Optional<InboxEntry> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from carrier_inbox where id = :id")
                .param("id", id).query(CarrierInbox::map).optional();
    }

    /** Entries in a status, oldest first. */
    public List<InboxEntry> list(InboxStatus status, int limit) {
        return jdbc.sql("select " + COLUMNS + " from carrier_inbox where status = :status order by id"
                        + " fetch first :limit rows only")
                .param("status", status.name())
                .param("limit", limit)
                .query(CarrierInbox::map)
                .list();
    }

    private static InboxEntry map(ResultSet rs, int row) throws SQLException {
        return new InboxEntry(rs.getLong("id"), rs.getString("request_type"), rs.getString("order_code"),
                rs.getString("return_id"), rs.getString("payload"), InboxStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"), rs.getInt("failures"), rs.getString("last_error"),
                rs.getObject("pushed_at", OffsetDateTime.class), rs.getObject("received_at", OffsetDateTime.class),
                rs.getObject("pending_since", OffsetDateTime.class),
                rs.getObject("next_attempt_at", OffsetDateTime.class),
                rs.getObject("processed_at", OffsetDateTime.class));
    }

}
