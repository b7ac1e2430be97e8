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

    /**
     * The update in words for a return's timeline: the state, where, the carrier's description, and in
     * brackets what carried the parcel and the waybill, e.g.
     * {@code IN_TRANSIT at Shenzhen hub: departed (consolidated shipment SH-1, waybill SF1234)}.
     * Blank parts are left out; callers fit the text to their column.
     *
     * @param carriedBy what carried the parcel when the update is not about the return's own booking,
     *                  e.g. {@code consolidated shipment SH-1}; {@code null} otherwise
     */
    public String describe(String carriedBy) {
        StringBuilder detail = new StringBuilder(state.name());
        if (station != null && !station.isBlank()) {
            detail.append(" at ").append(station.trim());
        }
        if (description != null && !description.isBlank()) {
            detail.append(": ").append(description.trim());
        }
        String about = carriedBy == null || carriedBy.isBlank() ? null : carriedBy;
        String knownWaybill = waybill == null || waybill.isBlank() ? null : "waybill " + waybill.trim();
        if (about != null || knownWaybill != null) {
            detail.append(" (").append(about == null ? knownWaybill
                    : knownWaybill == null ? about : about + ", " + knownWaybill).append(')');
        }
        return detail.toString();
    }
}
