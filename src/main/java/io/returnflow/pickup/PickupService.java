package io.returnflow.pickup;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.returnflow.carrier.CarrierGateway;
import io.returnflow.carrier.CarrierProperties;
import io.returnflow.carrier.PickupCancellation;
import io.returnflow.carrier.PickupRequest;
import io.returnflow.carrier.TrackingState;
import io.returnflow.pickup.PickupBookings.Booking;
import io.returnflow.pickup.PickupBookings.Purpose;
import io.returnflow.pickup.PickupBookings.Status;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/** Books and cancels the courier who collects a return at the buyer's door. */
@Service
public class PickupService {

    private static final Logger log = LoggerFactory.getLogger(PickupService.class);

    private final ReturnRepository returns;
    private final PickupBookings bookings;
    private final CarrierBooker booker;
    private final CarrierGateway carrier;
    private final CarrierProperties carrierProperties;
    private final ReturnProgress progress;
    private final Clock clock;

    public PickupService(ReturnRepository returns, PickupBookings bookings, CarrierBooker booker,
                         CarrierGateway carrier, CarrierProperties carrierProperties, ReturnProgress progress,
                         Clock clock) {
        this.returns = returns;
        this.bookings = bookings;
        this.booker = booker;
        this.carrier = carrier;
        this.carrierProperties = carrierProperties;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * Books the next attempt. A retried job books the same order code again (its first try rolled
     * back with the job), which the carrier answers with the existing booking.
     */
    public Booking book(String returnId) {
        CustomerReturn r = returns.get(returnId);
        Booking booking = booker.book(r, buyer(r), r.pickupWindowStart(), r.pickupWindowEnd(),
                "Return " + returnId + " of order " + r.orderId());
        progress.awaitingPickup(returnId, "Courier booked (" + booking.carrier() + ", order " + booking.orderCode()
                + ") for " + r.pickupWindowStart() + " – " + r.pickupWindowEnd());
        return booking;
    }

    /**
     * Cancels the current booking, before collection. When the booking job never finished, the
     * attempt it would have booked is cancelled anyway: its call may have reached the carrier before
     * the job rolled back, and a courier must never come for a cancelled return.
     *
     * @return {@link PickupCancellation.Cancelled} when nobody will come, or
     *         {@link PickupCancellation.Refused} when the courier already has the parcel: the booking
     *         then stands (it is not marked cancelled) and records the collection the carrier reported;
     *         what happens to the return is the journey's decision
     */
    public PickupCancellation cancel(String returnId) {
        Optional<Booking> latest = bookings.latest(returnId, Purpose.HOME_PICKUP);
        Booking booking = latest.filter(b -> b.status() == Status.BOOKED).orElse(null);
        // nothing booked (yet): the attempt the booking step would make next may exist at the carrier
        String orderCode = booking != null ? booking.orderCode()
                : Booking.orderCode(returnId, latest.map(Booking::attempt).orElse(0) + 1);
        String carrierCode = booking == null || booking.carrier() == null ? carrierProperties.defaultCarrier()
                : booking.carrier();
        PickupCancellation answer = carrier.cancelPickup(orderCode, carrierCode);
        if (answer instanceof PickupCancellation.Refused refused) {
            log.warn("Return {}: carrier refused to cancel {}, the courier has the parcel: {}", returnId, orderCode,
                    refused.reason());
            // the refusal is news of the collection; a state the carrier reported later is kept
            if (booking != null && (booking.trackingState() == null || booking.trackingState() == TrackingState.BOOKED
                    || booking.trackingState() == TrackingState.COURIER_ASSIGNED)) {
                bookings.track(orderCode, null, TrackingState.COLLECTED);
            }
            return refused;
        }
        if (booking != null) {
            bookings.markCancelled(orderCode, OffsetDateTime.now(clock));
        }
        progress.note(returnId, "PICKUP_CANCELLED", "Courier booking " + orderCode + " cancelled", "carrier");
        return answer;
    }

    /**
     * Replaces the current booking by one for {@code window}: cancels the current booking at the
     * carrier, then books the next attempt. When the carrier refuses the cancellation the courier
     * already has the parcel: nothing is rebooked and the booking stands; the carrier's collection
     * report moves the journey on (see {@code ReturnTracking}).
     *
     * @param r the return as the step read it in this transaction (its items, address and buyer are booked)
     */
    public Rebooking rebook(CustomerReturn r, PickupWindows.Window window, String why) {
        String returnId = r.id();
        PickupCancellation cancelled = cancel(returnId);
        if (cancelled instanceof PickupCancellation.Refused refused) {
            progress.note(returnId, "PICKUP_NOT_REBOOKED", "Not rebooked: the carrier says the courier has the parcel ("
                    + refused.orderCode() + ": " + refused.reason() + ")", "carrier");
            return new Rebooking.AlreadyCollected(refused.orderCode(), refused.reason());
        }
        Booking booking = booker.book(r, buyer(r), window.start(), window.end(),
                "Return " + returnId + " of order " + r.orderId() + ", attempt "
                        + (bookings.attempts(returnId, Purpose.HOME_PICKUP) + 1));
        returns.updatePickupWindow(returnId, window.start(), window.end(), OffsetDateTime.now(clock));
        progress.note(returnId, "PICKUP_REBOOKED", why + ": courier booked again (attempt " + booking.attempt() + ", "
                + booking.carrier() + ", order " + booking.orderCode() + ") for " + window.start() + " – "
                + window.end(), "carrier");
        return new Rebooking.Booked(booking);
    }

    /** What became of a rebooking. */
    public sealed interface Rebooking {

        /** A courier is booked for the new window. */
        record Booked(Booking booking) implements Rebooking {
        }

        /** The carrier refused to cancel: its courier has the parcel, so nothing was rebooked. */
        record AlreadyCollected(String orderCode, String reason) implements Rebooking {
        }
    }

    static PickupRequest.Party buyer(CustomerReturn r) {
        CustomerReturn.PickupAddress a = r.pickupAddress();
        return new PickupRequest.Party(r.customer().name(), r.customer().phone(), a.province(), a.city(),
                a.district(), a.line(), a.postCode());
    }
}
