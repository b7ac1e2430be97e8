package io.returnflow.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.platform.Text;

/**
 * The buyer's messages ({@code notifications}): written once per event and channel, then taken by one sender at a
 * time (a claim that moves {@code next_attempt_at} ahead, see {@link #claim}) until sent or refused.
 */
@Repository
class Notifications {

    /** Matches {@code notifications.last_error}. */
    private static final int MAX_ERROR = 1000;
    /** Matches {@code notifications.subject}: a rendered subject may be longer than its template. */
    static final int MAX_SUBJECT = 300;
    /** Matches {@code notifications.template_key}. */
    private static final int MAX_TEMPLATE_KEY = 64;

    private final JdbcClient jdbc;

    Notifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the message unless the event already has one on this channel; answers whether it did. */
    boolean insertIfAbsent(Notification n) {
        return jdbc.sql("""
                        insert into notifications (id, event_id, return_id, channel, template_key, template_version,
                          language, subject, body, params, status, attempts, next_attempt_at, last_error, created_at)
                        select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                         where not exists (select 1 from notifications where event_id = ? and channel = ?)""")
                .params(n.id(), n.eventId(), n.returnId(), n.channel().value(),
                        Text.fit(n.templateKey(), MAX_TEMPLATE_KEY), n.templateVersion(), n.language(),
                        Text.fit(n.subject(), MAX_SUBJECT), n.body(), n.params(), n.status().name(), n.attempts(),
                        n.nextAttemptAt(), n.lastError() == null ? null : Text.fit(n.lastError(), MAX_ERROR),
                        n.createdAt(), n.eventId(), n.channel().value())
                .update() == 1;
    }

    /** Up to {@code limit} messages due to be sent (or tried again) at {@code now}, the oldest first. */
    List<String> due(OffsetDateTime now, int limit) {
        return jdbc.sql("""
                        select id from notifications where status = 'PENDING' and next_attempt_at <= ?
                         order by next_attempt_at, id fetch first ? rows only""")
                .params(now, limit).query(String.class).list();
    }

    /**
     * Takes the message for this node until {@code until}, if it is still due: the conditional update lets one of
     * several nodes have it, and a node that dies mid-send leaves it to be tried again once the claim runs out.
     *
     * @return whether this node may send it
     */
    boolean claim(String id, OffsetDateTime now, OffsetDateTime until) {
        return jdbc.sql("""
                        update notifications set next_attempt_at = ?
                         where id = ? and status = 'PENDING' and next_attempt_at <= ?""")
                .params(until, id, now).update() == 1;
    }

    Optional<Notification> find(String id) {
        return jdbc.sql("select * from notifications where id = ?").param(id).query(Notifications::map).optional();
    }

    /** The provider took it. */
    void sent(String id, String providerMessageId, OffsetDateTime at) {
        jdbc.sql("""
                        update notifications set status = 'SENT', attempts = attempts + 1, sent_at = ?,
                          provider_message_id = ?, next_attempt_at = null, last_error = null
                         where id = ? and status = 'PENDING'""")
                .params(at, providerMessageId, id).update();
    }

    /** Not sent this time: tried again at {@code next}. */
    void retry(String id, String error, OffsetDateTime next) {
        jdbc.sql("""
                        update notifications set attempts = attempts + 1, last_error = ?, next_attempt_at = ?
                         where id = ? and status = 'PENDING'""")
                .params(Text.fit(error, MAX_ERROR), next, id).update();
    }

    /** Refused for good: never tried again. */
    void failed(String id, String reason) {
        jdbc.sql("""
                        update notifications set status = 'FAILED', attempts = attempts + 1, last_error = ?,
                          next_attempt_at = null
                         where id = ? and status = 'PENDING'""")
                .params(Text.fit(reason, MAX_ERROR), id).update();
    }

    /** The return's messages, oldest first. */
    List<Notification> ofReturn(String returnId) {
        return jdbc.sql("select * from notifications where return_id = ? order by created_at, id")
                .param(returnId).query(Notifications::map).list();
    }

    private static Notification map(ResultSet rs, int row) throws SQLException {
        int stored = rs.getInt("template_version");
        Integer version = rs.wasNull() ? null : stored;
        return new Notification(rs.getString("id"), rs.getString("event_id"), rs.getString("return_id"),
                NotificationChannel.of(rs.getString("channel")).orElseThrow(), rs.getString("template_key"),
                version, rs.getString("language"), rs.getString("subject"),
                rs.getString("body"), rs.getString("params"), Notification.Status.valueOf(rs.getString("status")),
                rs.getInt("attempts"), rs.getObject("next_attempt_at", OffsetDateTime.class),
                rs.getString("last_error"), rs.getString("provider_message_id"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("sent_at", OffsetDateTime.class));
    }
}
