package io.returnflow.events.webhooks;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.events.MerchantEvent;
import io.returnflow.platform.Text;

/**
 * One delivery per (endpoint, event) to make ({@code webhook_deliveries}) and every attempt made
 * ({@code webhook_delivery_attempts}). A delivery is due when its time came, its endpoint is enabled, and no
 * earlier delivery of the same return to the same endpoint is still pending: the merchant hears of a return's
 * events in the order they happened.
 */
@Repository
class WebhookDeliveries {

    static final String FEED = "feed";
    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final int MAX_ERROR_LENGTH = 500;

    /** Earlier (by place, then by row) pending deliveries of the same return to the same endpoint. */
    private static final String NO_EARLIER_PENDING = " " + """
            not exists (select 1 from webhook_deliveries p where p.endpoint_id = d.endpoint_id
                and p.return_id = d.return_id and p.status = 'PENDING'
                and (p.position < d.position or (p.position = d.position and p.id < d.id))) """;

    private final JdbcClient jdbc;

    WebhookDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A delivery of the event to every endpoint that wants its type, enabled or not (a disabled endpoint's wait).
     * Once per endpoint and event: a second fan-out of the same event adds nothing.
     *
     * @return how many deliveries it added
     */
    int fanOut(MerchantEvent event, OffsetDateTime now) {
        String needle = "%," + event.type().replace("!", "!!").replace("%", "!%").replace("_", "!_") + ",%";
        return jdbc.sql("""
                        insert into webhook_deliveries (endpoint_id, event_id, position, event_type, return_id, origin,
                            status, attempts, failures, next_attempt_at, created_at)
                        select e.id, :event, :position, :type, :returnId, 'feed', 'PENDING', 0, 0, :now, :now
                          from webhook_endpoints e
                         where (e.event_types = '*' or e.event_types like :needle escape '!')
                           and not exists (select 1 from webhook_deliveries x
                                            where x.endpoint_id = e.id and x.event_id = :event and x.origin = 'feed')""")
                .param("event", event.id()).param("position", event.position()).param("type", event.type())
                .param("returnId", event.returnId()).param("now", now).param("needle", needle)
                .update();
    }

    /**
     * New deliveries of these events to the endpoint (a replay: {@code origin} is the replay's id), due at once and
     * after any earlier pending delivery of their return.
     *
     * @return how many it added
     */
    int replay(String endpointId, List<MerchantEvent> events, String origin, OffsetDateTime now) {
        int added = 0;
        for (MerchantEvent event : events) {
            added += jdbc.sql("""
                            insert into webhook_deliveries (endpoint_id, event_id, position, event_type, return_id, origin,
                                status, attempts, failures, next_attempt_at, created_at)
                            values (?, ?, ?, ?, ?, ?, 'PENDING', 0, 0, ?, ?)""")
                    .params(endpointId, event.id(), event.position(), event.type(), event.returnId(), origin, now, now)
                    .update();
        }
        return added;
    }

    /** The placed events that happened from {@code from} up to {@code to}, of these types ({@code *}: any), in order. */
    List<MerchantEvent> eventsBetween(OffsetDateTime from, OffsetDateTime to, List<String> types, int limit) {
        boolean any = types.contains(WebhookEndpoint.ALL_TYPES);
        return jdbc.sql("select id, position, type, return_id, order_id, created_at, payload from return_events_outbox"
                        + " where position is not null and created_at >= :from and created_at < :to"
                        + (any ? "" : " and type in (:types)")
                        + " order by position fetch first :limit rows only")
                .param("from", from).param("to", to).param("limit", limit)
                .params(any ? Map.of() : Map.of("types", types))
                .query((rs, n) -> new MerchantEvent(rs.getString("id"), rs.getLong("position"), rs.getString("type"),
                        rs.getString("return_id"), rs.getString("order_id"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getString("payload")))
                .list();
    }

    /** A delivery to make, with what it sends. */
    record Due(long id, String endpointId, String url, String eventId, String eventType, String returnId,
               long position, int failures, OffsetDateTime firstFailedAt, String payload) {
    }

    /** Deliveries due at {@code now} (see the class), oldest due first. */
    List<Due> due(OffsetDateTime now, int limit) {
        return jdbc.sql("""
                        select d.id, d.endpoint_id, e.url, d.event_id, d.event_type, d.return_id, d.position, d.failures,
                               d.first_failed_at, o.payload
                          from webhook_deliveries d
                          join webhook_endpoints e on e.id = d.endpoint_id
                          join return_events_outbox o on o.id = d.event_id
                         where d.status = 'PENDING' and e.enabled = true and d.next_attempt_at <= :now and"""
                        + NO_EARLIER_PENDING + """
                         order by d.next_attempt_at, d.id fetch first :limit rows only""")
                .param("now", now).param("limit", limit)
                .query((rs, n) -> new Due(rs.getLong("id"), rs.getString("endpoint_id"), rs.getString("url"),
                        rs.getString("event_id"), rs.getString("event_type"), rs.getString("return_id"),
                        rs.getLong("position"), rs.getInt("failures"),
                        rs.getObject("first_failed_at", OffsetDateTime.class), rs.getString("payload")))
                .list();
    }

    /**
     * Takes the delivery for this node until {@code until}: its next attempt moves there, so another node that read
     * it as due finds it taken (the update's condition is checked again on the row as the first node left it). A
     * node that stops mid-call leaves it to be sent again then. Checked again as well: no earlier delivery of its
     * return became pending since it was read (a replay).
     *
     * @return whether this node may send it
     */
    boolean claim(long id, OffsetDateTime now, OffsetDateTime until) {
        return jdbc.sql("update webhook_deliveries d set next_attempt_at = :until"
                        + " where d.id = :id and d.status = 'PENDING' and d.next_attempt_at <= :now and"
                        + NO_EARLIER_PENDING)
                .param("id", id).param("now", now).param("until", until).update() == 1;
    }

    /** The receiver acknowledged it (2xx). */
    void delivered(long id, OffsetDateTime now) {
        jdbc.sql("""
                        update webhook_deliveries set status = 'DELIVERED', delivered_at = ?, attempts = attempts + 1,
                            failures = 0, first_failed_at = null where id = ?""")
                .params(now, id).update();
    }

    /** It failed: tried again at {@code next}. */
    void failed(long id, OffsetDateTime firstFailedAt, OffsetDateTime next) {
        jdbc.sql("""
                        update webhook_deliveries set attempts = attempts + 1, failures = failures + 1,
                            first_failed_at = ?, next_attempt_at = ? where id = ? and status = 'PENDING'""")
                .params(firstFailedAt, next, id).update();
    }

    /** The endpoint said it is gone (410): the delivery waits, due as soon as the endpoint is enabled again. */
    void gone(long id, OffsetDateTime now) {
        jdbc.sql("update webhook_deliveries set attempts = attempts + 1, next_attempt_at = ? where id = ?")
                .params(now, id).update();
    }

    /** How many deliveries wait for the endpoint. */
    long pendingCount(String endpointId) {
        return jdbc.sql("select count(*) from webhook_deliveries where endpoint_id = ? and status = 'PENDING'")
                .param(endpointId).query(Long.class).single();
    }

    void attempt(long deliveryId, OffsetDateTime at, Integer httpStatus, String error, long latencyMs,
                 String snippet) {
        jdbc.sql("""
                        insert into webhook_delivery_attempts (delivery_id, attempted_at, http_status, error, latency_ms,
                            response_snippet) values (?, ?, ?, ?, ?, ?)""")
                .param(1, deliveryId).param(2, at).param(3, httpStatus, java.sql.Types.INTEGER)
                .param(4, Text.fit(error, MAX_ERROR_LENGTH), java.sql.Types.VARCHAR).param(5, latencyMs)
                .param(6, Text.fit(snippet, MAX_ERROR_LENGTH), java.sql.Types.VARCHAR)
                .update();
    }

    /** One attempt, as the delivery log shows it. */
    record Attempt(OffsetDateTime at, Integer httpStatus, String error, long latencyMs, String responseSnippet) {
    }

    /** One delivery, as the delivery log shows it. */
    record Logged(long id, String eventId, String eventType, String returnId, long position, String origin,
                  String status, int attempts, OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt,
                  OffsetDateTime createdAt, List<Attempt> attemptLog) {
    }

    /** The endpoint's deliveries after {@code afterId} (0: from the first), oldest first. */
    List<Logged> log(String endpointId, String status, long afterId, int limit) {
        List<Logged> rows = jdbc.sql("select id, event_id, event_type, return_id, position, origin, status, attempts,"
                        + " next_attempt_at, delivered_at, created_at from webhook_deliveries"
                        + " where endpoint_id = :endpoint and id > :after"
                        + (status == null ? "" : " and status = :status")
                        + " order by id fetch first :limit rows only")
                .param("endpoint", endpointId).param("after", afterId).param("limit", limit)
                .params(status == null ? Map.of() : Map.of("status", status))
                .query((rs, n) -> new Logged(rs.getLong("id"), rs.getString("event_id"), rs.getString("event_type"),
                        rs.getString("return_id"), rs.getLong("position"), rs.getString("origin"),
                        rs.getString("status"), rs.getInt("attempts"),
                        rs.getObject("next_attempt_at", OffsetDateTime.class),
                        rs.getObject("delivered_at", OffsetDateTime.class),
                        rs.getObject("created_at", OffsetDateTime.class), List.of()))
                .list();
        Map<Long, Logged> withAttempts = new LinkedHashMap<>();
        for (Logged row : rows) {
            List<Attempt> attempts = jdbc.sql("""
                            select attempted_at, http_status, error, latency_ms, response_snippet
                              from webhook_delivery_attempts where delivery_id = ? order by id""")
                    .param(row.id())
                    .query((rs, n) -> new Attempt(rs.getObject("attempted_at", OffsetDateTime.class),
                            (Integer) rs.getObject("http_status"), rs.getString("error"), rs.getLong("latency_ms"),
                            rs.getString("response_snippet")))
                    .list();
            withAttempts.put(row.id(), new Logged(row.id(), row.eventId(), row.eventType(), row.returnId(),
                    row.position(), row.origin(), row.status(), row.attempts(),
                    row.status().equals(PENDING) ? row.nextAttemptAt() : null, row.deliveredAt(), row.createdAt(),
                    attempts));
        }
        return List.copyOf(withAttempts.values());
    }
}
