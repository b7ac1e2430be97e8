package io.returnflow.carrier.inbox;

import io.returnflow.carrier.TrackingUpdate;

/**
 * Hears of every update the journey took into account, inside that entry's own transaction (so what it
 * writes is kept or rolled back with the journey's writes). The carrier feature uses it to subscribe to a
 * waybill as soon as a push brings one, and to remember when each shipment was last heard of.
 */
@FunctionalInterface
public interface AppliedUpdateListener {

    /**
     * @param entry   the inbox entry the update was read from
     * @param update  the update, as the journey got it
     * @param carrier the carrier code the entry names, or null
     */
    void applied(InboxEntry entry, TrackingUpdate update, String carrier);
}
