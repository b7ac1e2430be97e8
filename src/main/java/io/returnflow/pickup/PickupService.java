package io.returnflow.pickup;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.returnflow.carrier.CarrierGateway;
import io.returnflow.carrier.CarrierProperties;
import io.returnflow.carrier.PickupBooking;
import io.returnflow.carrier.PickupCancellation;
import io.returnflow.carrier.PickupRequest;
import io.returnflow.carrier.TrackingState;
import io.returnflow.pickup.PickupBookings.Booking;
import io.returnflow.pickup.PickupBookings.Purpose;
import io.returnflow.pickup.PickupBookings.Status;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.WarehouseProperties;

/** Books and cancels the courier who collects a return at the buyer's door. */
@Service
public class PickupService {

    private static final Logger log = LoggerFactory.getLogger(PickupService.class);

    private final ReturnRepository returns;
    private final PickupBookings bookings;
    private final CarrierGateway carrier;
    private final CarrierProperties carrierProperties;
    private final WarehouseProperties warehouse;
    private final PickupProperties pickup;
    private final ReturnProgress progress;
    private final Clock clock;

    public PickupService(ReturnRepository returns, PickupBookings bookings, CarrierGateway carrier,
                         CarrierProperties carrierProperties, WarehouseProperties warehouse, PickupProperties pickup,
                         ReturnProgress progress, Clock clock) {
        this.returns = returns;
        this.bookings = bookings;
        this.carrier = carrier;
        this.carrierProperties = carrierProperties;
        this.warehouse = warehouse;
        this.pickup = pickup;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * Books the next attempt. A retried job books the same order code again (its first try rolled
     * back with the job), which the carrier answers with the existing booking.
     */
    public Booking book(String returnId) {
        CustomerReturn r = returns.get(returnId);
        int attempt = bookings.attempts(returnId, Purpose.HOME_PICKUP) + 1;
        String orderCode = Booking.orderCode(returnId, Purpose.HOME_PICKUP, attempt);
        PickupRequest request = new PickupRequest(orderCode, returnId, buyer(r), warehouseParty(warehouse),
                commodities(r, pickup.itemWeightKg()), weight(r, pickup.itemWeightKg()), pieces(r),
                r.pickupWindowStart(), r.pickupWindowEnd(), "Return " + returnId + " of order " + r.orderId());
        PickupBooking answer = carrier.bookPickup(request);
        String carrierCode = answer.carrier() == null ? carrierProperties.defaultCarrier() : answer.carrier();
        Booking booking = new Booking(orderCode, returnId, attempt, Purpose.HOME_PICKUP, carrierCode,
                blankToNull(answer.waybill()), r.pickupWindowStart(), r.pickupWindowEnd(), Status.BOOKED,
                TrackingState.BOOKED, OffsetDateTime.now(clock));
        bookings.insert(booking);
        progress.awaitingPickup(returnId, "Courier booked (" + carrierCode + ", order " + orderCode + ") for "
                + r.pickupWindowStart() + " – " + r.pickupWindowEnd());
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
        String orderCode = bookings.latest(returnId, Purpose.HOME_PICKUP)
                .filter(b -> b.status() == Status.BOOKED)
                .map(Booking::orderCode)
                .orElse(Booking.orderCode(returnId, Purpose.HOME_PICKUP,
                        bookings.attempts(returnId, Purpose.HOME_PICKUP) + 1));
        Booking booking = bookings.find(orderCode).orElse(null);
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

    static PickupRequest.Party buyer(CustomerReturn r) {
        CustomerReturn.PickupAddress a = r.pickupAddress();
        return new PickupRequest.Party(r.customer().name(), r.customer().phone(), a.province(), a.city(),
                a.district(), a.line(), a.postCode());
    }

    public static PickupRequest.Party warehouseParty(WarehouseProperties w) {
        return new PickupRequest.Party(w.contact() == null ? w.name() : w.name() + " " + w.contact(), w.mobile(),
                w.province(), w.city(), w.district(), w.address(), w.postCode());
    }

    public static List<PickupRequest.Commodity> commodities(CustomerReturn r, BigDecimal itemWeightKg) {
        return r.items().stream()
                .map(i -> new PickupRequest.Commodity(i.name(), i.quantity(),
                        itemWeightKg.multiply(BigDecimal.valueOf(i.quantity())), i.unitPrice()))
                .toList();
    }

    public static BigDecimal weight(CustomerReturn r, BigDecimal itemWeightKg) {
        return itemWeightKg.multiply(BigDecimal.valueOf(pieces(r)));
    }

    public static int pieces(CustomerReturn r) {
        return r.items().stream().mapToInt(i -> i.quantity()).sum();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
