package io.returnflow.carrier.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.inbox.AppliedUpdateListener;
import io.returnflow.carrier.inbox.InboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import io.returnflow.platform.DatabaseKind;
import io.returnflow.platform.Text;

/**
 * The table {@code tracking_subscriptions}: the waybills whose tracking we need, whether the carrier was
 * told, and when each was last heard of. Portable SQL (H2 and PostgreSQL).
 *
 * <p>A subscription is requested whenever a waybill becomes known, often inside someone else's
 * transaction (a booking job, an inbox entry). The request must therefore never fail on a waybill that is
 * already there: PostgreSQL aborts the whole transaction after a failed statement. It looks first, and
 * then inserts with the database's own "insert unless present" ({@code on conflict do nothing} on
 * PostgreSQL, a standard {@code merge} elsewhere), so a concurrent request of the same waybill is a no-op.
 */
@Repository
public class TrackingSubscriptions implements AppliedUpdateListener {

    /** Longest stored error text (column size). */
    static final int MAX_ERROR_LENGTH = 1000;

    private static final Logger log = LoggerFactory.getLogger(TrackingSubscriptions.class);

    private static final String COLUMNS = "waybill, carrier, order_code, return_id, status, attempts, last_error, "
            + "requested_at, next_attempt_at, subscribed_at, last_update_at, last_state, polled_at, silent_polls, "
            + "next_poll_at";
    private static final String FINAL_STATES = "'" + TrackingState.SIGNED.name() + "', '"
            + TrackingState.RETURNED_TO_SENDER.name() + "'";

    private static final String INSERT_POSTGRES = """
            insert into tracking_subscriptions (waybill, carrier, order_code, return_id, status, attempts,
                requested_at, next_attempt_at)
            values (:waybill, :carrier, :orderCode, :returnId, 'REQUESTED', 0, :now, :now)
            on conflict (waybill) do nothing""";
    private static final String INSERT_MERGE = """
            merge into tracking_subscriptions t
            using (select cast(:waybill as varchar(64)) as waybill) s on t.waybill = s.waybill
            when not matched then insert (waybill, carrier, order_code, return_id, status, attempts,
                requested_at, next_attempt_at)
            values (s.waybill, :carrier, :orderCode, :returnId, 'REQUESTED', 0, :now, :now)""";

    private final JdbcClient jdbc;
    /** The insert-unless-present statement of this database. */
    private final String insertSql;

    public TrackingSubscriptions(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.insertSql = DatabaseKind.of(dataSource) == DatabaseKind.POSTGRES ? INSERT_POSTGRES : INSERT_MERGE;
    }

    /**
     * Requests the tracking of a waybill unless it is requested already; safe inside a caller's
     * transaction on every supported database.
     *
     * @return true when this call requested it, false when it was there already
     */
    public boolean request(String waybill, String carrier, String orderCode, String returnId, OffsetDateTime now) {
        if (waybill == null || waybill.isBlank()) {
            return false;
        }
        String key = waybill.trim();
        // looking first keeps the common case (already requested) to a read
        if (find(key).isPresent()) {
            return false;
        }
        boolean requested = insertIfAbsent(key, carrier, orderCode, returnId, now);
        if (requested) {
            log.info("Tracking of waybill {} (order {}) requested", key, orderCode);
        }
        return requested;
    }

    /** The insert that is a no-op for a present waybill, whoever inserted it meanwhile. */
    boolean insertIfAbsent(String waybill, String carrier, String orderCode, String returnId, OffsetDateTime now) {
        try {
            return jdbc.sql(insertSql)
                    .param("waybill", waybill)
                    .param("carrier", Text.trimToNull(carrier))
                    .param("orderCode", Text.trimToNull(orderCode))
                    .param("returnId", Text.trimToNull(returnId))
                    .param("now", now)
                    .update() == 1;
        } catch (DuplicateKeyException raceLost) {
            // only where the merge is not atomic (H2), and there a failed statement leaves the transaction usable
            return false;
        }
    }

