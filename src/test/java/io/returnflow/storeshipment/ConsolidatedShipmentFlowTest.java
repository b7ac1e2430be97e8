package io.returnflow.storeshipment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.carrier.PickupRequest;
import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.tracking.TrackingSubscriptions;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.TrackingUpdateHandler.Outcome;
import io.returnflow.pickup.PickupBookings;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnStatus;
import io.returnflow.journey.ReturnTracking;
import io.returnflow.settlement.FreightLedger;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.journey.CarrierUpdateRouter;

/**
 * A consolidated shipment from booking to the warehouse (or to the lost-parcel path), on H2 with the real
 * repositories, timeline, carrier booker and freight ledger: one courier for all parcels, one ledger
 * entry shared out to the cent, the carrier's tracking on every return's timeline, and each return
 * received (or handed on) once.
 */
class ConsolidatedShipmentFlowTest {

    private final ShipmentFixture f = new ShipmentFixture(MigratedDatabase.migrated());
    private final TrackingSubscriptions subscriptions = new TrackingSubscriptions(f.db.jdbc(), f.db.dataSource());
    private final ShipmentTracking tracking = new ShipmentTracking(f.shipments, f.process, f.consolidated, f.timeline,
            f.ledger, subscriptions);
    private StoreShipment shipment;

    @BeforeEach
    void threeParcelsWaitAtTheStore() {
        f.store("S-BOOK", 3);
        f.checkedIn("R-ONE", "S-BOOK", 1, "MERCHANT");
        f.checkedIn("R-TWO", "S-BOOK", 2, "BUYER");
        f.checkedIn("R-THREE", "S-BOOK", 3, "MERCHANT");
        for (String id : List.of("R-ONE", "R-TWO", "R-THREE")) {
            f.clock.advance(java.time.Duration.ofMinutes(5));
            shipment = f.inTransaction(() -> f.consolidated.join(id));
        }
        // the third parcel filled it
        assertThat(f.process.told).containsExactly(shipment.processInstanceId() + " ShipmentFull");
        f.process.told.clear();
        f.inTransaction(() -> f.consolidated.close(shipment.id()));
    }

    @Test
    void oneCourierCollectsEveryParcelAtTheStoreUnderTheShipmentsOwnOrderCode() {
        StoreShipment booked = f.inTransaction(() -> f.consolidated.book(shipment.id()));

        assertThat(f.carrier.booked).hasSize(1);
        PickupRequest request = f.carrier.booked.get(0);
        assertThat(request.orderCode()).isEqualTo(shipment.orderCode()).startsWith("RF-SH-");
        // the carrier echoes the shipment's id in every push about it
        assertThat(request.returnId()).isEqualTo(shipment.id());
        assertThat(request.sender().name()).isEqualTo("Store S-BOOK");
        assertThat(request.sender().address()).isEqualTo("科技园 S-BOOK");
        assertThat(request.receiver().name()).isEqualTo("Warehouse");
        assertThat(request.commodities()).extracting(PickupRequest.Commodity::name)
                .containsExactly("T 恤 R-ONE", "T 恤 R-TWO", "T 恤 R-THREE");
        assertThat(request.quantity()).isEqualTo(6);
        assertThat(request.weightKg()).isEqualByComparingTo("3.0");
        assertThat(request.remark()).contains("S-BOOK").contains(shipment.id());
        assertThat(request.windowStart()).isAfter(OffsetDateTime.now(f.clock));

        assertThat(booked.status()).isEqualTo(ShipmentStatus.BOOKED);
        assertThat(booked.carrier()).isEqualTo("SF");
        assertThat(booked.trackingState()).isEqualTo(TrackingState.BOOKED);
        assertThat(booked.bookedAt()).isNotNull();
        for (String id : List.of("R-ONE", "R-TWO", "R-THREE")) {
            assertThat(f.timelineTypes(id)).containsSubsequence("SHIPMENT_JOINED", "SHIPMENT_BOOKED");
        }
        // a retried step books nothing more
        f.inTransaction(() -> f.consolidated.book(shipment.id()));
        assertThat(f.carrier.booked).hasSize(1);
    }

