package io.returnflow.carrier;

import java.time.OffsetDateTime;

/**
 * One normalised tracking fact about one shipment, whatever provider reported it.
 *
 * @param returnId    the return the carrier echoed back (our callback value)
 * @param orderCode   our order code of the booking
 * @param waybill     the carrier's tracking number, when known
 * @param state       the normalised state
 * @param at          the carrier's time of the event
 * @param station     where it happened, as the carrier says it
 * @param description the carrier's description
 */
public record TrackingUpdate(String returnId, String orderCode, String waybill, TrackingState state,
                             OffsetDateTime at, String station, String description) {
}