    /**
     * An update the journey took: the waybill it names is requested (the 103 collection push brings it),
     * and the subscription remembers when the shipment was last heard of and in which state.
     */
    @Override
    public void applied(InboxEntry entry, TrackingUpdate update, String carrier) {
        OffsetDateTime heardAt = entry.receivedAt() != null ? entry.receivedAt() : update.at();
        String waybill = Text.trimToNull(update.waybill());
        if (waybill != null) {
            request(waybill, carrier, update.orderCode(), update.returnId(), heardAt);
        }
        if (!update.state().isAmendment()) {
            recordUpdate(waybill, update.orderCode(), update.state(), heardAt);
        }
    }

    /**
     * The shipment no longer travels on {@code waybill} (the carrier replaced it by {@code replacedBy}, or
     * re-dispatched it): its tracking is neither sent nor polled any more. The new waybill's subscription is
     * requested by whoever learns it. Nothing happens when there was no waybill, or it is the same one.
     */
    public void supersede(String waybill, String replacedBy) {
        if (waybill == null || waybill.isBlank() || waybill.trim().equals(Text.trimToNull(replacedBy))) {
            return;
        }
        int changed = jdbc.sql("""
                        update tracking_subscriptions set status = 'SUPERSEDED', next_attempt_at = null,
                          last_error = :why
                         where waybill = :waybill and status <> 'SUPERSEDED'""")
                .param("waybill", waybill.trim())
                .param("why", Text.fit("replaced by " + (replacedBy == null ? "a waybill not named yet" : replacedBy),
                        1000))
                .update();
        if (changed > 0) {
            log.info("Tracking of waybill {} superseded by {}", waybill, replacedBy);
        }
    }

    /**
     * Remembers that the carrier told us {@code state} at {@code at} about the waybill (or, when the entry
     * named none, the order code's waybill). An older fact never overwrites a newer one.
     */
    public void recordUpdate(String waybill, String orderCode, TrackingState state, OffsetDateTime at) {
        String where;
        String key;
        if (waybill != null) {
            where = "waybill = :key";
            key = waybill.trim();
        } else if (orderCode != null && !orderCode.isBlank()) {
            where = "order_code = :key";
            key = orderCode.trim();
        } else {
            return;
        }
        // news: polling starts afresh (a silent waybill is polled again)
        jdbc.sql("update tracking_subscriptions set last_update_at = :at, last_state = :state, silent_polls = 0,"
                        + " next_poll_at = null,"
                        + " status = case when status = 'SILENT' then 'SUBSCRIBED' else status end where " + where
                        + " and (last_update_at is null or last_update_at <= :at)")
                .param("key", key)
                .param("at", at)
                .param("state", state.name())
                .update();
    }

    /** Requested subscriptions whose (next) attempt is due, oldest first. */
    public List<TrackingSubscription> dueForSubscription(OffsetDateTime now, int limit) {
        return jdbc.sql("select " + COLUMNS + " from tracking_subscriptions"
                        + " where status = 'REQUESTED' and next_attempt_at <= :now"
                        + " order by next_attempt_at, waybill fetch first :limit rows only")
                .param("now", now)
                .param("limit", limit)
                .query(TrackingSubscriptions::map)
                .list();
    }

    /**
     * Subscribed waybills not yet in a final state that were neither heard of nor polled since
     * {@code silentSince} and whose next query (after queries without news) is due at {@code now}, the longest
     * silent first.
     */
    public List<TrackingSubscription> dueForPolling(OffsetDateTime silentSince, OffsetDateTime now, int limit) {
        return jdbc.sql("select " + COLUMNS + " from tracking_subscriptions"
                        + " where status = 'SUBSCRIBED'"
                        + " and (last_state is null or last_state not in (" + FINAL_STATES + "))"
                        + " and coalesce(last_update_at, subscribed_at) <= :since"
                        + " and (polled_at is null or polled_at <= :since)"
                        + " and (next_poll_at is null or next_poll_at <= :now)"
                        + " order by coalesce(polled_at, last_update_at, subscribed_at), waybill"
                        + " fetch first :limit rows only")
                .param("since", silentSince)
                .param("now", now)
                .param("limit", limit)
                .query(TrackingSubscriptions::map)
                .list();
    }

