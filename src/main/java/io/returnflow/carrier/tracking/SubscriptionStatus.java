package io.returnflow.carrier.tracking;

/** Where a waybill's tracking subscription stands. */
public enum SubscriptionStatus {
    /** Known, the carrier not yet told (or it failed and is tried again after a backoff). */
    REQUESTED,
    /** The carrier accepted it: it pushes the waybill's tracking. */
    SUBSCRIBED,
    /** Given up on (refused, or failed too often); waits for operations. */
    PARKED,
    /** The shipment travels on another waybill now (the carrier changed it): neither sent nor polled. */
    SUPERSEDED
}
