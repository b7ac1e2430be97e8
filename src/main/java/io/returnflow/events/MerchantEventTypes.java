package io.returnflow.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.returnflow.returns.ReturnMethod;

/**
 * Which timeline entries a merchant hears of, and under which event type. The timeline says everything that
 * happened; an event is what a merchant's system acts on, so most entries (tracking detail, notes) stay out.
 * The types are public contract: add freely, rename none.
 */
public final class MerchantEventTypes {

    public static final String RETURN_REQUESTED = "return.requested";
    public static final String RETURN_REJECTED = "return.rejected";
    public static final String PICKUP_BOOKED = "pickup.booked";
    public static final String PICKUP_COURIER_ASSIGNED = "pickup.courier_assigned";
    public static final String PICKUP_FAILED = "pickup.failed";
    public static final String PICKUP_REBOOKED = "pickup.rebooked";
    public static final String DROPOFF_CODE_ISSUED = "dropoff.code_issued";
    public static final String DROPOFF_CODE_EXPIRING = "dropoff.code_expiring";
    public static final String DROPOFF_CHECKED_IN = "dropoff.checked_in";
    public static final String PARCEL_IN_TRANSIT = "parcel.in_transit";
    public static final String PARCEL_RECEIVED = "parcel.received";
    public static final String INSPECTION_COMPLETED = "inspection.completed";
    public static final String REFUND_SUCCEEDED = "refund.succeeded";
    public static final String REFUND_FAILED = "refund.failed";
    public static final String RETURN_COMPLETED = "return.completed";
    public static final String RETURN_CANCELLED = "return.cancelled";
    public static final String RETURN_EXPIRED = "return.expired";
    public static final String TASK_OPENED = "task.opened";

    /** Every type, in the order a journey meets them (the API's list, the endpoints' choice). */
    public static final List<String> ALL = List.of(RETURN_REQUESTED, RETURN_REJECTED, PICKUP_BOOKED,
            PICKUP_COURIER_ASSIGNED, PICKUP_FAILED, PICKUP_REBOOKED, DROPOFF_CODE_ISSUED, DROPOFF_CODE_EXPIRING,
            DROPOFF_CHECKED_IN, PARCEL_IN_TRANSIT, PARCEL_RECEIVED, INSPECTION_COMPLETED, REFUND_SUCCEEDED,
            REFUND_FAILED, RETURN_COMPLETED, RETURN_CANCELLED, RETURN_EXPIRED, TASK_OPENED);

    /** The timeline entry of a drop-off code's reminder (written by the buyer's notifications). */
    public static final String TIMELINE_CODE_EXPIRING = "DROP_OFF_CODE_EXPIRING";

    private static final Map<String, String> ANY_METHOD = Map.ofEntries(
            Map.entry("REQUESTED", RETURN_REQUESTED),
            Map.entry("REJECTED", RETURN_REJECTED),
            Map.entry("SIGNED", PARCEL_RECEIVED),
            Map.entry("INSPECTED", INSPECTION_COMPLETED),
            Map.entry("REFUNDED", REFUND_SUCCEEDED),
            Map.entry("REFUNDED_ELSEWHERE", REFUND_SUCCEEDED),
            Map.entry("REFUND_FAILED", REFUND_FAILED),
            Map.entry("COMPLETED", RETURN_COMPLETED),
            Map.entry("CANCELLED", RETURN_CANCELLED),
            Map.entry("EXPIRED", RETURN_EXPIRED),
            Map.entry("ACTION_REQUIRED", TASK_OPENED));

    private static final Map<String, String> HOME_PICKUP = Map.of(
            "PICKUP_BOOKED", PICKUP_BOOKED,
            "TRACKING_COURIER_ASSIGNED", PICKUP_COURIER_ASSIGNED,
            "PICKUP_MISSED", PICKUP_FAILED,
            "TRACKING_PICKUP_FAILED", PICKUP_FAILED,
            "PICKUP_REBOOKED", PICKUP_REBOOKED,
            "COLLECTED", PARCEL_IN_TRANSIT);

    // a drop-off's parcel travels in its store's consolidated shipment: the shipment's tracking is the parcel's
    private static final Map<String, String> STORE_DROPOFF = Map.of(
            "DROP_OFF_CODE_ISSUED", DROPOFF_CODE_ISSUED,
            TIMELINE_CODE_EXPIRING, DROPOFF_CODE_EXPIRING,
            "CHECKED_IN", DROPOFF_CHECKED_IN,
            "TRACKING_COLLECTED", PARCEL_IN_TRANSIT);

    private MerchantEventTypes() {
    }

    /** The event a timeline entry of a return of this method makes, if any. */
    public static Optional<String> of(String timelineType, ReturnMethod method) {
        String type = ANY_METHOD.get(timelineType);
        if (type == null) {
            type = (method == ReturnMethod.HOME_PICKUP ? HOME_PICKUP : STORE_DROPOFF).get(timelineType);
        }
        return Optional.ofNullable(type);
    }
}
