package io.returnflow.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import io.returnflow.carrier.ReceiptGuard.Destination;
import io.returnflow.carrier.ReceiptGuard.Leg;
import io.returnflow.carrier.TrackingUpdate.Report;
import org.junit.jupiter.api.Test;

class LegUpdateTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-27T10:00:00+08:00");
    private static final Leg BOOKED_ON_A = new Leg("A", false, Destination.WAREHOUSE);
    private static final Leg COLLECTED_ON_A = new Leg("A", true, Destination.WAREHOUSE);

    @Test
    void anAmendmentChangesTheBookingOnly() {
        LegUpdate read = LegUpdate.read(fact(TrackingState.WAYBILL_CHANGED, "B", Report.PICKUP_ORDER), COLLECTED_ON_A);

        assertThat(read.kind()).isEqualTo(LegUpdate.Kind.AMENDMENT);
        assertThat(read.collects()).isFalse();
        assertThat(read.receipt()).isNull();
    }

    @Test
    void aFactAboutAnotherWaybillIsSupersededAndItsSignatureIsNeverReceipt() {
        LegUpdate moved = LegUpdate.read(fact(TrackingState.IN_TRANSIT, "OLD", Report.WAYBILL_TRACKING), COLLECTED_ON_A);
        LegUpdate signed = LegUpdate.read(fact(TrackingState.SIGNED, "OLD", Report.WAYBILL_TRACKING), COLLECTED_ON_A);

        assertThat(moved.kind()).isEqualTo(LegUpdate.Kind.SUPERSEDED);
        assertThat(moved.collects()).isFalse();
        assertThat(signed.kind()).isEqualTo(LegUpdate.Kind.SUPERSEDED);
        assertThat(signed.receipt()).isInstanceOf(ReceiptGuard.Verdict.NotReceipt.class);
        assertThat(signed.waybill()).isEqualTo("A");
    }

    @Test
    void onlyThePickupOrdersOwnFirstCollectionMayNameAnotherWaybill() {
        LegUpdate first = LegUpdate.read(fact(TrackingState.COLLECTED, "B", Report.PICKUP_ORDER), BOOKED_ON_A);
        LegUpdate second = LegUpdate.read(fact(TrackingState.COLLECTED, "B", Report.PICKUP_ORDER), COLLECTED_ON_A);
        LegUpdate tracking = LegUpdate.read(fact(TrackingState.COLLECTED, "B", Report.WAYBILL_TRACKING), BOOKED_ON_A);

        assertThat(first.kind()).isEqualTo(LegUpdate.Kind.PROGRESS);
        assertThat(first.waybillAdopted()).isTrue();
        assertThat(first.waybill()).isEqualTo("B");
        assertThat(first.collects()).isTrue();
        assertThat(second.kind()).isEqualTo(LegUpdate.Kind.SUPERSEDED);
        assertThat(tracking.kind()).isEqualTo(LegUpdate.Kind.SUPERSEDED);
    }

    @Test
    void aTrackingSnapshotsSignatureProvesTheCollectionAndIsReceipt() {
        LegUpdate read = LegUpdate.read(fact(TrackingState.SIGNED, "A", Report.WAYBILL_TRACKING), BOOKED_ON_A);

        assertThat(read.collects()).isTrue();
        assertThat(read.receipt().isReceipt()).isTrue();
    }

    @Test
    void thePickupOrdersSignatureWaitsForACollection() {
        LegUpdate before = LegUpdate.read(fact(TrackingState.SIGNED, "A", Report.PICKUP_ORDER), BOOKED_ON_A);
        LegUpdate after = LegUpdate.read(fact(TrackingState.SIGNED, "A", Report.PICKUP_ORDER), COLLECTED_ON_A);

        assertThat(before.collects()).isFalse();
        assertThat(before.receipt()).isInstanceOf(ReceiptGuard.Verdict.NotYet.class);
        assertThat(after.receipt().isReceipt()).isTrue();
    }

    @Test
    void aFakeCollectionTakesTheCollectionBack() {
        LegUpdate read = LegUpdate.read(fact(TrackingState.FAKE_COLLECTION, null, Report.PICKUP_ORDER), COLLECTED_ON_A);

        assertThat(read.takesCollectionBack()).isTrue();
        assertThat(read.collects()).isFalse();
        assertThat(read.waybill()).isEqualTo("A");
    }

    @Test
    void aLegToAStoreIsNeverReceipt() {
        LegUpdate read = LegUpdate.read(fact(TrackingState.SIGNED, "A", Report.WAYBILL_TRACKING),
                new Leg("A", true, Destination.STORE));

        assertThat(read.receipt()).isInstanceOf(ReceiptGuard.Verdict.NotReceipt.class);
    }

    private static TrackingUpdate fact(TrackingState state, String waybill, Report report) {
        return new TrackingUpdate("R-1", "RF-R-1-1", waybill, state, AT, null, null, report, null, null, null);
    }
}
