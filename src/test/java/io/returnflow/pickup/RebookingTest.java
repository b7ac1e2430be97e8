package io.returnflow.pickup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.carrier.TrackingState;
import io.returnflow.pickup.PickupBookings.Booking;
import io.returnflow.pickup.PickupBookings.Purpose;
import io.returnflow.returns.CustomerReturn;

/** A missed pickup rebooked: the old booking cancelled at the carrier, the next attempt booked. */
class RebookingTest {

    final ReturnFixture f = new ReturnFixture();

    @BeforeEach
    void aBookedPickup() {
        f.homePickup("R-REBOOK1");
        f.pickups.book("R-REBOOK1");
    }

    @Test
    void theMissedBookingIsCancelledAndTheNextWindowBookedAsTheNextAttempt() {
        PickupWindows.Window next = f.windows.nextBookable("SF", "深圳市");

        PickupService.Rebooking outcome = f.pickups.rebook(f.returns.get("R-REBOOK1"), next,
                "The courier did not come");

        assertThat(outcome).isInstanceOf(PickupService.Rebooking.Booked.class);
        Booking booking = ((PickupService.Rebooking.Booked) outcome).booking();
        assertThat(booking.attempt()).isEqualTo(2);
        assertThat(booking.orderCode()).isEqualTo("RF-R-REBOOK1-2");
        assertThat(f.carrier.cancelled).containsExactly("RF-R-REBOOK1-1");
        assertThat(f.carrier.booked).extracting(r -> r.orderCode()).containsExactly("RF-R-REBOOK1-1", "RF-R-REBOOK1-2");
        assertThat(f.bookings.find("RF-R-REBOOK1-1").orElseThrow().status()).isEqualTo(PickupBookings.Status.CANCELLED);
        assertThat(f.bookings.latest("R-REBOOK1", Purpose.HOME_PICKUP).orElseThrow().windowStart())
                .isEqualTo(next.start());
        // now is 10:20 with an hour's cut-off: today's 13:00 window is the next one
        assertThat(next.start()).isEqualTo(OffsetDateTime.parse("2026-11-26T13:00:00+08:00"));
        CustomerReturn r = f.returns.get("R-REBOOK1");
        assertThat(r.pickupWindowStart()).isEqualTo(next.start());
        assertThat(r.pickupWindowEnd()).isEqualTo(next.end());
        assertThat(f.timelineTypes("R-REBOOK1")).containsSubsequence("PICKUP_BOOKED", "PICKUP_CANCELLED",
                "PICKUP_REBOOKED");
    }

    @Test
    void whenTheCourierHasTheParcelNothingIsRebooked() {
        f.carrier.refuseCancellation = true;

        PickupService.Rebooking outcome = f.pickups.rebook(f.returns.get("R-REBOOK1"),
                f.windows.nextBookable("SF", "深圳市"), "x");

        assertThat(outcome).isEqualTo(new PickupService.Rebooking.AlreadyCollected("RF-R-REBOOK1-1", "已揽收"));
        assertThat(f.bookings.attempts("R-REBOOK1", Purpose.HOME_PICKUP)).isEqualTo(1);
        Booking standing = f.bookings.find("RF-R-REBOOK1-1").orElseThrow();
        assertThat(standing.status()).isEqualTo(PickupBookings.Status.BOOKED);
        assertThat(standing.trackingState()).isEqualTo(TrackingState.COLLECTED);
        assertThat(f.carrier.booked).hasSize(1);
        assertThat(f.returns.get("R-REBOOK1").pickupWindowStart()).isEqualTo(ReturnFixture.TOMORROW_9);
        assertThat(f.timelineTypes("R-REBOOK1")).contains("PICKUP_NOT_REBOOKED");
    }

    @Test
    void aChosenWindowIsFoundOnlyWhenItIsStillBookable() {
        assertThat(f.windows.bookableStartingAt("SF", "深圳市", OffsetDateTime.parse("2026-11-27T15:00:00+08:00")))
                .map(PickupWindows.Window::end).contains(OffsetDateTime.parse("2026-11-27T17:00:00+08:00"));
        // 11:00 today is within the hour's cut-off; 10:00 is not a window start at all
        assertThat(f.windows.bookableStartingAt("SF", "深圳市", OffsetDateTime.parse("2026-11-26T11:00:00+08:00")))
                .isEmpty();
        assertThat(f.windows.bookableStartingAt("SF", "深圳市", OffsetDateTime.parse("2026-11-27T10:00:00+08:00")))
                .isEmpty();
    }

    @Test
    void theOfferedWindowsAreTheNextBookableOnes() {
        assertThat(f.windows.upcoming("SF", "深圳市", 4)).extracting(PickupWindows.Window::start).containsExactly(
                OffsetDateTime.parse("2026-11-26T13:00:00+08:00"), OffsetDateTime.parse("2026-11-26T15:00:00+08:00"),
                OffsetDateTime.parse("2026-11-26T17:00:00+08:00"), OffsetDateTime.parse("2026-11-27T09:00:00+08:00"));
    }
}
