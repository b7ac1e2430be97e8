package io.returnflow.journey;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.returnflow.carrier.LegUpdate;
import io.returnflow.carrier.ReceiptGuard;
import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.TrackingUpdateHandler;
import io.returnflow.carrier.tracking.TrackingSubscriptions;
import io.returnflow.pickup.PickupBookings.Booking;
import io.returnflow.pickup.PickupBookings;
import io.returnflow.platform.Text;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnStatus;
import io.returnflow.returns.ReturnTimeline;
import io.returnflow.settlement.ShipmentFreight;

/**
 * What a carrier's fact about a home pickup means for the journey. Idempotent and order-tolerant: each
 * fact enters the timeline once, the booking's state never moves backwards, and a fact the journey is not
 * ready for is handed back to be tried again later.
 *
 * <ul>
 *   <li>Receipt is decided by {@link ReceiptGuard} only: a signature, on the waybill the parcel travels on
 *       now, after its collection. A signature on a superseded waybill is parked for operations.</li>
 *   <li>A collection (or a movement, or a tracking snapshot's signature) records the booking as collected
 *       and tells the journey the courier has the parcel.</li>
 *   <li>A carrier that gives the pickup up (dispatch failed, cancelled by the carrier, fake collection)
 *       tells the journey at once, which treats it as a courier who did not come.</li>
 *   <li>A parcel going back to its sender (refused, signed as returned) sends the return to the
 *       missing-parcel investigation at once: it will not reach the warehouse on its own.</li>
 *   <li>Amendments change the booking only: a new waybill (tracking moves to it), a new carrier, a new
 *       order reference, the carrier's own figures on the freight ledger. Nothing else moves.</li>
 * </ul>
 */
@Component
public class ReturnTracking implements TrackingUpdateHandler {

    private static final Logger log = LoggerFactory.getLogger(ReturnTracking.class);
    private static final int MAX_DETAIL = 1000;

    private final PickupBookings bookings;
    private final ReturnRepository returns;
    private final ReturnTimeline timeline;
    private final ReturnProgress progress;
    private final ReturnJourney journey;
    private final TrackingSubscriptions subscriptions;
    private final ShipmentFreight freight;

    public ReturnTracking(PickupBookings bookings, ReturnRepository returns, ReturnTimeline timeline,
                          ReturnProgress progress, ReturnJourney journey, TrackingSubscriptions subscriptions,
                          ShipmentFreight freight) {
        this.bookings = bookings;
        this.returns = returns;
        this.timeline = timeline;
        this.progress = progress;
        this.journey = journey;
        this.subscriptions = subscriptions;
        this.freight = freight;
    }

