package io.returnflow.operations;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.returns.Disposition;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnStatus;

/**
 * The figures operations watch, read from the features' tables (read only, portable SQL for H2 and
 * PostgreSQL). Each query reads an indexed status or key; none reads the processed history of the inbox.
 */
@Repository
class BusinessFigures {

    /** Tag value when a row names no carrier. */
    public static final String UNKNOWN_CARRIER = "unknown";

    private final JdbcClient jdbc;

    public BusinessFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many returns stand in each status; every status is present, zero when none does. */
    public Map<ReturnStatus, Long> returnsByStatus() {
        Map<ReturnStatus, Long> counts = new EnumMap<>(ReturnStatus.class);
        for (ReturnStatus status : ReturnStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.sql("select status, count(*) as returns from returns group by status")
                .query((rs, row) -> Map.entry(rs.getString("status"), rs.getLong("returns")))
                .list()
                .forEach(entry -> counts.put(ReturnStatus.valueOf(entry.getKey()), entry.getValue()));
        return counts;
    }

    /**
     * The carrier inbox entries that wait (PENDING) or were given up on (PARKED), per carrier and status, with
     * the oldest's waiting time. An entry's carrier is its shipment's: the home pickup or store shipment of its
     * order code, or the tracked waybill it names.
     */
    public List<InboxFigure> carrierInbox() {
        return jdbc.sql("""
                select carrier, status, count(*) as entries, min(pending_since) as oldest
                  from (select coalesce(pb.carrier, ss.carrier, ts.carrier, :unknown) as carrier, i.status,
                               i.pending_since
                          from carrier_inbox i
                          left join pickup_bookings pb on pb.order_code = i.order_code
                          left join store_shipments ss on ss.order_code = i.order_code
                          left join tracking_subscriptions ts on ts.waybill = i.order_code
                         where i.status in ('PENDING', 'PARKED')) waiting
                 group by carrier, status
                 order by carrier, status""")
                .param("unknown", UNKNOWN_CARRIER)
                .query((rs, row) -> new InboxFigure(rs.getString("carrier"), rs.getString("status"),
                        rs.getLong("entries"), rs.getObject("oldest", OffsetDateTime.class)))
                .list();
    }

    /** Tracking subscriptions given up on (PARKED, waiting for operations), per carrier. */
    public Map<String, Long> parkedSubscriptionsByCarrier() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("""
                select carrier, count(*) as subscriptions
                  from (select coalesce(carrier, :unknown) as carrier from tracking_subscriptions
                         where status = 'PARKED') parked
                 group by carrier""")
                .param("unknown", UNKNOWN_CARRIER)
                .query((rs, row) -> Map.entry(rs.getString("carrier"), rs.getLong("subscriptions")))
                .list()
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    /**
     * How many returned lines the warehouse recorded per disposition (by an inspector, or restocked unseen); every
     * disposition is present, zero when no line has it.
     */
    public Map<Disposition, Long> linesByDisposition() {
        Map<Disposition, Long> counts = new EnumMap<>(Disposition.class);
        for (Disposition disposition : Disposition.values()) {
            counts.put(disposition, 0L);
        }
        jdbc.sql("select disposition, count(*) as lines from line_dispositions group by disposition")
                .query((rs, row) -> Map.entry(rs.getString("disposition"), rs.getLong("lines")))
                .list()
                .forEach(entry -> counts.put(Disposition.valueOf(entry.getKey()), entry.getValue()));
        return counts;
    }

    /** When the return was requested, and how it comes back. */
    public Optional<RequestFacts> request(String returnId) {
        return jdbc.sql("select created_at, method, drop_off_store_id from returns where id = :id")
                .param("id", returnId)
                .query((rs, row) -> new RequestFacts(rs.getObject("created_at", OffsetDateTime.class),
                        ReturnMethod.valueOf(rs.getString("method")), rs.getString("drop_off_store_id")))
                .optional();
    }

    /** Where the return stands and where its refund does, if it has one. */
    public Optional<Outcome> outcome(String returnId) {
        return jdbc.sql("""
                select r.status, f.status as refund_status, f.amount as refund_amount, f.currency as refund_currency
                  from returns r left join refunds f on f.return_id = r.id
                 where r.id = :id""")
                .param("id", returnId)
                .query((rs, row) -> new Outcome(ReturnStatus.valueOf(rs.getString("status")),
                        rs.getString("refund_status"), rs.getBigDecimal("refund_amount"),
                        rs.getString("refund_currency")))
                .optional();
    }

    /**
     * @param refundStatus the ledger's status of the return's refund, {@code null} without one
     */
    public record Outcome(ReturnStatus status, String refundStatus, java.math.BigDecimal refundAmount,
                          String refundCurrency) {
    }

    /**
     * @param status PENDING or PARKED
     * @param oldest when the longest waiting of them started waiting
     */
    public record InboxFigure(String carrier, String status, long entries, OffsetDateTime oldest) {
    }

    /** @param storeId the drop-off store, {@code null} for a home pickup */
    public record RequestFacts(OffsetDateTime requestedAt, ReturnMethod method, String storeId) {
    }
}
