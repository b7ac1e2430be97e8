package io.returnflow.storeshipment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.carrier.TrackingState;
import io.returnflow.platform.Text;
import io.returnflow.returns.CarrierLeg;
import io.returnflow.returns.CarrierLegs;

/**
 * Stores' consolidated shipments ({@code store_shipments}) and the returns in them
 * ({@code store_shipment_returns}). Portable SQL (H2 and PostgreSQL).
 *
 * <p>Who may join or close a store's open shipment is decided under the lock of the store's row
 * ({@link #lockStore}): a join and a close of the same store never interleave, so a parcel either makes
 * it into the shipment before it closes or waits for the next one. The unique {@code open_for_store}
 * column backs this up: a second open shipment of a store cannot be written.
 */
@Repository
@Order(CarrierLegs.LATER_LEG)
class StoreShipments implements CarrierLegs {

    private static final String COLUMNS = "s.id, s.store_id, s.status, s.order_code, s.carrier, s.waybill, "
            + "s.tracking_state, s.window_start, s.window_end, s.opened_at, s.closed_at, s.booked_at, s.signed_at, "
            + "s.lost_at, s.process_instance_id, s.collected_at, "
            + "(select count(*) from store_shipment_returns r where r.shipment_id = s.id) as parcels";

    private final JdbcClient jdbc;

    public StoreShipments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the store's row until the caller's transaction ends; concurrent joins and closes of the same
     * store wait here for each other.
     *
     * @return false when there is no such store
     */
    public boolean lockStore(String storeId) {
        return !jdbc.sql("select id from stores where id = ? for update").param(storeId).query(String.class)
                .list().isEmpty();
    }

    /** The store's open shipment, if any. */
    public Optional<StoreShipment> open(String storeId) {
        return jdbc.sql("select " + COLUMNS + " from store_shipments s where s.open_for_store = ?").param(storeId)
                .query(StoreShipments::map).optional();
    }

