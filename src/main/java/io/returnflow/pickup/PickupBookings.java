package io.returnflow.pickup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.carrier.TrackingState;
import io.returnflow.platform.Text;

/**
 * Carrier bookings of returns' home pickups ({@code pickup_bookings}). A store's consolidated shipment is
 * booked under its own order code and kept with the shipment ({@code store_shipments}), not here.
 */
@Repository
public class PickupBookings {

    /** Every order code this product books starts with it. */
    public static final String ORDER_CODE_PREFIX = "RF-";

    private static final int REF_LENGTH = 64;
    private static final int CARRIER_LENGTH = 16;

    private final JdbcClient jdbc;

    public PickupBookings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Booking booking) {
        jdbc.sql("""
                        insert into pickup_bookings (order_code, return_id, attempt, purpose, carrier, waybill,
                          window_start, window_end, status, tracking_state, booked_at, carrier_order_ref)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(booking.orderCode(), booking.returnId(), booking.attempt(), booking.purpose().name(),
                        booking.carrier(), booking.waybill(), booking.windowStart(), booking.windowEnd(),
                        booking.status().name(), booking.trackingState() == null ? null : booking.trackingState().name(),
                        booking.bookedAt(), Text.fit(booking.carrierOrderRef(), REF_LENGTH))
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

    /**
     * The home pickup that travels on this waybill now, for a carrier fact that names no order code. A
     * waybill the booking no longer travels on finds nothing.
     */
    public Optional<Booking> byWaybill(String waybill) {
        if (waybill == null || waybill.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select * from pickup_bookings where waybill = ? and purpose = ?
                        order by attempt desc limit 1""")
                .params(waybill.trim(), Purpose.HOME_PICKUP.name()).query(PickupBookings::map).optional();
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

    /** The carrier reported holding the parcel on this booking (the first report counts). */
    public void collected(String orderCode, String waybill, OffsetDateTime at) {
        jdbc.sql("""
                        update pickup_bookings set waybill = coalesce(waybill, ?), collected_at = coalesce(collected_at, ?)
                        where order_code = ?""")
                .params(waybill, at, orderCode).update();
    }

    /** The carrier took its collection back (a fake collection): nothing was collected on this booking. */
    public void collectionTakenBack(String orderCode) {
        jdbc.sql("update pickup_bookings set collected_at = null where order_code = ?").params(orderCode).update();
    }

    /**
     * The carrier changed the booking: its carrier, waybill or own order reference, each only when given
     * ({@code null} keeps it). A re-dispatch names a new carrier and possibly no waybill yet: its waybill is
     * then cleared, since the old one is the old carrier's.
     */
    public void amend(String orderCode, String carrier, String waybill, boolean clearWaybill, String carrierOrderRef) {
        jdbc.sql("""
                        update pickup_bookings set carrier = coalesce(?, carrier),
                          waybill = case when ? then ? else coalesce(?, waybill) end,
                          carrier_order_ref = coalesce(?, carrier_order_ref)
                        where order_code = ?""")
                .params(Text.fit(carrier, CARRIER_LENGTH), clearWaybill, waybill, waybill,
                        Text.fit(carrierOrderRef, REF_LENGTH), orderCode)
                .update();
    }

    /** The courier the carrier sent, and the code the buyer gives the courier; blank parts keep what was known. */
    public void courier(String orderCode, String name, String phone, String pickupCode) {
        jdbc.sql("""
                        update pickup_bookings set courier_name = coalesce(?, courier_name),
                          courier_phone = coalesce(?, courier_phone), pickup_code = coalesce(?, pickup_code)
                        where order_code = ?""")
                .params(Text.fit(Text.trimToNull(name), 64), Text.fit(Text.trimToNull(phone), 32),
                        Text.fit(Text.trimToNull(pickupCode), 32), orderCode)
                .update();
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
                rs.getObject("booked_at", OffsetDateTime.class), rs.getString("carrier_order_ref"),
                rs.getString("courier_name"), rs.getString("courier_phone"), rs.getString("pickup_code"),
                rs.getObject("collected_at", OffsetDateTime.class));
    }

    /**
     * Why the courier comes, as the {@code purpose} column keeps it: to the buyer's door, the only purpose
     * booked here.
     */
    public enum Purpose { HOME_PICKUP }

    public enum Status { BOOKED, CANCELLED }

    /**
     * @param carrierOrderRef the carrier's own reference of the order (Kdniao's KDNOrderCode), when it gave one
     * @param pickupCode      the code the buyer gives the courier at the door, when the carrier issued one
     * @param collectedAt     when the carrier reported holding the parcel; {@code null} while it has not (or
     *                        took a collection back)
     */
    public record Booking(String orderCode, String returnId, int attempt, Purpose purpose, String carrier,
                          String waybill, OffsetDateTime windowStart, OffsetDateTime windowEnd, Status status,
                          TrackingState trackingState, OffsetDateTime bookedAt, String carrierOrderRef,
                          String courierName, String courierPhone, String pickupCode, OffsetDateTime collectedAt) {

        /** A new booking, as the carrier answered it. */
        public Booking(String orderCode, String returnId, int attempt, Purpose purpose, String carrier,
                       String waybill, OffsetDateTime windowStart, OffsetDateTime windowEnd, Status status,
                       TrackingState trackingState, OffsetDateTime bookedAt, String carrierOrderRef) {
            this(orderCode, returnId, attempt, purpose, carrier, waybill, windowStart, windowEnd, status,
                    trackingState, bookedAt, carrierOrderRef, null, null, null, null);
        }

        public boolean isCollected() {
            return collectedAt != null;
        }

        /** Our order code: unique per attempt and never reused, even after a cancellation. */
        public static String orderCode(String returnId, int attempt) {
            return ORDER_CODE_PREFIX + returnId + "-" + attempt;
        }
    }
}