    @Test
    void theFreightLedgerGetsOneEntrySharedOutOverTheReturnsToTheCent() {
        f.inTransaction(() -> f.consolidated.book(shipment.id()));
        f.inTransaction(() -> f.consolidated.book(shipment.id()));

        FreightLedger.Entry entry = f.ledger.find(shipment.orderCode()).orElseThrow();
        // 3 kg at the store rate: 8.00 for the first kilogram, 1.00 for each further one
        assertThat(entry.expectedAmount()).isEqualByComparingTo("10.00");
        assertThat(entry.rateRule()).isNotEqualTo("as quoted");
        // shares by weight (0.5, 1.0, 1.5 kg): 1.666…, 3.333…, 5.00; the cent left over goes to the largest remainder
        assertThat(entry.returns()).extracting(FreightLedger.Allocation::returnId, a -> a.amount().toPlainString(),
                        FreightLedger.Allocation::payer)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("R-ONE", "1.67", "MERCHANT"),
                        org.assertj.core.groups.Tuple.tuple("R-TWO", "3.33", "BUYER"),
                        org.assertj.core.groups.Tuple.tuple("R-THREE", "5.00", "MERCHANT"));
        assertThat(entry.returns().stream().map(FreightLedger.Allocation::amount).reduce(BigDecimal.ZERO,
                BigDecimal::add)).isEqualByComparingTo(entry.expectedAmount());
        assertThat(f.db.jdbc().sql("select count(*) from freight_ledger").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void theCarriersTrackingGoesOnEveryReturnsTimelineOnceAndTheWaybillEverywhere() {
        f.inTransaction(() -> f.consolidated.book(shipment.id()));
        TrackingUpdate collected = update(shipment.orderCode(), "SB0000000001", TrackingState.COLLECTED);

        assertThat(f.inTransaction(() -> tracking.apply(collected))).isInstanceOf(Outcome.Applied.class);
        assertThat(f.inTransaction(() -> tracking.apply(collected))).isInstanceOf(Outcome.Applied.class);

        StoreShipment now = f.shipments.get(shipment.id());
        assertThat(now.waybill()).isEqualTo("SB0000000001");
        assertThat(now.trackingState()).isEqualTo(TrackingState.COLLECTED);
        assertThat(now.status()).isEqualTo(ShipmentStatus.BOOKED);
        assertThat(f.ledger.find(shipment.orderCode()).orElseThrow().waybill()).isEqualTo("SB0000000001");
        for (String id : List.of("R-ONE", "R-TWO", "R-THREE")) {
            assertThat(f.timelineTypes(id).stream().filter("TRACKING_COLLECTED"::equals)).as(id).hasSize(1);
            assertThat(f.returns.get(id).status()).isEqualTo(ReturnStatus.IN_TRANSIT);
        }
        // an older state arriving late does not move the shipment back
        f.inTransaction(() -> tracking.apply(update(shipment.orderCode(), null, TrackingState.COURIER_ASSIGNED)));
        assertThat(f.shipments.get(shipment.id()).trackingState()).isEqualTo(TrackingState.COLLECTED);
        assertThat(f.process.told).isEmpty();
    }

    @Test
    void theSignatureTellsTheShipmentWhichReceivesEveryReturnOnce() {
        f.inTransaction(() -> f.consolidated.book(shipment.id()));
        for (String id : List.of("R-ONE", "R-TWO", "R-THREE")) {
            f.journey.waits(id, ReturnJourney.MSG_PARCEL_SIGNED, ReturnJourney.MSG_PARCEL_LOST);
        }

        Outcome signed = f.inTransaction(() -> tracking.apply(update(shipment.orderCode(), "SB1", TrackingState.SIGNED)));

        assertThat(signed).isInstanceOf(Outcome.Applied.class);
        StoreShipment now = f.shipments.get(shipment.id());
        assertThat(now.status()).isEqualTo(ShipmentStatus.SIGNED);
        assertThat(now.signedAt()).isNotNull();
        assertThat(f.process.told).containsExactly(now.processInstanceId() + " ShipmentSigned");
        // the same push again changes nothing
        f.inTransaction(() -> tracking.apply(update(shipment.orderCode(), "SB1", TrackingState.SIGNED)));
        assertThat(f.process.told).hasSize(1);

        f.inTransaction(() -> {
            f.consolidated.receive(shipment.id(), OffsetDateTime.now(f.clock));
            return null;
        });
        assertThat(f.journey.told).containsExactlyInAnyOrder("R-ONE ParcelSigned", "R-TWO ParcelSigned",
                "R-THREE ParcelSigned");
        for (String id : List.of("R-ONE", "R-TWO", "R-THREE")) {
            assertThat(f.returns.get(id).status()).isEqualTo(ReturnStatus.RECEIVED);
        }
        // a retried step receives nobody twice
        f.inTransaction(() -> {
            f.consolidated.receive(shipment.id(), OffsetDateTime.now(f.clock));
            return null;
        });
        assertThat(f.journey.told).hasSize(3);
    }

    @Test
    void aSignatureTheShipmentDoesNotWaitForRightNowIsAppliedLaterAndSignsNothingMeanwhile() {
        f.inTransaction(() -> f.consolidated.book(shipment.id()));
        // e.g. its lost timer just fired: the step that hands its returns on has not run yet
        f.process.waitingFor.remove(StoreShipmentProcess.MSG_SHIPMENT_SIGNED);

        Outcome early = f.inTransaction(() -> tracking.apply(update(shipment.orderCode(), "SB1", TrackingState.SIGNED)));

        assertThat(early).isInstanceOf(Outcome.NotReady.class);
        assertThat(f.shipments.get(shipment.id()).status()).isEqualTo(ShipmentStatus.BOOKED);
        assertThat(f.shipments.get(shipment.id()).signedAt()).isNull();
        assertThat(f.process.told).isEmpty();

        f.process.waitingFor.add(StoreShipmentProcess.MSG_SHIPMENT_SIGNED);
        Outcome later = f.inTransaction(() -> tracking.apply(update(shipment.orderCode(), "SB1", TrackingState.SIGNED)));

        assertThat(later).isInstanceOf(Outcome.Applied.class);
        assertThat(f.shipments.get(shipment.id()).status()).isEqualTo(ShipmentStatus.SIGNED);
        assertThat(f.process.told).containsExactly(shipment.processInstanceId() + " ShipmentSigned");
    }

    @Test
    void aShipmentSignedOnTheWaybillItNoLongerTravelsOnIsNotReceivedUntilTheCurrentOneIsSigned() {
        f.inTransaction(() -> f.consolidated.book(shipment.id()));
        f.inTransaction(() -> tracking.apply(update(shipment.orderCode(), "SB1", TrackingState.COLLECTED)));
        // 302 in the pickup vocabulary: the shipment travels on SB2 now
        TrackingUpdate changed = new TrackingUpdate(shipment.id(), shipment.orderCode(), "SB2",
                TrackingState.WAYBILL_CHANGED, OffsetDateTime.now(f.clock), null, "更换运单号",
                TrackingUpdate.Report.PICKUP_ORDER, null,
                new TrackingUpdate.Amendment(null, "SB2", null, "SB1", null, true), null);
        assertThat(f.inTransaction(() -> tracking.apply(changed))).isInstanceOf(Outcome.Applied.class);
        assertThat(f.shipments.get(shipment.id()).waybill()).isEqualTo("SB2");
        assertThat(f.timelineTypes("R-ONE")).contains("PICKUP_WAYBILL_CHANGED");

        Outcome old = f.inTransaction(() -> tracking.apply(update(shipment.orderCode(), "SB1", TrackingState.SIGNED)));

        assertThat(old).isInstanceOf(Outcome.Rejected.class);
        assertThat(f.shipments.get(shipment.id()).status()).isEqualTo(ShipmentStatus.BOOKED);
        assertThat(f.process.told).isEmpty();

        Outcome current = f.inTransaction(() -> tracking.apply(update(shipment.orderCode(), "SB2",
                TrackingState.SIGNED)));

        assertThat(current).isInstanceOf(Outcome.Applied.class);
        assertThat(f.shipments.get(shipment.id()).status()).isEqualTo(ShipmentStatus.SIGNED);
        assertThat(f.process.told).containsExactly(shipment.processInstanceId() + " ShipmentSigned");
    }

    @Test
    void aReturnThatMovedOnWithoutItsParcelNeverHoldsTheOthersUp() {
        f.inTransaction(() -> f.consolidated.book(shipment.id()));
        f.journey.waits("R-ONE", ReturnJourney.MSG_PARCEL_SIGNED);
        f.journey.waits("R-TWO", ReturnJourney.MSG_PARCEL_SIGNED);
        // R-THREE's own clock ran out and customer service refunds it anyway: it no longer waits

        f.inTransaction(() -> {
            f.consolidated.receive(shipment.id(), OffsetDateTime.now(f.clock));
            return null;
        });

        assertThat(f.journey.told).containsExactlyInAnyOrder("R-ONE ParcelSigned", "R-TWO ParcelSigned");
        assertThat(f.returns.get("R-ONE").status()).isEqualTo(ReturnStatus.RECEIVED);
        assertThat(f.returns.get("R-THREE").status()).isEqualTo(ReturnStatus.IN_TRANSIT);
        assertThat(f.timelineTypes("R-THREE")).contains("SHIPMENT_SIGNED");
        assertThat(f.shipments.get(shipment.id()).status()).isEqualTo(ShipmentStatus.SIGNED);
    }

    @Test
    void aLostShipmentHandsEveryReturnStillOnItsWayToTheLostParcelPathAndALateSignatureStillCounts() {
        f.inTransaction(() -> f.consolidated.book(shipment.id()));
        f.journey.waits("R-ONE", ReturnJourney.MSG_PARCEL_SIGNED, ReturnJourney.MSG_PARCEL_LOST);
        // its own clock ran out first: customer service already looks for it
        f.journey.waits("R-TWO", ReturnJourney.MSG_PARCEL_SIGNED);
        // closed meanwhile (e.g. refunded anyway and completed)
        f.returns.updateStatus("R-THREE", ReturnStatus.COMPLETED, OffsetDateTime.now(f.clock));

        f.inTransaction(() -> {
            f.consolidated.handToLostPath(shipment.id());
            return null;
        });

        assertThat(f.shipments.get(shipment.id()).status()).isEqualTo(ShipmentStatus.LOST);
        assertThat(f.shipments.get(shipment.id()).lostAt()).isNotNull();
        assertThat(f.journey.told).containsExactly("R-ONE ParcelLost");
        assertThat(f.timelineTypes("R-ONE")).contains("SHIPMENT_LOST");
        assertThat(f.timelineTypes("R-TWO")).contains("SHIPMENT_LOST");
        assertThat(f.timelineTypes("R-THREE")).doesNotContain("SHIPMENT_LOST");

        // it turns up after all: whoever still looks for the parcel receives it
        f.journey.waits("R-ONE", ReturnJourney.MSG_PARCEL_SIGNED);
        Outcome late = f.inTransaction(() -> tracking.apply(update(shipment.orderCode(), "SB9", TrackingState.SIGNED)));

        assertThat(late).isInstanceOf(Outcome.Applied.class);
        assertThat(f.shipments.get(shipment.id()).status()).isEqualTo(ShipmentStatus.SIGNED);
        assertThat(f.journey.told).containsExactly("R-ONE ParcelLost", "R-ONE ParcelSigned", "R-TWO ParcelSigned");
        assertThat(f.returns.get("R-TWO").status()).isEqualTo(ReturnStatus.RECEIVED);
        assertThat(f.returns.get("R-THREE").status()).isEqualTo(ReturnStatus.COMPLETED);
    }

    @Test
    void updatesAreRoutedByOrderCodeOrWaybillAndTheRestStayWithTheReturnsOwnTracking() {
        ReturnTracking returnsOwn = new ReturnTracking(new PickupBookings(f.db.jdbc()), f.returns, f.timeline,
                f.progress, f.journey, subscriptions, f.ledger);
        CarrierUpdateRouter router = new CarrierUpdateRouter(tracking, returnsOwn);

        // before the booking committed, the shipment's updates wait
        Outcome early = f.inTransaction(() -> router.apply(update(shipment.orderCode(), null, TrackingState.COLLECTED)));
        assertThat(early).isInstanceOf(Outcome.NotReady.class);
        assertThat(((Outcome.NotReady) early).why()).contains(shipment.id());

        f.carrier.waybill = "SB-AT-BOOKING";
        f.inTransaction(() -> f.consolidated.book(shipment.id()));
        // a push naming only the waybill finds the shipment too
        Outcome byWaybill = f.inTransaction(() -> router.apply(
                new TrackingUpdate(null, null, "SB-AT-BOOKING", TrackingState.IN_TRANSIT, OffsetDateTime.now(f.clock),
                        "深圳", "转运中")));
        assertThat(byWaybill).isInstanceOf(Outcome.Applied.class);
        assertThat(f.timelineTypes("R-TWO")).contains("TRACKING_IN_TRANSIT");

        // a push that names another shipment as its sender is refused
        Outcome foreign = f.inTransaction(() -> router.apply(new TrackingUpdate("SH-OTHER", shipment.orderCode(), null,
                TrackingState.IN_TRANSIT, OffsetDateTime.now(f.clock), null, null)));
        assertThat(foreign).isInstanceOf(Outcome.Rejected.class);

        // a home pickup's order code is still the returns' own business
        Outcome pickup = f.inTransaction(() -> router.apply(update("RF-R-XYZ-1", null, TrackingState.COLLECTED)));
        assertThat(pickup).isInstanceOf(Outcome.NotReady.class);
        assertThat(((Outcome.NotReady) pickup).why()).contains("No booking recorded yet");
        Outcome stranger = f.inTransaction(() -> router.apply(update("XX-1", null, TrackingState.COLLECTED)));
        assertThat(stranger).isInstanceOf(Outcome.Rejected.class);
    }

    private TrackingUpdate update(String orderCode, String waybill, TrackingState state) {
        return new TrackingUpdate(shipment.id(), orderCode, waybill, state, OffsetDateTime.now(f.clock), "深圳",
                state.name().toLowerCase());
    }
}
