package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.returnflow.carrier.CarrierCharge;
import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.TrackingUpdateHandler.Outcome;
import io.returnflow.carrier.inbox.InboxEntry;
import io.returnflow.carrier.inbox.InboxStatus;
import io.returnflow.carrier.kdniao.KdniaoInboxEntryReader;
import io.returnflow.carrier.kdniao.KdniaoJson;
import io.returnflow.carrier.support.Recorded;
import io.returnflow.carrier.tracking.TrackingSubscriptions;
import io.returnflow.pickup.PickupBookings;
import io.returnflow.pickup.ReturnFixture;
import io.returnflow.settlement.ShipmentFreight;
import io.returnflow.journey.ReturnTracking;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every pickup-status code Kdniao documents (103 pushes, recorded under
 * {@code src/test/resources/kdniao/pickup-status/}) read by the real adapter and applied by the real
 * {@link ReturnTracking} to a booked home pickup on a migrated database: what each does to the return.
 */
class PickupStatusContractTest {

    private static final String RETURN_ID = "R-8F3K2Q";
    private static final String ORDER_CODE = "RF-R-8F3K2Q-1";
    private static final String WAYBILL = "SF1402983417341";

    private final ReturnFixture f = new ReturnFixture();
    private final Journey journey = new Journey();
    private final RecordedFreight freight = new RecordedFreight();
    private final TrackingSubscriptions subscriptions = new TrackingSubscriptions(f.db.jdbc(), f.db.dataSource());
    private final ReturnTracking tracking = new ReturnTracking(f.bookings, f.returns, f.timeline, f.progress, journey,
            subscriptions, freight);
    private final KdniaoInboxEntryReader reader = new KdniaoInboxEntryReader();

    @BeforeEach
    void aBookedHomePickup() {
        f.homePickup(RETURN_ID);
        f.pickups.book(RETURN_ID);
        assertThat(f.bookings.find(ORDER_CODE)).isPresent();
        journey.waiting.add(ReturnJourney.MSG_PARCEL_COLLECTED);
        journey.waiting.add(ReturnJourney.MSG_PICKUP_FAILED);
    }

    @Test
    void code99DispatchFailedIsACourierWhoWillNotCome() {
        assertThat(apply("99")).isInstanceOf(Outcome.Applied.class);

        assertThat(journey.told).containsExactly(ReturnJourney.MSG_PICKUP_FAILED);
        assertThat(booking().trackingState()).isEqualTo(TrackingState.PICKUP_FAILED);
        assertThat(f.timelineTypes(RETURN_ID)).contains("TRACKING_PICKUP_FAILED");
    }

    @Test
    void code102BranchAssignedKeepsThePickupCode() {
        apply("102");

        assertThat(booking().trackingState()).isEqualTo(TrackingState.BOOKED);
        assertThat(booking().pickupCode()).isEqualTo("4821");
        assertThat(journey.told).isEmpty();
    }

    @Test
    void code103CourierAssignedKeepsTheCourierAndThePickupCode() {
        apply("103");

        PickupBookings.Booking b = booking();
        assertThat(b.trackingState()).isEqualTo(TrackingState.COURIER_ASSIGNED);
        assertThat(b.courierName()).isEqualTo("李师傅");
        assertThat(b.courierPhone()).isEqualTo("13900000000");
        assertThat(b.pickupCode()).isEqualTo("4821");
        assertThat(journey.told).isEmpty();
    }

    @Test
    void code104CourierAtTheDoorIsNotACollection() {
        apply("104");

        assertThat(booking().trackingState()).isEqualTo(TrackingState.COURIER_AT_DOOR);
        assertThat(booking().isCollected()).isFalse();
        assertThat(journey.told).isEmpty();
        assertThat(freight.charges).as("its weight is not the settlement weight").isEmpty();
    }

