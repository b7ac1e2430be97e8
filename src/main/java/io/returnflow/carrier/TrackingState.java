package io.returnflow.carrier;

/**
 * The product's normalised carrier facts; every provider code maps to one of these in its adapter, and a
 * code the adapter does not know maps to none (it is parked, never guessed).
 *
 * <p>Most are states of the shipment on its way to the warehouse. Four are <em>amendments</em>: the
 * carrier changed something about the booking (its waybill, its carrier, its order, its charge) without
 * the parcel moving; they never replace the shipment's state ({@link #isAmendment()}).
 */
public enum TrackingState {
    BOOKED,
    COURIER_ASSIGNED,
    /** The courier is at the door; not a collection (the parcel may still stay with the buyer). */
    COURIER_AT_DOOR,
    COLLECTED,
    IN_TRANSIT,
    /** Signed for, in the carrier's own vocabulary; receipt only when {@link ReceiptGuard} says so. */
    SIGNED,
    EXCEPTION,
    RETURNED_TO_SENDER,
    /** Nobody will come for this booking: the carrier could not dispatch it, or cancelled it. */
    PICKUP_FAILED,
    /** A courier claimed a collection that did not happen: the parcel is still with the sender. */
    FAKE_COLLECTION,
    /** Amendment: the shipment now travels on another waybill of the same carrier. */
    WAYBILL_CHANGED,
    /** Amendment: the booking was handed to another carrier (new carrier, new waybill). */
    REDISPATCHED,
    /** Amendment: the carrier's answer to a change of the order (new order reference, carrier, waybill). */
    ORDER_CHANGED,
    /** Amendment: the carrier's own weight and fees for the shipment ({@link CarrierCharge}). */
    CHARGED;

    /** True for a change to the booking that says nothing about where the parcel is. */
    public boolean isAmendment() {
        return this == WAYBILL_CHANGED || this == REDISPATCHED || this == ORDER_CHANGED || this == CHARGED;
    }

    /**
     * The state's place on the way to the warehouse, for keeping a shipment's state from moving
     * backwards when updates arrive out of order; problem states rank with the journey so far. A fake
     * collection ranks with the collection it takes back, so it replaces it.
     */
    public int rank() {
        return switch (this) {
            case BOOKED -> 0;
            case COURIER_ASSIGNED, COURIER_AT_DOOR, PICKUP_FAILED -> 1;
            case COLLECTED, FAKE_COLLECTION -> 2;
            case IN_TRANSIT, EXCEPTION -> 3;
            case SIGNED, RETURNED_TO_SENDER -> 4;
            case WAYBILL_CHANGED, REDISPATCHED, ORDER_CHANGED, CHARGED -> -1;
        };
    }

    /**
     * Whether this state may replace {@code current} (none known yet: {@code null}) without moving
     * backwards. An amendment never replaces a state.
     */
    public boolean isNoEarlierThan(TrackingState current) {
        if (isAmendment()) {
            return false;
        }
        return current == null || current.isAmendment() || rank() >= current.rank();
    }
}
