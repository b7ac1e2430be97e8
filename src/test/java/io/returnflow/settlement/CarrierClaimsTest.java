package io.returnflow.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.returnflow.carrier.TrackingState;
import io.returnflow.pickup.PickupBookings;
import io.returnflow.pickup.ReturnFixture;
import io.returnflow.returns.CarrierLeg;
import io.returnflow.returns.ReturnLegs;
import io.returnflow.returns.ReturnTimeline;

/** What a lost parcel's claim is worth and against whom, on the real tables. */
class CarrierClaimsTest {

    final ReturnFixture f = new ReturnFixture();
    /** The store network's answer: the shipment a dropped-off return rides in. */
    final Map<String, CarrierLeg> storeShipments = new HashMap<>();
    final CarrierClaims claims = new CarrierClaims(f.db.jdbc(), f.returns,
            new ReturnLegs(List.of(returnId -> Optional.ofNullable(storeShipments.get(returnId)), f.homePickupLegs)),
            f.progress, f.clock);

    @Test
    void aLostHomePickupIsClaimedFromItsCarrierForTheValueOfEveryItem() {
        f.homePickup("R-LOST1");
        // a second line: the claim is the items' value, whatever the refund deducts
        f.db.jdbc().sql("""
                        insert into return_items (return_id, line_id, sku, name, category, quantity, unit_price)
                        values ('R-LOST1', 'L2', 'SKU-2', '袜子', 'apparel', 3, 12.35)""").update();
        f.bookings.insert(new PickupBookings.Booking(PickupBookings.Booking.orderCode("R-LOST1", 1), "R-LOST1", 1,
                PickupBookings.Purpose.HOME_PICKUP, "SF", "SF1001", ReturnFixture.TOMORROW_9,
                ReturnFixture.TOMORROW_9.plusHours(2), PickupBookings.Status.BOOKED, TrackingState.COLLECTED,
                OffsetDateTime.now(f.clock), null));

        CarrierClaims.Claim claim = claims.claimLostParcel("R-LOST1", "cs");

        assertThat(claim.declaredValue()).isEqualTo(new BigDecimal("136.05"));
        assertThat(claims.find("R-LOST1")).contains(claim);
        assertThat(claim.carrier()).isEqualTo("SF");
        assertThat(claim.orderCode()).isEqualTo("RF-R-LOST1-1");
        assertThat(claim.waybill()).isEqualTo("SF1001");
        assertThat(claim.currency()).isEqualTo("CNY");
        assertThat(claim.claimedBy()).isEqualTo("cs");
        ReturnTimeline.TimelineEvent noted = onlyClaimNote("R-LOST1");
        assertThat(noted.detail()).isEqualTo(
                "Parcel closed as lost; claim of 136.05 CNY against carrier SF (order RF-R-LOST1-1, waybill SF1001)");
        assertThat(noted.actor()).isEqualTo("cs");
    }

    @Test
    void aDroppedOffParcelIsClaimedOnTheStoresShipmentNotOnAnEarlierPickup() {
        f.homePickup("R-LOST2");
        f.bookings.insert(new PickupBookings.Booking(PickupBookings.Booking.orderCode("R-LOST2", 1), "R-LOST2", 1,
                PickupBookings.Purpose.HOME_PICKUP, "SF", null, ReturnFixture.TOMORROW_9,
                ReturnFixture.TOMORROW_9.plusHours(2), PickupBookings.Status.CANCELLED, null,
                OffsetDateTime.now(f.clock), null));
        storeShipments.put("R-LOST2", new CarrierLeg("RF-SH-7K2M9QX4AB", "YTO", "YT889", TrackingState.IN_TRANSIT.name()));

        CarrierClaims.Claim claim = claims.claimLostParcel("R-LOST2", "ops");

        assertThat(claim.carrier()).isEqualTo("YTO");
        assertThat(claim.orderCode()).isEqualTo("RF-SH-7K2M9QX4AB");
        assertThat(claim.waybill()).isEqualTo("YT889");
        assertThat(claim.declaredValue()).isEqualTo(new BigDecimal("99.00"));
    }

    @Test
    void aClaimIsFiledOnceWhateverRunsAgain() {
        f.homePickup("R-LOST3");

        CarrierClaims.Claim first = claims.claimLostParcel("R-LOST3", "cs");
        f.clock.advance(java.time.Duration.ofMinutes(5));
        CarrierClaims.Claim again = claims.claimLostParcel("R-LOST3", "ops");

        assertThat(again).isEqualTo(first);
        assertThat(f.db.jdbc().sql("select count(*) from carrier_claims where return_id = 'R-LOST3'")
                .query(Long.class).single()).isEqualTo(1);
        // no courier was ever booked: the claim names none, and says so
        assertThat(first.carrier()).isNull();
        assertThat(onlyClaimNote("R-LOST3").detail()).isEqualTo(
                "Parcel closed as lost; claim of 99.00 CNY against carrier ? (order ?)");
    }

    private ReturnTimeline.TimelineEvent onlyClaimNote(String returnId) {
        List<ReturnTimeline.TimelineEvent> notes = f.timeline.list(returnId).stream()
                .filter(e -> e.type().equals("CARRIER_CLAIM")).toList();
        assertThat(notes).hasSize(1);
        return notes.get(0);
    }
}