    /**
     * Takes a requested subscription for this node before the carrier is called, as long as it is still due: its
     * next attempt moves to {@code claimUntil} (beyond the call's end), so another node that read it in the same
     * round finds it taken, and each waybill is sent by one node at a time however many nodes subscribe. A node that
     * stops before it records the outcome leaves the waybill to be sent again at {@code claimUntil}.
     *
     * @return whether this node may send it
     */
    public boolean claimForSubscription(String waybill, OffsetDateTime now, OffsetDateTime claimUntil) {
        return jdbc.sql("""
                        update tracking_subscriptions set next_attempt_at = :until
                         where waybill = :waybill and status = 'REQUESTED' and next_attempt_at <= :now""")
                .param("waybill", waybill).param("now", now).param("until", claimUntil).update() == 1;
    }

    /** The carrier accepted the subscription. */
    public boolean subscribed(String waybill, OffsetDateTime now) {
        return jdbc.sql("""
                        update tracking_subscriptions set status = 'SUBSCRIBED', subscribed_at = :now,
                            next_attempt_at = null, last_error = null
                         where waybill = :waybill and status = 'REQUESTED'""")
                .param("waybill", waybill).param("now", now).update() == 1;
    }

    /** The subscription call failed: try again at {@code nextAttemptAt}. */
    public void failed(String waybill, String error, OffsetDateTime nextAttemptAt) {
        jdbc.sql("""
                        update tracking_subscriptions set attempts = attempts + 1, last_error = :error,
                            next_attempt_at = :next
                         where waybill = :waybill and status = 'REQUESTED'""")
                .param("waybill", waybill).param("error", Text.fit(error, MAX_ERROR_LENGTH))
                .param("next", nextAttemptAt).update();
    }

    /** Gives up on a subscription until operations look at it. */
    public void park(String waybill, boolean countsAsAttempt, String reason) {
        jdbc.sql("update tracking_subscriptions set status = 'PARKED', last_error = :reason, next_attempt_at = null"
                        + (countsAsAttempt ? ", attempts = attempts + 1" : "")
                        + " where waybill = :waybill and status = 'REQUESTED'")
                .param("waybill", waybill).param("reason", Text.fit(reason, MAX_ERROR_LENGTH)).update();
    }

    /** Puts a parked subscription back in line, with a fresh allowance of failures. */
    public boolean requeue(String waybill, OffsetDateTime now) {
        return jdbc.sql("""
                        update tracking_subscriptions set status = 'REQUESTED', attempts = 0, next_attempt_at = :now
                         where waybill = :waybill and status = 'PARKED'""")
                .param("waybill", waybill).param("now", now).update() == 1;
    }

    /**
     * The row as {@code read} still is: no push recorded (last update, silent polls) and no node polled it since.
     * Compare-and-set on these columns is what keeps the poller from acting on a row that changed under it.
     */
    private static final String UNCHANGED_SINCE_READ = " and silent_polls = :readSilentPolls"
            + " and last_update_at is not distinct from :readLastUpdateAt"
            + " and polled_at is not distinct from :readPolledAt";

