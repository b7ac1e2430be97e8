package io.returnflow.carrier;

/** What became of a cancellation request. */
public sealed interface PickupCancellation {

    /** The booking is cancelled (or the carrier never had it: nothing will be collected). */
    record Cancelled(String orderCode) implements PickupCancellation {
    }

    /** The carrier refused: the courier already has the parcel. */
    record Refused(String orderCode, String reason) implements PickupCancellation {
    }
}