    @Test
    void code301CollectedTellsTheJourneyAndRecordsTheCarriersFigures() {
        apply("301");

        PickupBookings.Booking b = booking();
        assertThat(b.trackingState()).isEqualTo(TrackingState.COLLECTED);
        assertThat(b.isCollected()).isTrue();
        assertThat(b.waybill()).isEqualTo(WAYBILL);
        assertThat(journey.told).containsExactly(ReturnJourney.MSG_PARCEL_COLLECTED);
        assertThat(f.returns.get(RETURN_ID).status()).isEqualTo(ReturnStatus.IN_TRANSIT);
        assertThat(freight.charges).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(CarrierCharge.Kind.COLLECTION);
            assertThat(c.totalFee()).isEqualByComparingTo("14.5");
            assertThat(c.weightKg()).isEqualByComparingTo("1.2");
            assertThat(c.feeLines()).containsEntry("InsureAmount", new BigDecimal("0.50"));
        });
        assertThat(subscriptions.find(WAYBILL)).isPresent();
    }

    @Test
    void code109ReDispatchPointsTheBookingAtTheNewCarrierAndWaybill() {
        apply("301");
        journey.told.clear();

        apply("109");

        PickupBookings.Booking b = booking();
        assertThat(b.carrier()).isEqualTo("ZTO");
        assertThat(b.waybill()).isEqualTo("73190553102531");
        assertThat(subscriptions.find(WAYBILL).orElseThrow().status().name()).isEqualTo("SUPERSEDED");
        assertThat(f.timelineTypes(RETURN_ID)).contains("PICKUP_REDISPATCHED");
        assertThat(journey.told).isEmpty();
    }

    @Test
    void code203CancelledByTheCarrierIsACourierWhoWillNotCome() {
        apply("203");

        assertThat(journey.told).containsExactly(ReturnJourney.MSG_PICKUP_FAILED);
        assertThat(booking().isCollected()).isFalse();
    }

    @Test
    void code206FakeCollectionTakesTheCollectionBack() {
        apply("301");
        journey.told.clear();
        journey.waiting.add(ReturnJourney.MSG_PARCEL_LOST);

        apply("206");

        assertThat(booking().isCollected()).isFalse();
        assertThat(booking().trackingState()).isEqualTo(TrackingState.FAKE_COLLECTION);
        assertThat(journey.told).as("the journey moved on: customer service investigates")
                .containsExactly(ReturnJourney.MSG_PARCEL_LOST);
        // the pickup order's own signature can then not be receipt: it waits for a collection
        journey.waiting.add(ReturnJourney.MSG_PARCEL_SIGNED);
        assertThat(apply("3")).isInstanceOf(Outcome.NotReady.class);
        assertThat(journey.told).doesNotContain(ReturnJourney.MSG_PARCEL_SIGNED);
    }

    @Test
    void code302WaybillChangedReplacesTheWaybillAndNothingElse() {
        apply("301");
        journey.told.clear();
        journey.waiting.add(ReturnJourney.MSG_PARCEL_SIGNED);

        assertThat(apply("302")).isInstanceOf(Outcome.Applied.class);

        PickupBookings.Booking b = booking();
        assertThat(b.waybill()).isEqualTo("SF1402983419999");
        assertThat(b.trackingState()).isEqualTo(TrackingState.COLLECTED);
        assertThat(journey.told).isEmpty();
        assertThat(f.returns.get(RETURN_ID).status()).isEqualTo(ReturnStatus.IN_TRANSIT);
        assertThat(subscriptions.find(WAYBILL).orElseThrow().status().name()).isEqualTo("SUPERSEDED");
        assertThat(f.timelineTypes(RETURN_ID)).contains("PICKUP_WAYBILL_CHANGED").doesNotContain("RECEIVED");

        // the old waybill's signature is parked, the new one's is receipt
        assertThat(apply("3")).as("103 State 3 names the old waybill").isInstanceOf(Outcome.Rejected.class);
        assertThat(journey.told).isEmpty();
    }

    @Test
    void code402OrderChangedTakesTheNewOrderCarrierAndWaybillOrKeepsTheOrder() {
        apply("402-unchanged");
        assertThat(booking().carrier()).isEqualTo("SF");
        assertThat(f.timeline.list(RETURN_ID)).anySatisfy(e -> assertThat(e.detail()).contains("unchanged"));

        apply("402-changed");
        PickupBookings.Booking b = booking();
        assertThat(b.carrier()).isEqualTo("YD");
        assertThat(b.waybill()).isEqualTo("4312345678901");
        assertThat(b.carrierOrderRef()).isEqualTo("KDNIST2611270002");
        assertThat(journey.told).isEmpty();
    }

    @Test
    void code2InTransitIsEvidenceOfCollection() {
        apply("2");

        assertThat(booking().trackingState()).isEqualTo(TrackingState.IN_TRANSIT);
        assertThat(booking().isCollected()).isTrue();
        assertThat(journey.told).containsExactly(ReturnJourney.MSG_PARCEL_COLLECTED);
    }

    @Test
    void code3SignedIsReceiptOnlyAfterTheCollection() {
        journey.waiting.add(ReturnJourney.MSG_PARCEL_SIGNED);
        assertThat(apply("3")).as("signed before any collection").isInstanceOf(Outcome.NotReady.class);
        assertThat(journey.told).isEmpty();

        apply("301");
        journey.waiting.add(ReturnJourney.MSG_PARCEL_SIGNED);
        assertThat(apply("3")).isInstanceOf(Outcome.Applied.class);

        assertThat(journey.told).containsExactly(ReturnJourney.MSG_PARCEL_COLLECTED, ReturnJourney.MSG_PARCEL_SIGNED);
        assertThat(f.returns.get(RETURN_ID).status()).isEqualTo(ReturnStatus.RECEIVED);
    }

    @Test
    void code601SettlementFeeGoesToTheFreightLedgerOnly() {
        apply("301");
        journey.told.clear();

        apply("601");

        assertThat(freight.charges).extracting(CarrierCharge::kind)
                .containsExactly(CarrierCharge.Kind.COLLECTION, CarrierCharge.Kind.SETTLEMENT);
        assertThat(freight.charges.get(1).totalFee()).isEqualByComparingTo("15.0");
        assertThat(booking().trackingState()).isEqualTo(TrackingState.COLLECTED);
        assertThat(journey.told).isEmpty();
    }

    @Test
    void aPushWithoutAnOrderCodeIsMatchedByItsWaybill() {
        apply("301");
        journey.told.clear();
        journey.waiting.add(ReturnJourney.MSG_PARCEL_SIGNED);

        String withoutOrderCode = data("3").replace("\"OrderCode\":\"" + ORDER_CODE + "\",", "");
        assertThat(withoutOrderCode).doesNotContain("OrderCode\":\"RF-");

        assertThat(apply(withoutOrderCode, "103")).isInstanceOf(Outcome.Applied.class);
        assertThat(journey.told).containsExactly(ReturnJourney.MSG_PARCEL_SIGNED);
    }

    private PickupBookings.Booking booking() {
        return f.bookings.find(ORDER_CODE).orElseThrow();
    }

    private Outcome apply(String code) {
        return apply(data(code), "103");
    }

    private Outcome apply(String entryJson, String requestType) {
        OffsetDateTime now = OffsetDateTime.now(f.clock);
        InboxEntry entry = new InboxEntry(1, requestType, ORDER_CODE, RETURN_ID, entryJson, InboxStatus.PENDING, 0, 0,
                null, now, now, now, now, null);
        TrackingUpdate update;
        try {
            update = reader.read(entry);
        } catch (Exception e) {
            throw new AssertionError("a documented code must be readable: " + e.getMessage(), e);
        }
        // as the inbox processor does: an applied update is heard by the tracking subscriptions in its transaction
        return new TransactionTemplate(f.db.transactions()).execute(status -> {
            Outcome outcome = tracking.apply(update);
            if (outcome instanceof Outcome.Applied) {
                subscriptions.applied(entry, update, reader.carrier(entry));
            }
            return outcome;
        });
    }

    /** The recorded push's one entry, as the webhook stores it. */
    private static String data(String code) {
        try {
            JsonNode push = KdniaoJson.tree(Recorded.kdniao("pickup-status/push-103-" + code + ".json"));
            return KdniaoJson.canonical(push.get("Data").get(0));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The journey: waits for what a test says, and records what it is told. */
    private static final class Journey extends ReturnJourney {

        final Set<String> waiting = new HashSet<>();
        final List<String> told = new ArrayList<>();

        Journey() {
            super(null, null);
        }

        @Override
        public boolean isWaitingFor(String returnId, String message) {
            return waiting.contains(message);
        }

        /** Like the journey's gateways: told one of the messages it waited for, it waits for none of them. */
        @Override
        public void tell(String returnId, String message) {
            if (!tellIfWaiting(returnId, message)) {
                throw new IllegalStateException("not waiting for " + message);
            }
        }

        @Override
        public boolean tellIfWaiting(String returnId, String message) {
            if (!waiting.contains(message)) {
                return false;
            }
            waiting.clear();
            told.add(message);
            return true;
        }
    }

    /** The freight port, recording what the carrier charged. */
    private static final class RecordedFreight implements ShipmentFreight {

        final List<CarrierCharge> charges = new ArrayList<>();

        @Override
        public void booked(BookedShipment shipment) {
        }

        @Override
        public void bookedConsolidated(ConsolidatedShipment shipment) {
        }

        @Override
        public void waybillNamed(String orderCode, String waybill) {
        }

        @Override
        public void carrierCharged(String orderCode, String waybill, CarrierCharge charge, OffsetDateTime at) {
            charges.add(charge);
        }
    }
}
