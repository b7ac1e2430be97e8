package io.returnflow.support;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.carrier.sandbox.SandboxOrder;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sandbox courier, stepped by the test. In the test profile it never moves on by itself (its
 * {@code collect-after} and {@code sign-after} lie beyond any test): a parcel is collected, or signed for at
 * the warehouse, when the test says so, and the application hears of it over the Kdniao webhooks as in a local
 * run.
 *
 * <p>Each step first waits, generously, until the application has recorded what comes before it (the booking
 * before a collection, the collection before a signature), and then for the next second to begin: a carrier
 * dates its events to the second, and an event dated within the second of what preceded it would be listed
 * before it on the timeline. So a step happens as a real courier's would, after the facts it follows.
 */
public final class Courier {

    /** The longest a booking (or a collection) may take to be recorded; waits end as soon as it is. */
    public static final Duration REACH = Duration.ofSeconds(120);

    /** Conditions on the application's booking record: booked (any record), collected (the push brings the waybill). */
    private static final String BOOKING = "";
    private static final String COLLECTION = " and waybill is not null";

    private final SandboxCourier courier;
    private final SandboxCarrierOrders orders;
    private final JdbcClient jdbc;

    public Courier(SandboxCourier courier, SandboxCarrierOrders orders, JdbcClient jdbc) {
        this.courier = courier;
        this.orders = orders;
        this.jdbc = jdbc;
    }

    /** The order of a home pickup's attempt: {@code RF-<return id>-<attempt>}. */
    public static String pickup(String returnId, int attempt) {
        return "RF-" + returnId + "-" + attempt;
    }

    /** The order of a store's consolidated shipment: {@code RF-<shipment id>}. */
    public static String shipment(String shipmentId) {
        return "RF-" + shipmentId;
    }

    /** Waits until the application has booked the order with the sandbox carrier, and has the courier collect it. */
    public void collect(String orderCode) {
        awaitSandbox(orderCode, SandboxOrder.State.BOOKED);
        awaitApplication(orderCode, "the booking", BOOKING);
        step(orderCode, SandboxOrder.State.COLLECTED);
    }

    /** Waits until the application has heard of the order's collection, and has the warehouse sign for it. */
    public void sign(String orderCode) {
        awaitSandbox(orderCode, SandboxOrder.State.COLLECTED);
        awaitApplication(orderCode, "the collection", COLLECTION);
        step(orderCode, SandboxOrder.State.SIGNED);
    }

    /** Collects the order, then has it signed for. */
    public void deliver(String orderCode) {
        collect(orderCode);
        sign(orderCode);
    }

    /**
     * Moves the courier on where it can, without waiting for anything: each order booked for the return (or
     * store shipment) that still moves on is collected once the application has recorded its booking, or
     * signed for once the application has heard of its collection.
     *
     * @return whether an order moved on
     */
    public boolean moveOn(String bookedFor) {
        boolean moved = false;
        for (String orderCode : jdbc.sql("select order_code from sandbox_carrier_orders where return_id = :id"
                        + " and state in ('BOOKED', 'COLLECTED') and next_event_at is not null order by order_code")
                .param("id", bookedFor).query(String.class).list()) {
            SandboxOrder.State state = orders.find(orderCode).map(SandboxOrder::state).orElse(null);
            if (state == SandboxOrder.State.BOOKED && recorded(orderCode, BOOKING)) {
                step(orderCode, SandboxOrder.State.COLLECTED);
                moved = true;
            } else if (state == SandboxOrder.State.COLLECTED && recorded(orderCode, COLLECTION)) {
                step(orderCode, SandboxOrder.State.SIGNED);
                moved = true;
            }
        }
        return moved;
    }

    private void awaitSandbox(String orderCode, SandboxOrder.State state) {
        Eventually.await("the sandbox order " + orderCode + " to be " + state, REACH,
                () -> orders.find(orderCode).map(SandboxOrder::state), found -> is(found, state));
    }

    private void awaitApplication(String orderCode, String what, String condition) {
        Eventually.await("the application to record " + what + " of " + orderCode, REACH,
                () -> recorded(orderCode, condition), Boolean::booleanValue);
    }

    /** Whether the application's booking record (a home pickup's, or a store shipment's) meets the condition. */
    private boolean recorded(String orderCode, String condition) {
        return jdbc.sql("select count(*) from pickup_bookings where order_code = :code" + condition)
                .param("code", orderCode).query(Long.class).single()
                + jdbc.sql("select count(*) from store_shipments where order_code = :code and booked_at is not null"
                        + condition)
                .param("code", orderCode).query(Long.class).single() > 0;
    }

    private void step(String orderCode, SandboxOrder.State to) {
        awaitNextSecond();
        SandboxOrder.State now = courier.step(orderCode);
        if (now != to) {
            throw new AssertionError("The sandbox courier left " + orderCode + " " + now + ", not " + to
                    + " (its scenario: " + orders.find(orderCode).map(SandboxOrder::scenario).orElse(null) + ")");
        }
    }

    private static void awaitNextSecond() {
        Instant next = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        long millis;
        while ((millis = Duration.between(Instant.now(), next).toMillis()) >= 0) {
            try {
                Thread.sleep(millis + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted");
            }
        }
    }

    private static boolean is(Optional<SandboxOrder.State> state, SandboxOrder.State expected) {
        return state.isPresent() && state.get() == expected;
    }
}
