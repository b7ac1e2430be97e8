package io.returnflow.carrier.sandbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The sandbox carrier's table {@code sandbox_carrier_orders}. */
@Repository
@ConditionalOnProperty(name = "returnflow.carrier.sandbox.enabled", havingValue = "true")
public class SandboxCarrierOrders {

    private static final String COLUMNS = "order_code, return_id, shipper_code, request_payload, scenario, state, "
            + "logistic_code, booked_at, collected_at, signed_at, cancelled_at, next_event_at";

    private final JdbcClient jdbc;

    public SandboxCarrierOrders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new order; false when the order code is taken (order codes are never reused). */
    public boolean insert(SandboxOrder order) {
        if (find(order.orderCode()).isPresent()) {
            return false;
        }
        try {
            jdbc.sql("insert into sandbox_carrier_orders (" + COLUMNS + ") values (:orderCode, :returnId, "
                            + ":shipperCode, :payload, :scenario, :state, :logisticCode, :bookedAt, null, null, null, "
                            + ":nextEventAt)")
                    .param("orderCode", order.orderCode())
                    .param("returnId", order.returnId())
                    .param("shipperCode", order.shipperCode())
                    .param("payload", order.requestPayload())
                    .param("scenario", order.scenario().name())
                    .param("state", order.state().name())
                    .param("logisticCode", order.logisticCode())
                    .param("bookedAt", order.bookedAt())
                    .param("nextEventAt", order.nextEventAt())
                    .update();
            return true;
        } catch (DuplicateKeyException raceLost) {
            return false;
        }
    }

    public Optional<SandboxOrder> find(String orderCode) {
        return jdbc.sql("select " + COLUMNS + " from sandbox_carrier_orders where order_code = :code")
                .param("code", orderCode).query(SandboxCarrierOrders::map).optional();
    }

    public Optional<SandboxOrder> findByWaybill(String logisticCode) {
        return jdbc.sql("select " + COLUMNS + " from sandbox_carrier_orders where logistic_code = :code")
                .param("code", logisticCode).query(SandboxCarrierOrders::map).optional();
    }

    /** Orders whose next courier event is due, oldest first. */
    public List<SandboxOrder> due(OffsetDateTime now, int limit) {
        return jdbc.sql("select " + COLUMNS + " from sandbox_carrier_orders"
                        + " where state in ('BOOKED', 'COLLECTED') and next_event_at <= :now"
                        + " order by next_event_at, order_code fetch first :limit rows only")
                .param("now", now).param("limit", limit).query(SandboxCarrierOrders::map).list();
    }

    /** Gives the order its waybill, once; answers the waybill it has. */
    public String assignWaybill(String orderCode, String waybill) {
        jdbc.sql("update sandbox_carrier_orders set logistic_code = :waybill"
                        + " where order_code = :code and logistic_code is null")
                .param("waybill", waybill).param("code", orderCode).update();
        return find(orderCode).map(SandboxOrder::logisticCode).orElse(waybill);
    }

    /** The carrier changed the order's waybill (a retried change is a no-op). */
    public void replaceWaybill(String orderCode, String waybill, String replacement) {
        jdbc.sql("update sandbox_carrier_orders set logistic_code = :replacement"
                        + " where order_code = :code and logistic_code = :waybill")
                .param("replacement", replacement).param("code", orderCode).param("waybill", waybill).update();
    }

    public boolean collected(String orderCode, OffsetDateTime collectedAt, OffsetDateTime nextEventAt) {
        return jdbc.sql("update sandbox_carrier_orders set state = 'COLLECTED', collected_at = :at,"
                        + " next_event_at = :next where order_code = :code and state = 'BOOKED'")
                .param("at", collectedAt).param("next", nextEventAt).param("code", orderCode).update() == 1;
    }

    public boolean signed(String orderCode, OffsetDateTime signedAt) {
        return jdbc.sql("update sandbox_carrier_orders set state = 'SIGNED', signed_at = :at, next_event_at = null"
                        + " where order_code = :code and state = 'COLLECTED'")
                .param("at", signedAt).param("code", orderCode).update() == 1;
    }

    /** Cancels a booked order; false when it is not (or no longer) booked. */
    public boolean cancel(String orderCode, OffsetDateTime now) {
        return jdbc.sql("update sandbox_carrier_orders set state = 'CANCELLED', cancelled_at = :now,"
                        + " next_event_at = null where order_code = :code and state = 'BOOKED'")
                .param("now", now).param("code", orderCode).update() == 1;
    }

