package io.returnflow.carrier.inbox;

import io.returnflow.carrier.TrackingUpdate;

/**
 * Reads a stored entry in its carrier's vocabulary and says what it means in the product's.
 * Implemented by the carrier adapter, so the inbox stays free of any one carrier's protocol.
 */
public interface InboxEntryReader {

    /**
     * The update the entry reports.
     *
     * @throws UnreadableEntryException when it can never be read (the entry is parked with the reason)
     */
    TrackingUpdate read(InboxEntry entry) throws UnreadableEntryException;

    /** The carrier code the entry names (e.g. Kdniao's ShipperCode), or null when it names none. */
    default String carrier(InboxEntry entry) {
        return null;
    }

    /** The entry cannot be turned into an update, now or later. */
    class UnreadableEntryException extends Exception {
        public UnreadableEntryException(String message) {
            super(message);
        }
    }
}