    @Override
    public Outcome apply(TrackingUpdate update) {
        String orderCode = Text.trimToNull(update.orderCode());
        Optional<Booking> found = orderCode != null ? bookings.find(orderCode) : bookings.byWaybill(update.waybill());
        if (found.isEmpty()) {
            if (orderCode != null && orderCode.startsWith(PickupBookings.ORDER_CODE_PREFIX)) {
                // the carrier may push before the booking job committed: keep it until the booking is recorded
                return new Outcome.NotReady("No booking recorded yet for order code " + orderCode);
            }
            return new Outcome.Rejected(orderCode != null ? "No booking with order code " + orderCode
                    : "No booking travels on waybill " + update.waybill());
        }
        Booking booking = found.get();
        if (update.returnId() != null && !update.returnId().isBlank() && !update.returnId().equals(booking.returnId())) {
            return new Outcome.Rejected("Order code " + booking.orderCode() + " belongs to return "
                    + booking.returnId() + ", not " + update.returnId());
        }
        String returnId = booking.returnId();
        LegUpdate leg = LegUpdate.read(update, new ReceiptGuard.Leg(booking.waybill(), booking.isCollected(),
                ReceiptGuard.Destination.WAREHOUSE));
        if (leg.kind() == LegUpdate.Kind.AMENDMENT) {
            return amend(booking, update);
        }
        if (leg.kind() == LegUpdate.Kind.SUPERSEDED) {
            timeline.recordOnce(returnId, update.at(), "TRACKING_SUPERSEDED_WAYBILL", "Not counted, waybill "
                            + update.waybill() + " was replaced by " + leg.waybill() + ": " + describe(update),
                    "carrier", "tracking:" + booking.orderCode() + ":" + update.state().name() + ":" + update.waybill());
            return leg.receipt() instanceof ReceiptGuard.Verdict.NotReceipt no
                    ? new Outcome.Rejected("Return " + returnId + ": " + no.why()) : new Outcome.Applied();
        }
        if (leg.waybillAdopted()) {
            replaceWaybill(booking, leg.waybill(), update);
        }
        ReturnStatus status = returns.status(returnId);

        if (update.state().isNoEarlierThan(booking.trackingState())) {
            bookings.track(booking.orderCode(), leg.waybill(), update.state());
        }
        if (update.courier() != null) {
            bookings.courier(booking.orderCode(), update.courier().name(), update.courier().phone(),
                    update.courier().pickupCode());
        }
        if (update.charge() != null) {
            freight.carrierCharged(booking.orderCode(), leg.waybill(), update.charge(), update.at());
        }
        timeline.recordOnce(returnId, update.at(), "TRACKING_" + update.state().name(), describe(update),
                "carrier", "tracking:" + booking.orderCode() + ":" + update.state().name());
        if (leg.collects()) {
            bookings.collected(booking.orderCode(), leg.waybill(), update.at());
        } else if (leg.takesCollectionBack()) {
            bookings.collectionTakenBack(booking.orderCode());
        }

        if (status.isClosed() || booking.status() == PickupBookings.Status.CANCELLED) {
            return new Outcome.Applied();
        }
        if (update.state() == TrackingState.COURIER_ASSIGNED && isLatest(booking)
                && (status == ReturnStatus.REQUESTED || status == ReturnStatus.AWAITING_PICKUP)) {
            // the courier the buyer waits for now (the merchant's pickup.courier_assigned), once per booking: not
            // one of a booking the journey replaced, nor news of a parcel that is on its way already
            timeline.recordOnce(returnId, update.at(), "PICKUP_COURIER_ASSIGNED", "Courier assigned to pickup "
                    + booking.orderCode(), "carrier", "courier-assigned:" + booking.orderCode());
        }
        if (leg.collects()) {
            // asked before it is told: the collection is on the timeline before the journey moves on, which
            // may withdraw a failed pickup's task at once
            if (journey.isWaitingFor(returnId, ReturnJourney.MSG_PARCEL_COLLECTED)) {
                progress.collected(returnId, "Courier collected the parcel (" + booking.orderCode() + ")");
                journey.tell(returnId, ReturnJourney.MSG_PARCEL_COLLECTED);
            } else if (status == ReturnStatus.REQUESTED || status == ReturnStatus.AWAITING_PICKUP) {
                // the journey is busy with this pickup (e.g. rebooking after a missed window): the
                // collection must not be lost, so it is applied once the journey waits for it again
                return new Outcome.NotReady("Return " + returnId + " is not waiting for the courier right now");
            }
        }
        if (update.state() == TrackingState.PICKUP_FAILED || leg.takesCollectionBack()) {
            return pickupGivenUp(booking, update);
        }
        // the parcel is going back to the buyer: it will not reach the warehouse on its own
        if (update.state() == TrackingState.RETURNED_TO_SENDER
                && journey.tellIfWaiting(returnId, ReturnJourney.MSG_PARCEL_LOST)) {
            log.warn("Carrier reports the parcel of {} going back to its sender: investigating", booking.orderCode());
        }
        if (leg.receipt() != null) {
            if (leg.receipt() instanceof ReceiptGuard.Verdict.NotReceipt no) {
                return new Outcome.Rejected("Return " + returnId + ": " + no.why());
            }
            if (leg.receipt() instanceof ReceiptGuard.Verdict.NotYet notYet) {
                return new Outcome.NotReady("Return " + returnId + ": " + notYet.why());
            }
            // asked before it is told: the return is RECEIVED before its journey moves on, which may set it
            // INSPECTING at once
            if (journey.isWaitingFor(returnId, ReturnJourney.MSG_PARCEL_SIGNED)) {
                progress.received(returnId, "Signed at the warehouse (" + booking.orderCode() + ")");
                journey.tell(returnId, ReturnJourney.MSG_PARCEL_SIGNED);
                return new Outcome.Applied();
            }
            ReturnStatus now = returns.status(returnId);
            if (now == ReturnStatus.RECEIVED || now == ReturnStatus.INSPECTING || now.isClosed()) {
                return new Outcome.Applied();
            }
            return new Outcome.NotReady("Return " + returnId + " is " + now + " and not yet waiting for receipt");
        }
        return new Outcome.Applied();
    }

