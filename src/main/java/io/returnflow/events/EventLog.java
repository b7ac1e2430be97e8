package io.returnflow.events;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The merchant's event log ({@code return_events_outbox}) and its readers' places ({@code event_cursors}).
 * Rows are written unplaced; {@link #place} gives committed rows their place one transaction at a time, so that a
 * reader paging by place never passes a row that commits after it looked.
 */
@Repository
public class EventLog {

    private final JdbcClient jdbc;

    public EventLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void append(String id, String type, String returnId, String orderId, OffsetDateTime createdAt, String payload) {
        jdbc.sql("""
                        insert into return_events_outbox (id, type, return_id, order_id, created_at, payload)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(id, type, returnId, orderId, createdAt, payload)
                .update();
    }

    /**
     * Gives up to {@code batch} unplaced events their places, in the order they were written. Runs in the
     * caller's transaction, which holds the sequencer's row: one node places at a time.
     *
     * @return how many were placed
     */
    int place(int batch, OffsetDateTime now) {
        long last = lockPosition(EventSequencer.READER);
        List<String> ids = jdbc.sql("""
                        select id from return_events_outbox where position is null order by seq
                         fetch first ? rows only""")
                .param(batch)
                .query(String.class).list();
        for (String id : ids) {
            jdbc.sql("update return_events_outbox set position = ? where id = ?").params(++last, id).update();
        }
        if (!ids.isEmpty()) {
            movePosition(EventSequencer.READER, last, now);
        }
        return ids.size();
    }

    /** Events placed after {@code position}, in place order; {@code type} and {@code returnId} narrow when given. */
    public List<MerchantEvent> after(long position, int limit, String type, String returnId) {
        StringBuilder sql = new StringBuilder("""
                select id, position, type, return_id, order_id, created_at, payload from return_events_outbox
                 where position > :after""");
        if (type != null) {
            sql.append(" and type = :type");
        }
        if (returnId != null) {
            sql.append(" and return_id = :returnId");
        }
        sql.append(" order by position fetch first :limit rows only");
        var statement = jdbc.sql(sql.toString()).param("after", position).param("limit", limit);
        if (type != null) {
            statement = statement.param("type", type);
        }
        if (returnId != null) {
            statement = statement.param("returnId", returnId);
        }
        return statement.query((rs, n) -> new MerchantEvent(rs.getString("id"),
                rs.getLong("position"), rs.getString("type"), rs.getString("return_id"), rs.getString("order_id"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("payload"))).list();
    }

    /** One placed event; null when there is none (or it has no place yet). */
    public MerchantEvent find(String id) {
        return jdbc.sql("""
                        select id, position, type, return_id, order_id, created_at, payload from return_events_outbox
                         where id = ? and position is not null""")
                .param(id)
                .query((rs, n) -> new MerchantEvent(rs.getString("id"), rs.getLong("position"), rs.getString("type"),
                        rs.getString("return_id"), rs.getString("order_id"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getString("payload")))
                .optional().orElse(null);
    }

    /** The highest place given so far (0 when none): the sequencer's own place, one row. */
    public long lastPosition() {
        return jdbc.sql("select position from event_cursors where reader = ?").param(EventSequencer.READER)
                .query(Long.class).optional().orElse(0L);
    }

    /** Every reader's place, unlocked (to see who is behind). */
    Map<String, Long> positions() {
        Map<String, Long> places = new HashMap<>();
        jdbc.sql("select reader, position from event_cursors")
                .query(rs -> {
                    places.put(rs.getString("reader"), rs.getLong("position"));
                });
        return places;
    }

    /** Whether a written event waits for its place (unlocked: the sequencer then looks under its lock). */
    boolean anyUnplaced() {
        return jdbc.sql("select 1 from return_events_outbox where position is null fetch first 1 rows only")
                .query(Integer.class).optional().isPresent();
    }

    /** Creates a reader's place (at the log's start) unless it exists; in a transaction of its own. */
    void ensureReader(String reader, OffsetDateTime now) {
        try {
            jdbc.sql("""
                            insert into event_cursors (reader, position, updated_at)
                            select ?, 0, ? where not exists (select 1 from event_cursors where reader = ?)""")
                    .params(reader, now, reader)
                    .update();
        } catch (DuplicateKeyException createdByAnotherNode) {
            // the other node's row is the same row
        }
    }

    /** The reader's place, its row locked until the transaction ends: one node reads for a reader at a time. */
    long lockPosition(String reader) {
        return jdbc.sql("select position from event_cursors where reader = ? for update")
                .param(reader).query(Long.class).single();
    }

    void movePosition(String reader, long position, OffsetDateTime now) {
        jdbc.sql("update event_cursors set position = ?, updated_at = ? where reader = ?")
                .params(position, now, reader).update();
    }

    /** Where a reader stands (for operators and tests); -1 when it never read. */
    public long positionOf(String reader) {
        return jdbc.sql("select position from event_cursors where reader = ?").param(reader)
                .query(Long.class).optional().orElse(-1L);
    }
}
