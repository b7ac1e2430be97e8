package io.returnflow.returns;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import io.returnflow.platform.Text;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The journey's timeline ({@code GET /api/returns/{id}/timeline}): one row per thing that happened,
 * in the order it happened. Also the one log line per state change.
 */
@Repository
public class ReturnTimeline {

    /** Longest de-duplication key (column size). */
    private static final int MAX_KEY = 128;

    private static final Logger log = LoggerFactory.getLogger(ReturnTimeline.class);

    /** Matches {@code return_events.detail}. */
    private static final int DETAIL_LENGTH = 1000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final List<TimelineListener> listeners;

    @org.springframework.beans.factory.annotation.Autowired
    public ReturnTimeline(JdbcClient jdbc, Clock clock, List<TimelineListener> listeners) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
    }

    /** A timeline nobody else listens to (tests of one feature). */
    public ReturnTimeline(JdbcClient jdbc, Clock clock) {
        this(jdbc, clock, List.of());
    }

    public void record(String returnId, String type, String detail, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        insert(returnId, now, type, detail, actor, null);
    }

    /**
     * Records an event once: a second call with the same {@code dedupKey} for the return is ignored
     * (a carrier that pushes the same fact again adds nothing). Answers whether it was new.
     */
    public boolean recordOnce(String returnId, OffsetDateTime at, String type, String detail, String actor,
                              String dedupKey) {
        String key = fitKey(dedupKey);
        // the check is part of the insert (portable SQL: H2 as configured, and PostgreSQL); two transactions
        // recording the same key at once still meet on the unique index, as before
        boolean recorded = jdbc.sql("""
                        insert into return_events (return_id, at, type, detail, actor, dedup_key, recorded_at)
                        select ?, ?, ?, ?, ?, ?, ?
                         where not exists (select 1 from return_events where return_id = ? and dedup_key = ?)""")
                .params(returnId, at == null ? OffsetDateTime.now(clock) : at, type, Text.fit(detail, DETAIL_LENGTH),
                        actor, key, OffsetDateTime.now(clock), returnId, key)
                .update() > 0;
        if (recorded) {
            logRecorded(returnId, type, detail);
            tell(returnId, type, detail);
        }
        return recorded;
    }

    /** A key longer than its column is replaced by its SHA-256, so that it still tells events apart. */
    static String fitKey(String dedupKey) {
        if (dedupKey == null || dedupKey.length() <= MAX_KEY) {
            return dedupKey;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(dedupKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    public List<TimelineEvent> list(String returnId) {
        return jdbc.sql("""
                        select at, type, detail, actor from return_events where return_id = ?
                        order by at, id""")
                .param(returnId)
                .query((rs, n) -> new TimelineEvent(rs.getObject("at", OffsetDateTime.class), rs.getString("type"),
                        rs.getString("detail"), rs.getString("actor")))
                .list();
    }

    private void insert(String returnId, OffsetDateTime at, String type, String detail, String actor, String dedupKey) {
        jdbc.sql("""
                        insert into return_events (return_id, at, type, detail, actor, dedup_key, recorded_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(returnId, at, type, Text.fit(detail, DETAIL_LENGTH), actor, dedupKey, OffsetDateTime.now(clock))
                .update();
        logRecorded(returnId, type, detail);
        tell(returnId, type, detail);
    }

    /** In the recording transaction: what a listener writes commits or rolls back with the entry. */
    private void tell(String returnId, String type, String detail) {
        for (TimelineListener listener : listeners) {
            listener.recorded(returnId, type, detail);
        }
    }

    private static void logRecorded(String returnId, String type, String detail) {
        log.info("Return {}: {} {}", returnId, type, detail == null ? "" : detail);
    }

    /** One entry of the timeline. {@code type} is an upper-case event name such as {@code COLLECTED}. */
    @Schema(description = "Something that happened to a return.")
    public record TimelineEvent(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime at,
            @Schema(description = "What happened: `REQUESTED`, `PICKUP_BOOKED`, `COLLECTED`, `CHECKED_IN`, "
                    + "`SIGNED`, `INSPECTED`, `REFUNDED`, …", example = "PICKUP_BOOKED",
                    requiredMode = Schema.RequiredMode.REQUIRED) String type,
            @Schema(description = "In a sentence.") String detail,
            @Schema(description = "Who or what did it: a user id, or the journey.") String actor) {
    }
}
