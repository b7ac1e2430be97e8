package io.returnflow.returns;

/** Where a return stands (JOURNEYS.md). */
public enum ReturnStatus {
    REQUESTED,
    AWAITING_PICKUP,
    AWAITING_DROP_OFF,
    IN_TRANSIT,
    RECEIVED,
    INSPECTING,
    COMPLETED,
    REJECTED,
    CANCELLED,
    EXPIRED;

    /** A closed return takes no more events and holds no order line. */
    public boolean isClosed() {
        return this == COMPLETED || this == REJECTED || this == CANCELLED || this == EXPIRED;
    }

    /** Ends that give the order lines back, so they can be returned again. */
    public boolean releasesOrderLines() {
        return this == REJECTED || this == CANCELLED || this == EXPIRED;
    }

    /** The parcel has left the buyer: a cancellation is no longer possible. */
    public boolean isParcelOnItsWay() {
        return this == IN_TRANSIT || this == RECEIVED || this == INSPECTING || this == COMPLETED;
    }
}
