package io.returnflow.returns;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.TrackingUpdateHandler;
import io.returnflow.pickup.PickupBookings;
import io.returnflow.pickup.PickupBookings.Booking;

/**
 * What a carrier's tracking update means for the journey. Idempotent and order-tolerant: each
 * state of a shipment enters the timeline once, the booking's state never moves backwards, and an
 * update the journey is not ready for is handed back to be tried again later. Only {@code SIGNED}
 * moves a return to receipt; returned-to-sender and problem states never do.
 */
@Component
public class ReturnTracking implements TrackingUpdateHandler {

    private static final int MAX_DETAIL = 1000;

    private final PickupBookings bookings;
    private final ReturnRepository returns;
    private final ReturnTimeline timeline;
    private final ReturnProgress progress;
    private final ReturnJourney journey;

    public ReturnTracking(PickupBookings bookings, ReturnRepository returns, ReturnTimeline timeline,
                          ReturnProgress progress, ReturnJourney journey) {
        this.bookings = bookings;
        this.returns = returns;
        this.timeline = timeline;
        this.progress = progress;
        this.journey = journey;
    }

    @Override
    public Outcome apply(TrackingUpdate update) {
        Optional<Booking> found = bookings.find(update.orderCode());
        if (found.isEmpty()) {
            if (update.orderCode() != null && update.orderCode().startsWith(PickupBookings.ORDER_CODE_PREFIX)) {
                // the carrier may push before the booking job committed: keep it until the booking is recorded
                return new Outcome.NotReady("No booking recorded yet for order code " + update.orderCode());
            }
            return new Outcome.Rejected("No booking with order code " + update.orderCode());
        }
        Booking booking = found.get();
        if (update.returnId() != null && !update.returnId().isBlank() && !update.returnId().equals(booking.returnId())) {
            return new Outcome.Rejected("Order code " + update.orderCode() + " belongs to return "
                    + booking.returnId() + ", not " + update.returnId());
        }
        String returnId = booking.returnId();
        CustomerReturn r = returns.get(returnId);

        if (update.state().isNoEarlierThan(booking.trackingState())) {
            bookings.track(booking.orderCode(), blankToNull(update.waybill()), update.state());
        }
        timeline.recordOnce(returnId, update.at(), "TRACKING_" + update.state().name(), describe(update),
                "carrier", "tracking:" + booking.orderCode() + ":" + update.state().name());

        if (r.status().isClosed() || booking.status() == PickupBookings.Status.CANCELLED) {
            return new Outcome.Applied();
        }
        if (update.state().isCollectedOrLater()) {
            if (journey.isWaitingFor(returnId, ReturnJourney.MSG_PARCEL_COLLECTED)) {
                progress.collected(returnId, "Courier collected the parcel (" + booking.orderCode() + ")");
                journey.tell(returnId, ReturnJourney.MSG_PARCEL_COLLECTED);
            } else if (r.status() == ReturnStatus.REQUESTED || r.status() == ReturnStatus.AWAITING_PICKUP) {
                // the journey is busy with this pickup (e.g. rebooking after a missed window): the
                // collection must not be lost, so it is applied once the journey waits for it again
                return new Outcome.NotReady("Return " + returnId + " is not waiting for the courier right now");
            }
        }
        if (update.state() == TrackingState.SIGNED) {
            if (journey.isWaitingFor(returnId, ReturnJourney.MSG_PARCEL_SIGNED)) {
                progress.received(returnId, "Signed at the warehouse (" + booking.orderCode() + ")");
                journey.tell(returnId, ReturnJourney.MSG_PARCEL_SIGNED);
                return new Outcome.Applied();
            }
            ReturnStatus now = returns.get(returnId).status();
            if (now == ReturnStatus.RECEIVED || now == ReturnStatus.INSPECTING || now.isClosed()) {
                return new Outcome.Applied();
            }
            return new Outcome.NotReady("Return " + returnId + " is " + now + " and not yet waiting for receipt");
        }
        return new Outcome.Applied();
    }

    private static String describe(TrackingUpdate update) {
        String detail = update.describe(null);
        return detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
