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
}
