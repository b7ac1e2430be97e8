package io.returnflow.storeshipment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

import io.returnflow.support.MigratedDatabase;

/**
 * Joining a store's open shipment, on a real database: check-ins at one store at the same moment end in
 * one shipment with one process, and a parcel never rides in a shipment that had already closed. Run on
 * H2 and on PostgreSQL, whose locking differs.
 */
abstract class StoreShipmentJoinContract {

    private static final int ROUNDS = 10;

    ShipmentFixture f;
    private ExecutorService threads;

    protected abstract MigratedDatabase database();

    @BeforeEach
    void setUp() {
        f = new ShipmentFixture(database());
        threads = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void twoCheckInsAtOneStoreAtOnceEndInTheSameOpenShipmentWithOneProcess() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String store = "S-RACE-" + round;
            f.store(store, 10);
            f.checkedIn("R-" + round + "-A", store, 1, "MERCHANT");
            f.checkedIn("R-" + round + "-B", store, 1, "MERCHANT");

            List<StoreShipment> joined = atOnce(
                    () -> f.inTransaction(() -> f.consolidated.join("R-" + store.substring(7) + "-A")),
                    () -> f.inTransaction(() -> f.consolidated.join("R-" + store.substring(7) + "-B")));

            assertThat(joined.get(0).id()).as("round " + round).isEqualTo(joined.get(1).id());
            StoreShipment shipment = f.shipments.get(joined.get(0).id());
            assertThat(shipment.status()).isEqualTo(ShipmentStatus.OPEN);
            assertThat(shipment.parcels()).isEqualTo(2);
            assertThat(f.shipments.ofStore(store, 10)).hasSize(1);
            assertThat(f.process.started.stream().filter(shipment.id()::equals)).hasSize(1);
            assertThat(shipment.processInstanceId()).startsWith("PI-");
        }
        assertThat(f.process.started).hasSize(ROUNDS);
    }

    @Test
    void manyCheckInsAtOnceFillOneShipmentAndTellItOnceThatItIsFull() throws Exception {
        f.store("S-BUSY", 3);
        List<Callable<StoreShipment>> joins = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "R-BUSY-" + i;
            f.checkedIn(id, "S-BUSY", 1, "BUYER");
            joins.add(() -> f.inTransaction(() -> f.consolidated.join(id)));
        }

        List<StoreShipment> joined = atOnce(joins.toArray(Callable[]::new));

        Set<String> ids = new HashSet<>();
        joined.forEach(s -> ids.add(s.id()));
        assertThat(ids).hasSize(1);
        String shipmentId = ids.iterator().next();
        assertThat(f.shipments.returnIds(shipmentId)).hasSize(6);
        assertThat(f.process.started).containsExactly(shipmentId);
        assertThat(f.process.startedFull).containsExactly(false);
        // the third parcel fills it; the shipment hears so once and is gone from the gateway afterwards
        assertThat(f.process.told).containsExactly(f.shipments.get(shipmentId).processInstanceId() + " ShipmentFull");
    }

    @Test
    void aParcelCheckedInAfterTheShipmentClosedWaitsForTheNextOne() {
        f.store("S-NEXT", 5);
        f.checkedIn("R-FIRST", "S-NEXT", 1, "MERCHANT");
        f.checkedIn("R-LATE", "S-NEXT", 1, "MERCHANT");
        StoreShipment first = f.inTransaction(() -> f.consolidated.join("R-FIRST"));

        assertThat(f.inTransaction(() -> f.consolidated.close(first.id()))).containsExactly("R-FIRST");
        StoreShipment next = f.inTransaction(() -> f.consolidated.join("R-LATE"));

        assertThat(next.id()).isNotEqualTo(first.id());
        assertThat(f.shipments.get(first.id()).status()).isEqualTo(ShipmentStatus.CLOSED);
        assertThat(f.shipments.get(first.id()).closedAt()).isNotNull();
        assertThat(f.shipments.returnIds(first.id())).containsExactly("R-FIRST");
        assertThat(next.status()).isEqualTo(ShipmentStatus.OPEN);
        assertThat(f.process.started).containsExactly(first.id(), next.id());
        // newest first, as operations list them
        f.clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(f.shipments.ofStore("S-NEXT", 10)).extracting(StoreShipment::id).contains(first.id(), next.id());
    }

    @Test
    void closingWhileParcelsJoinNeverLeavesAParcelInAClosedShipmentItDidNotLeaveWith() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String store = "S-CLOSE-" + round;
            f.store(store, 10);
            f.checkedIn("R-C" + round + "-0", store, 1, "MERCHANT");
            f.checkedIn("R-C" + round + "-1", store, 1, "MERCHANT");
            StoreShipment open = f.inTransaction(() -> f.consolidated.join("R-C" + store.substring(8) + "-0"));
            String late = "R-C" + round + "-1";

            List<Object> outcomes = atOnce(
                    () -> f.inTransaction(() -> f.consolidated.close(open.id())),
                    () -> f.inTransaction(() -> f.consolidated.join(late)));

            @SuppressWarnings("unchecked")
            List<String> leftWith = (List<String>) outcomes.get(0);
            StoreShipment joined = (StoreShipment) outcomes.get(1);
            // what the shipment left with is exactly what rides in it, whoever won the race
            assertThat(f.shipments.returnIds(open.id())).as("round " + round)
                    .containsExactlyInAnyOrderElementsOf(leftWith);
            if (joined.id().equals(open.id())) {
                assertThat(leftWith).contains(late);
            } else {
                assertThat(leftWith).doesNotContain(late);
                assertThat(f.shipments.get(joined.id()).status()).isEqualTo(ShipmentStatus.OPEN);
            }
        }
    }

    @Test
    void joiningAgainFindsTheShipmentTheReturnRidesIn() {
        f.store("S-AGAIN", 3);
        f.checkedIn("R-AGAIN", "S-AGAIN", 1, "MERCHANT");

        StoreShipment first = f.inTransaction(() -> f.consolidated.join("R-AGAIN"));
        StoreShipment again = f.inTransaction(() -> f.consolidated.join("R-AGAIN"));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(f.shipments.returnIds(first.id())).containsExactly("R-AGAIN");
        assertThat(f.process.started).containsExactly(first.id());
        assertThat(f.timelineTypes("R-AGAIN").stream().filter("SHIPMENT_JOINED"::equals)).hasSize(1);
        // the return's view shows the shipment
        assertThat(f.codes.current("R-AGAIN").orElseThrow().shipmentId()).isEqualTo(first.id());
        assertThat(first.orderCode()).isEqualTo("RF-" + first.id()).startsWith("RF-SH-");
    }

    @Test
    void aStoreThatSendsEveryParcelAtOnceStartsTheShipmentFull() {
        f.store("S-SINGLE", 1);
        f.checkedIn("R-SINGLE", "S-SINGLE", 1, "MERCHANT");

        StoreShipment shipment = f.inTransaction(() -> f.consolidated.join("R-SINGLE"));

        assertThat(f.process.started).containsExactly(shipment.id());
        assertThat(f.process.startedFull).containsExactly(true);
        // a message cannot reach an instance started in the same transaction: none is sent
        assertThat(f.process.told).isEmpty();
    }

    @Test
    void theDatabaseRefusesASecondOpenShipmentOfAStore() {
        f.store("S-GUARD", 3);
        OffsetDateTime now = OffsetDateTime.now(f.clock);
        f.shipments.insertOpen("SH-GUARD1", "S-GUARD", "RF-SH-GUARD1", now);

        assertThatThrownBy(() -> f.shipments.insertOpen("SH-GUARD2", "S-GUARD", "RF-SH-GUARD2", now))
                .isInstanceOf(DuplicateKeyException.class);
        // once closed, the store may open its next one
        assertThat(f.shipments.close("SH-GUARD1", now)).isTrue();
        f.shipments.insertOpen("SH-GUARD2", "S-GUARD", "RF-SH-GUARD2", now);
        assertThat(f.shipments.open("S-GUARD").orElseThrow().id()).isEqualTo("SH-GUARD2");
    }

    /** Runs the tasks on threads released at the same moment; answers their results in order. */
    @SafeVarargs
    private <T> List<T> atOnce(Callable<? extends T>... tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(tasks.length);
        List<Future<? extends T>> futures = new ArrayList<>();
        for (Callable<? extends T> task : tasks) {
            futures.add(threads.submit(() -> {
                start.await(120, TimeUnit.SECONDS);
                return task.call();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<? extends T> future : futures) {
            results.add(future.get(120, TimeUnit.SECONDS));
        }
        return results;
    }
}