    /** Writes a new OPEN shipment; fails (duplicate key) when the store already has an open one. */
    public void insertOpen(String id, String storeId, String orderCode, OffsetDateTime at) {
        jdbc.sql("""
                        insert into store_shipments (id, store_id, status, open_for_store, order_code, opened_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(id, storeId, ShipmentStatus.OPEN.name(), storeId, orderCode, at)
                .update();
    }

    public void processStarted(String id, String processInstanceId) {
        jdbc.sql("update store_shipments set process_instance_id = ? where id = ?").params(processInstanceId, id)
                .update();
    }

    /** Puts the return in the shipment; a return rides in one shipment only (unique return id). */
    public void addReturn(String shipmentId, String returnId, OffsetDateTime at) {
        jdbc.sql("insert into store_shipment_returns (shipment_id, return_id, joined_at) values (?, ?, ?)")
                .params(shipmentId, returnId, at).update();
    }

    /** The shipment the return rides in, if it joined one. */
    public Optional<StoreShipment> ofReturn(String returnId) {
        return jdbc.sql("select " + COLUMNS + " from store_shipments s join store_shipment_returns j"
                        + " on j.shipment_id = s.id where j.return_id = ?")
                .param(returnId).query(StoreShipments::map).optional();
    }

    public Optional<StoreShipment> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from store_shipments s where s.id = ?").param(id)
                .query(StoreShipments::map).optional();
    }

    public StoreShipment get(String id) {
        return find(id).orElseThrow(() -> new IllegalStateException("No store shipment " + id));
    }

    public Optional<StoreShipment> byOrderCode(String orderCode) {
        return jdbc.sql("select " + COLUMNS + " from store_shipments s where s.order_code = ?").param(orderCode)
                .query(StoreShipments::map).optional();
    }

    public Optional<StoreShipment> byWaybill(String waybill) {
        return jdbc.sql("select " + COLUMNS + " from store_shipments s where s.waybill = ?").param(waybill)
                .query(StoreShipments::map).optional();
    }

    /** The store's shipments, newest first. */
    public List<StoreShipment> ofStore(String storeId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from store_shipments s where s.store_id = ?"
                        + " order by s.opened_at desc, s.id desc fetch first ? rows only")
                .params(storeId, limit).query(StoreShipments::map).list();
    }

    /** The ids of the returns in the shipment, in the order they joined. */
    public List<String> returnIds(String shipmentId) {
        return jdbc.sql("select return_id from store_shipment_returns where shipment_id = ? order by joined_at, return_id")
                .param(shipmentId).query(String.class).list();
    }

    public int parcels(String shipmentId) {
        return jdbc.sql("select count(*) from store_shipment_returns where shipment_id = ?").param(shipmentId)
                .query(Integer.class).single();
    }

    /**
     * Closes the shipment if it is still open (the caller holds the store's lock).
     *
     * @return whether this call closed it
     */
    public boolean close(String id, OffsetDateTime at) {
        return jdbc.sql("""
                        update store_shipments set status = ?, open_for_store = null, closed_at = ?
                        where id = ? and status = ?""")
                .params(ShipmentStatus.CLOSED.name(), at, id, ShipmentStatus.OPEN.name()).update() == 1;
    }

    /** The courier is booked; the waybill when the carrier named one. */
    public void booked(String id, String carrier, String waybill, OffsetDateTime windowStart, OffsetDateTime windowEnd,
                       OffsetDateTime at) {
        jdbc.sql("""
                        update store_shipments set status = ?, carrier = ?, waybill = ?, tracking_state = ?,
                          window_start = ?, window_end = ?, booked_at = ?
                        where id = ? and status = ?""")
                .params(ShipmentStatus.BOOKED.name(), carrier, waybill, TrackingState.BOOKED.name(), windowStart,
                        windowEnd, at, id, ShipmentStatus.CLOSED.name())
                .update();
    }

    /** What the carrier said: the waybill once it is known, the newest tracking state. */
    public void track(String id, String waybill, TrackingState state) {
        jdbc.sql("update store_shipments set waybill = coalesce(waybill, ?), tracking_state = ? where id = ?")
                .params(waybill, state.name(), id).update();
    }

    /** The carrier reported holding the shipment (the first report counts). */
    public void collected(String id, String waybill, OffsetDateTime at) {
        jdbc.sql("update store_shipments set waybill = coalesce(waybill, ?), collected_at = coalesce(collected_at, ?)"
                        + " where id = ?")
                .params(waybill, at, id).update();
    }

    /** The carrier took its collection back (a fake collection). */
    public void collectionTakenBack(String id) {
        jdbc.sql("update store_shipments set collected_at = null where id = ?").params(id).update();
    }

    /**
     * The carrier changed the shipment's booking: its carrier, waybill or own order reference, each only
     * when given ({@code null} keeps it); a re-dispatch without a new waybill clears the old carrier's.
     */
    public void amend(String id, String carrier, String waybill, boolean clearWaybill, String carrierOrderRef) {
        jdbc.sql("""
                        update store_shipments set carrier = coalesce(?, carrier),
                          waybill = case when ? then ? else coalesce(?, waybill) end,
                          carrier_order_ref = coalesce(?, carrier_order_ref)
                        where id = ?""")
                .params(Text.fit(carrier, 16), clearWaybill, waybill, waybill, Text.fit(carrierOrderRef, 64), id)
                .update();
    }

    /** Signed at the warehouse: from BOOKED, or from LOST when it turned up after all. */
    public boolean signed(String id, OffsetDateTime at) {
        return jdbc.sql("update store_shipments set status = ?, signed_at = ? where id = ? and status in (?, ?)")
                .params(ShipmentStatus.SIGNED.name(), at, id, ShipmentStatus.BOOKED.name(), ShipmentStatus.LOST.name())
                .update() == 1;
    }

    public boolean lost(String id, OffsetDateTime at) {
        return jdbc.sql("update store_shipments set status = ?, lost_at = ? where id = ? and status = ?")
                .params(ShipmentStatus.LOST.name(), at, id, ShipmentStatus.BOOKED.name()).update() == 1;
    }

    /** The carrier leg of a return that rode in a store's shipment: the shipment's, once it is booked. */
    @Override
    public Optional<CarrierLeg> legOf(String returnId) {
        return ofReturn(returnId).filter(s -> s.bookedAt() != null)
                .map(s -> new CarrierLeg(s.orderCode(), s.carrier(), s.waybill(),
                        s.trackingState() == null ? null : s.trackingState().name()));
    }

    private static StoreShipment map(ResultSet rs, int row) throws SQLException {
        String tracking = rs.getString("tracking_state");
        return new StoreShipment(rs.getString("id"), rs.getString("store_id"),
                ShipmentStatus.valueOf(rs.getString("status")), rs.getString("order_code"), rs.getString("carrier"),
                rs.getString("waybill"), tracking == null ? null : TrackingState.valueOf(tracking),
                rs.getObject("window_start", OffsetDateTime.class), rs.getObject("window_end", OffsetDateTime.class),
                rs.getObject("opened_at", OffsetDateTime.class), rs.getObject("closed_at", OffsetDateTime.class),
                rs.getObject("booked_at", OffsetDateTime.class), rs.getObject("signed_at", OffsetDateTime.class),
                rs.getObject("lost_at", OffsetDateTime.class), rs.getString("process_instance_id"),
                rs.getInt("parcels"), rs.getObject("collected_at", OffsetDateTime.class));
    }
}