    /** Records a tracking subscription (1008); false when the waybill was subscribed to already. */
    public boolean subscribe(String logisticCode, String shipperCode, String orderCode, String callBack,
                             OffsetDateTime now) {
        if (isSubscribed(logisticCode)) {
            return false;
        }
        try {
            return jdbc.sql("insert into sandbox_tracking_subscriptions (logistic_code, shipper_code, order_code,"
                            + " callback, subscribed_at) values (:code, :shipper, :order, :callBack, :now)")
                    .param("code", logisticCode).param("shipper", shipperCode).param("order", orderCode)
                    .param("callBack", callBack).param("now", now)
                    .update() == 1;
        } catch (DuplicateKeyException raceLost) {
            return false;
        }
    }

    public boolean isSubscribed(String logisticCode) {
        return jdbc.sql("select count(*) from sandbox_tracking_subscriptions where logistic_code = :code")
                .param("code", logisticCode).query(Long.class).single() > 0;
    }

    /**
     * Subscribed orders whose tracking changed since it was last pushed (or was never pushed): collected
     * or signed, with another state than the one of their last pushed snapshot.
     */
    public List<SandboxOrder> trackingToPush(int limit) {
        return jdbc.sql("select " + prefixed("o.") + " from sandbox_carrier_orders o"
                        + " join sandbox_tracking_subscriptions s on s.logistic_code = o.logistic_code"
                        + " where o.state in ('COLLECTED', 'SIGNED')"
                        + " and (s.pushed_state is null or s.pushed_state <> o.state)"
                        + " order by s.subscribed_at, o.order_code fetch first :limit rows only")
                .param("limit", limit).query(SandboxCarrierOrders::map).list();
    }

    /**
     * Takes the courier's turn for {@code holder} until {@code until}, unless another holder's turn is still on.
     *
     * @return whether the turn is the holder's
     */
    public boolean takeCourierTurn(String holder, OffsetDateTime now, OffsetDateTime until) {
        return jdbc.sql("update sandbox_courier_turn set holder = :holder, held_until = :until"
                        + " where name = 'courier' and (held_until is null or held_until <= :now or holder = :holder)")
                .param("holder", holder).param("now", now).param("until", until).update() == 1;
    }

    /**
     * Extends the holder's turn until {@code until}, as long as it is still theirs: false once another holder took it
     * over (its lease ran out), even if that holder's turn has ended since.
     */
    public boolean renewCourierTurn(String holder, OffsetDateTime until) {
        return jdbc.sql("update sandbox_courier_turn set held_until = :until"
                        + " where name = 'courier' and holder = :holder")
                .param("holder", holder).param("until", until).update() == 1;
    }

    /** Ends the holder's turn; a turn another holder took over (the lease ran out) stays theirs. */
    public void endCourierTurn(String holder) {
        jdbc.sql("update sandbox_courier_turn set holder = null, held_until = null"
                        + " where name = 'courier' and holder = :holder")
                .param("holder", holder).update();
    }

    /** The snapshot of the waybill in this order state was pushed and acknowledged. */
    public void trackingPushed(String logisticCode, SandboxOrder.State state) {
        jdbc.sql("update sandbox_tracking_subscriptions set pushed_state = :state where logistic_code = :code")
                .param("state", state.name()).param("code", logisticCode).update();
    }

    private static String prefixed(String alias) {
        return alias + COLUMNS.replace(", ", ", " + alias);
    }

    private static SandboxOrder map(ResultSet rs, int row) throws SQLException {
        return new SandboxOrder(rs.getString("order_code"), rs.getString("return_id"), rs.getString("shipper_code"),
                rs.getString("request_payload"), SandboxScenario.valueOf(rs.getString("scenario")),
                SandboxOrder.State.valueOf(rs.getString("state")), rs.getString("logistic_code"),
                rs.getObject("booked_at", OffsetDateTime.class), rs.getObject("collected_at", OffsetDateTime.class),
                rs.getObject("signed_at", OffsetDateTime.class), rs.getObject("cancelled_at", OffsetDateTime.class),
                rs.getObject("next_event_at", OffsetDateTime.class));
    }
}
