package io.returnflow.carrier;

import java.time.OffsetDateTime;

/**
 * One normalised fact about one shipment, whatever provider reported it.
 *
 * @param returnId    the return the carrier echoed back (our callback value)
 * @param orderCode   our order code of the booking; {@code null} when the carrier named only the waybill
 * @param waybill     the carrier's tracking number the fact is about, when known (for an amendment: the
 *                    waybill the shipment travels on from now on)
 * @param state       the normalised fact
 * @param at          the carrier's time of the event
 * @param station     where it happened, as the carrier says it
 * @param description the carrier's description
 * @param report      which of the carrier's reports it came from: its vocabulary decides what a code means
 * @param courier     who comes to collect, when the carrier named the courier
 * @param amendment   what the carrier changed about the booking, for an amendment
 * @param charge      the carrier's own weight and fees, when it reported them
 */
public record TrackingUpdate(String returnId, String orderCode, String waybill, TrackingState state,
                             OffsetDateTime at, String station, String description, Report report,
                             Courier courier, Amendment amendment, CarrierCharge charge) {

    public TrackingUpdate {
        if (state == null || report == null) {
            throw new IllegalArgumentException("a tracking update needs its state and the report it came from");
        }
    }

    /** A plain tracking fact about a waybill, without courier, amendment or charge. */
    public TrackingUpdate(String returnId, String orderCode, String waybill, TrackingState state,
                          OffsetDateTime at, String station, String description) {
        this(returnId, orderCode, waybill, state, at, station, description, Report.WAYBILL_TRACKING, null, null,
                null);
    }

    /**
     * Whether the carrier says by this fact that it holds the parcel under {@link #waybill()}: a collection,
     * a movement, or a signature in a tracking snapshot of the waybill (whose history holds the collection).
     * A signature in a pickup-order report proves nothing about collection on its own.
     */
    public boolean provesCollection() {
        return state == TrackingState.COLLECTED || state == TrackingState.IN_TRANSIT
                || (state == TrackingState.SIGNED && report == Report.WAYBILL_TRACKING);
    }

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

    /** The carrier's reports, each with a vocabulary of its own. */
    public enum Report {
        /** About the pickup order (Kdniao 103): dispatch, courier, collection, changes to the order. */
        PICKUP_ORDER,
        /** About a waybill's journey (Kdniao 101 pushes, 1002 answers): full snapshots of its traces. */
        WAYBILL_TRACKING
    }

    /**
     * The courier the carrier sent.
     *
     * @param pickupCode the code the buyer gives the courier at the door, when the carrier issued one
     */
    public record Courier(String name, String phone, String pickupCode) {

        public boolean isEmpty() {
            return blank(name) && blank(phone) && blank(pickupCode);
        }
    }

    /**
     * What the carrier changed about a booking. Blank parts did not change.
     *
     * @param carrier          the carrier the booking is with from now on, when it changed
     * @param waybill          the waybill the shipment travels on from now on, when it changed
     * @param previousCarrier  the carrier it was with, when the carrier said
     * @param previousWaybill  the waybill it travelled on, when the carrier said
     * @param carrierOrderRef  the carrier's own reference of the order from now on, when it changed
     * @param accepted         false when the carrier refused a change (the booking stays as it was)
     */
    public record Amendment(String carrier, String waybill, String previousCarrier, String previousWaybill,
                            String carrierOrderRef, boolean accepted) {
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