    /**
     * The carrier gave the pickup up. Only the return's latest booking speaks for it (an older booking's
     * cancellation is the rebooking's doing). Before collection the journey treats it as a no-show; a fake
     * collection found out after the journey moved on sends the return to the missing-parcel investigation.
     */
    private Outcome pickupGivenUp(Booking booking, TrackingUpdate update) {
        String returnId = booking.returnId();
        if (!isLatest(booking)) {
            return new Outcome.Applied();
        }
        // asked before it is told: the failed pickup is on the timeline before the journey moves on, which may
        // open customer service's task at once. Recorded only when the journey hears of it: a carrier that
        // pushes the same fact again, or reports a booking the journey has left behind, adds nothing.
        if (journey.isWaitingFor(returnId, ReturnJourney.MSG_PICKUP_FAILED)) {
            progress.note(returnId, "PICKUP_GIVEN_UP", "The carrier gave the pickup up (" + booking.orderCode()
                    + ", " + update.state() + ")", "carrier");
            journey.tell(returnId, ReturnJourney.MSG_PICKUP_FAILED);
            log.info("Carrier gave up pickup {} ({}): treated as a courier who did not come", booking.orderCode(),
                    update.state());
        } else if (update.state() == TrackingState.FAKE_COLLECTION
                && journey.tellIfWaiting(returnId, ReturnJourney.MSG_PARCEL_LOST)) {
            log.warn("Carrier reports the collection of {} as fake after the journey moved on: investigating",
                    booking.orderCode());
        }
        return new Outcome.Applied();
    }

    /** Whether the booking is the return's latest home pickup: an older one was replaced by a rebooking. */
    private boolean isLatest(Booking booking) {
        return bookings.latest(booking.returnId(), PickupBookings.Purpose.HOME_PICKUP)
                .map(b -> b.orderCode().equals(booking.orderCode())).orElse(false);
    }

    private Outcome amend(Booking booking, TrackingUpdate update) {
        TrackingUpdate.Amendment change = update.amendment();
        String returnId = booking.returnId();
        String key = "tracking:" + booking.orderCode() + ":" + update.state().name();
        switch (update.state()) {
            case WAYBILL_CHANGED -> {
                String waybill = Text.trimToNull(change.waybill());
                if (waybill != null && !waybill.equals(booking.waybill())) {
                    replaceWaybill(booking, waybill, update);
                }
                return new Outcome.Applied();
            }
            case REDISPATCHED -> {
                String waybill = Text.trimToNull(change.waybill());
                bookings.amend(booking.orderCode(), change.carrier(), waybill, true, null);
                subscriptions.supersede(booking.waybill(), waybill);
                timeline.recordOnce(returnId, update.at(), "PICKUP_REDISPATCHED", "Carrier re-dispatched the pickup from "
                        + orDash(Text.firstNonBlank(change.previousCarrier(), booking.carrier())) + " (waybill "
                        + orDash(Text.firstNonBlank(change.previousWaybill(), booking.waybill())) + ") to "
                        + change.carrier() + " (waybill " + orDash(waybill) + ")", "carrier",
                        key + ":" + change.carrier() + ":" + waybill);
                log.info("Pickup {} re-dispatched to {} (waybill {})", booking.orderCode(), change.carrier(), waybill);
                return new Outcome.Applied();
            }
            case ORDER_CHANGED -> {
                String waybill = Text.trimToNull(change.waybill());
                if (change.accepted()) {
                    bookings.amend(booking.orderCode(), change.carrier(), waybill, false, change.carrierOrderRef());
                    if (waybill != null) {
                        subscriptions.supersede(booking.waybill(), waybill);
                    }
                }
                timeline.recordOnce(returnId, update.at(), "TRACKING_ORDER_CHANGED", change.accepted()
                                ? "Carrier changed the order: reference " + orDash(change.carrierOrderRef()) + ", carrier "
                                + orDash(Text.firstNonBlank(change.carrier(), booking.carrier())) + ", waybill "
                                + orDash(Text.firstNonBlank(waybill, booking.waybill()))
                                : "Carrier kept the order unchanged: " + orDash(update.description()), "carrier",
                        key + ":" + change.accepted() + ":" + change.carrierOrderRef() + ":" + waybill);
                return new Outcome.Applied();
            }
            case CHARGED -> {
                freight.carrierCharged(booking.orderCode(), booking.waybill(), update.charge(), update.at());
                timeline.recordOnce(returnId, update.at(), "TRACKING_CHARGED", describe(update), "carrier",
                        key + ":" + update.charge().kind() + ":" + update.charge().totalFee());
                return new Outcome.Applied();
            }
            default -> throw new IllegalStateException(update.state() + " is not an amendment");
        }
    }

    /** The parcel travels on another waybill now: the booking, the timeline and the tracking move to it. */
    private void replaceWaybill(Booking booking, String waybill, TrackingUpdate update) {
        bookings.amend(booking.orderCode(), null, waybill, false, null);
        subscriptions.supersede(booking.waybill(), waybill);
        timeline.recordOnce(booking.returnId(), update.at(), "PICKUP_WAYBILL_CHANGED", "Waybill changed from "
                        + orDash(booking.waybill()) + " to " + waybill, "carrier",
                "waybill:" + booking.orderCode() + ":" + waybill);
        log.info("Pickup {} travels on waybill {} now (was {})", booking.orderCode(), waybill, booking.waybill());
    }


    private static String describe(TrackingUpdate update) {
        return Text.fit(update.describe(null), MAX_DETAIL);
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "—" : text;
    }
}
