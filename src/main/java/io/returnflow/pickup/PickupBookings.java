package io.returnflow.pickup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.carrier.TrackingState;

/**
 * Carrier bookings of returns' home pickups ({@code pickup_bookings}). A store's consolidated shipment is
 * booked under its own order code and kept with the shipment ({@code store_shipments}), not here.
 */
@Repository
public class PickupBookings {

    /** Every order code this product books starts with it. */
    public static final String ORDER_CODE_PREFIX = "RF-";

    private final JdbcClient jdbc;

    public PickupBookings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Booking booking) {
        jdbc.sql("""
                        insert into pickup_bookings (order_code, return_id, attempt, purpose, carrier, waybill,
                          window_start, window_end, status, tracking_state, booked_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(booking.orderCode(), booking.returnId(), booking.attempt(), booking.purpose().name(),
                        booking.carrier(), booking.waybill(), booking.windowStart(), booking.windowEnd(),
                        booking.status().name(), booking.trackingState() == null ? null : booking.trackingState().name(),
                        booking.bookedAt())
                .update();
    }

    public Optional<Booking> latest(String returnId, Purpose purpose) {
        return jdbc.sql("""
                        select * from pickup_bookings where return_id = ? and purpose = ?
                        order by attempt desc limit 1""")
                .params(returnId, purpose.name()).query(PickupBookings::map).optional();
    }

    /** Every booking of the return for that purpose, first attempt first. */
    public java.util.List<Booking> all(String returnId, Purpose purpose) {
        return jdbc.sql("select * from pickup_bookings where return_id = ? and purpose = ? order by attempt")
                .params(returnId, purpose.name()).query(PickupBookings::map).list();
    }

    /**
     * The home pickup with this order code. Rows an earlier version wrote for a parcel's own
     * store-to-warehouse leg (purpose {@code STORE_SHIPMENT}, before consolidated shipments) are not
     * pickups: they are not found here.
     */
    public Optional<Booking> find(String orderCode) {
        return jdbc.sql("select * from pickup_bookings where order_code = ? and purpose = ?")
                .params(orderCode, Purpose.HOME_PICKUP.name()).query(PickupBookings::map).optional();
    }

    public int attempts(String returnId, Purpose purpose) {
        return jdbc.sql("select coalesce(max(attempt), 0) from pickup_bookings where return_id = ? and purpose = ?")
                .params(returnId, purpose.name()).query(Integer.class).single();
    }

    /** Records what the carrier said: the waybill once it is known, the newest tracking state. */
    public void track(String orderCode, String waybill, TrackingState state) {
        jdbc.sql("""
                        update pickup_bookings set waybill = coalesce(waybill, ?), tracking_state = ?
                        where order_code = ?""")
                .params(waybill, state.name(), orderCode).update();
    }

    public void markCancelled(String orderCode, OffsetDateTime at) {
        jdbc.sql("update pickup_bookings set status = ?, cancelled_at = ? where order_code = ?")
                .params(Status.CANCELLED.name(), at, orderCode).update();
    }

    private static Booking map(ResultSet rs, int row) throws SQLException {
        String tracking = rs.getString("tracking_state");
        return new Booking(rs.getString("order_code"), rs.getString("return_id"), rs.getInt("attempt"),
                Purpose.valueOf(rs.getString("purpose")), rs.getString("carrier"), rs.getString("waybill"),
                rs.getObject("window_start", OffsetDateTime.class), rs.getObject("window_end", OffsetDateTime.class),
                Status.valueOf(rs.getString("status")), tracking == null ? null : TrackingState.valueOf(tracking),
                rs.getObject("booked_at", OffsetDateTime.class));
    }

    /**
     * Why the courier comes, as the {@code purpose} column keeps it: to the buyer's door, the only purpose
     * booked here.
     */
    public enum Purpose { HOME_PICKUP }

    public enum Status { BOOKED, CANCELLED }

    public record Booking(String orderCode, String returnId, int attempt, Purpose purpose, String carrier,
                          String waybill, OffsetDateTime windowStart, OffsetDateTime windowEnd, Status status,
                          TrackingState trackingState, OffsetDateTime bookedAt) {

        /** Our order code: unique per attempt and never reused, even after a cancellation. */
        public static String orderCode(String returnId, int attempt) {
            return ORDER_CODE_PREFIX + returnId + "-" + attempt;
        }
    }
}
