package io.returnflow.carrier.tracking;

/** Where a waybill's tracking subscription stands. */
public enum SubscriptionStatus {
    /** Known, the carrier not yet told (or it failed and is tried again after a backoff). */
    REQUESTED,
    /** The carrier accepted it: it pushes the waybill's tracking. */
    SUBSCRIBED,
    /** Given up on (refused, or failed too often); waits for operations. */
    PARKED,
    /**
     * Subscribed, but the carrier told nothing new for the polling bound ({@code max-silence} or
     * {@code max-silent-polls}): no longer polled. A push (or any update) of the waybill makes it
     * {@link #SUBSCRIBED} again. The parcel is never taken for delivered: the journey's lost-parcel timer hands it
     * to customer service.
     */
    SILENT,
    /** The shipment travels on another waybill now (the carrier changed it): neither sent nor polled. */
    SUPERSEDED
}
