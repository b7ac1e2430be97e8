package io.returnflow.carrier.inbox;

/** Where an inbox entry stands. */
public enum InboxStatus {
    /** Waiting to be handed to the journey (again, after a backoff). */
    PENDING,
    /** Handed over and taken into account. */
    PROCESSED,
    /** Given up on: unreadable, rejected by the journey, or never ready; waits for operations. */
    PARKED
}
