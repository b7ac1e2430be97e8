package io.returnflow.inspection;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.returns.Disposition;

/**
 * What the warehouse does with each returned line ({@code line_dispositions}): one row per line, written once. The
 * return's view reads it; {@link Dispositions} writes it.
 */
@Repository
public class LineDispositions {

    private final JdbcClient jdbc;

    public LineDispositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Who decided a line's disposition. */
    public enum Source {
        /** An inspector chose it in "Inspect returned items". */
        INSPECTION,
        /**
         * Nobody inspected the line by hand and no rule of the analysts' table {@code return-disposition} answered
         * for it: it is restocked.
         */
        DEFAULT,
        /** Nobody inspected the line by hand: a rule of the analysts' table {@code return-disposition} decided. */
        POLICY
    }

    /** A line's recorded disposition. */
    public record Recorded(String lineId, Disposition disposition, Source source, String recordedBy,
                           OffsetDateTime recordedAt) {
    }

    /**
     * Stores the line's disposition unless it has one: the first record stands.
     *
     * @return whether it was stored now
     */
    boolean insertOnce(String returnId, String lineId, Disposition disposition, Source source, String by,
                       OffsetDateTime at) {
        // the check is part of the insert (portable SQL); two transactions at once meet on the primary key
        return jdbc.sql("""
                        insert into line_dispositions (return_id, line_id, disposition, source, recorded_by, recorded_at)
                        select ?, ?, ?, ?, ?, ?
                         where not exists (select 1 from line_dispositions where return_id = ? and line_id = ?)""")
                .params(returnId, lineId, disposition.name(), source.name(), by, at, returnId, lineId)
                .update() > 0;
    }

    /** The return's recorded dispositions by line id, in line order; lines not dispositioned yet are absent. */
    public Map<String, Recorded> of(String returnId) {
        Map<String, Recorded> byLine = new LinkedHashMap<>();
        jdbc.sql("select * from line_dispositions where return_id = ? order by line_id").param(returnId)
                .query((rs, n) -> new Recorded(rs.getString("line_id"), Disposition.valueOf(rs.getString("disposition")),
                        Source.valueOf(rs.getString("source")), rs.getString("recorded_by"),
                        rs.getObject("recorded_at", OffsetDateTime.class)))
                .list()
                .forEach(recorded -> byLine.put(recorded.lineId(), recorded));
        return byLine;
    }
}