    private static JdbcClient.StatementSpec readValues(JdbcClient.StatementSpec statement, TrackingSubscription read) {
        return statement.param("readSilentPolls", read.silentPolls())
                .param("readLastUpdateAt", read.lastUpdateAt(), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("readPolledAt", read.polledAt(), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
    }

    /**
     * Takes a waybill {@code read} as due for this node's query: marks it polled at {@code now}, unless it changed
     * since it was read (a push, or another node's claim). Another node that read it in the same round then finds it
     * claimed, so each waybill is queried once per round however many nodes poll. A node that stops before it
     * records the answer leaves the waybill to be queried again {@code poll-after} later.
     *
     * @return whether this node may query it
     */
    public boolean claim(TrackingSubscription read, OffsetDateTime now) {
        return readValues(jdbc.sql("update tracking_subscriptions set polled_at = :now"
                        + " where waybill = :waybill and status = 'SUBSCRIBED'" + UNCHANGED_SINCE_READ), read)
                .param("waybill", read.waybill()).param("now", now).update() == 1;
    }

    /**
     * The waybill's tracking was queried and brought news: the next query is due at {@code nextPollAt}, and the
     * count of queries without news starts again.
     */
    public void polled(String waybill, OffsetDateTime now, OffsetDateTime nextPollAt) {
        jdbc.sql("""
                        update tracking_subscriptions set polled_at = :now, last_error = null, silent_polls = 0,
                            next_poll_at = :next
                         where waybill = :waybill""")
                .param("waybill", waybill).param("now", now).param("next", nextPollAt).update();
    }

    /**
     * The waybill's tracking, {@link #claim claimed} at {@code claimedAt}, was queried without news (or the query
     * failed; {@code error} says why, or is null): one more query without news, the next due at {@code nextPollAt}.
     * Unless a push came meanwhile: its fresh start of the polling stands.
     *
     * @return whether it was counted
     */
    public boolean polledWithoutNews(TrackingSubscription read, OffsetDateTime claimedAt, String error,
                                     OffsetDateTime nextPollAt) {
        return jdbc.sql("update tracking_subscriptions set last_error = :error, silent_polls = silent_polls + 1,"
                        + " next_poll_at = :next where waybill = :waybill and polled_at = :claimedAt"
                        + " and silent_polls = :readSilentPolls"
                        + " and last_update_at is not distinct from :readLastUpdateAt")
                .param("waybill", read.waybill()).param("claimedAt", claimedAt)
                .param("readSilentPolls", read.silentPolls())
                .param("readLastUpdateAt", read.lastUpdateAt(), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("error", Text.fit(error, MAX_ERROR_LENGTH)).param("next", nextPollAt).update() == 1;
    }

    /**
     * Stops polling a subscribed waybill the carrier stays silent about ({@link SubscriptionStatus#SILENT});
     * {@code reason} is kept as its last error.
     *
     * @return whether this call stopped it (false when it changed since it was {@code read}: a push since then
     *         is news, and the waybill stays polled)
     */
    public boolean silenced(TrackingSubscription read, String reason) {
        return readValues(jdbc.sql("update tracking_subscriptions set status = 'SILENT', next_poll_at = null,"
                        + " last_error = :reason where waybill = :waybill and status = 'SUBSCRIBED'"
                        + UNCHANGED_SINCE_READ), read)
                .param("waybill", read.waybill()).param("reason", Text.fit(reason, MAX_ERROR_LENGTH)).update() == 1;
    }

    public Optional<TrackingSubscription> find(String waybill) {
        return jdbc.sql("select " + COLUMNS + " from tracking_subscriptions where waybill = :waybill")
                .param("waybill", waybill).query(TrackingSubscriptions::map).optional();
    }

    /** Subscriptions in a status, oldest first. */
    public List<TrackingSubscription> list(SubscriptionStatus status, int limit) {
        return jdbc.sql("select " + COLUMNS + " from tracking_subscriptions where status = :status"
                        + " order by requested_at, waybill fetch first :limit rows only")
                .param("status", status.name())
                .param("limit", limit)
                .query(TrackingSubscriptions::map)
                .list();
    }

    private static TrackingSubscription map(ResultSet rs, int row) throws SQLException {
        String lastState = rs.getString("last_state");
        return new TrackingSubscription(rs.getString("waybill"), rs.getString("carrier"), rs.getString("order_code"),
                rs.getString("return_id"), SubscriptionStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                rs.getString("last_error"), rs.getObject("requested_at", OffsetDateTime.class),
                rs.getObject("next_attempt_at", OffsetDateTime.class),
                rs.getObject("subscribed_at", OffsetDateTime.class),
                rs.getObject("last_update_at", OffsetDateTime.class),
                lastState == null ? null : TrackingState.valueOf(lastState),
                rs.getObject("polled_at", OffsetDateTime.class), rs.getInt("silent_polls"),
                rs.getObject("next_poll_at", OffsetDateTime.class));
    }


}
