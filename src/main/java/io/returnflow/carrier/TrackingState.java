package io.returnflow.carrier;

/** The product's normalised tracking states; every provider code maps to one of these in its adapter. */
public enum TrackingState {
    BOOKED,
    COURIER_ASSIGNED,
    COLLECTED,
    IN_TRANSIT,
    /** Delivered to the return address: the only state that counts as receipt. */
    SIGNED,
    EXCEPTION,
    RETURNED_TO_SENDER;

    /** True when the courier has the parcel (collection happened, whatever came after). */
    public boolean isCollectedOrLater() {
        return this == COLLECTED || this == IN_TRANSIT || this == SIGNED;
    }

    /**
     * The state's place on the way to the warehouse, for keeping a shipment's state from moving
     * backwards when updates arrive out of order; problem states rank with the journey so far.
     */
    public int rank() {
        return switch (this) {
            case BOOKED -> 0;
            case COURIER_ASSIGNED -> 1;
            case COLLECTED -> 2;
            case IN_TRANSIT, EXCEPTION -> 3;
            case SIGNED, RETURNED_TO_SENDER -> 4;
        };
    }

    /** Whether this state may replace {@code current} (none known yet: {@code null}) without moving backwards. */
    public boolean isNoEarlierThan(TrackingState current) {
        return current == null || rank() >= current.rank();
    }
}
