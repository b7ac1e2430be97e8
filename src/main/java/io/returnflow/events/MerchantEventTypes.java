package io.returnflow.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which timeline entries a merchant hears of, and under which event type: the one place of that mapping. The
 * timeline says everything that happened; an event is what a merchant's system acts on, so most entries
 * (tracking detail, notes) stay out. The types are public contract: add freely, rename none.
 *
 * <p>Events come from the journey's own entries, each recorded once per fact when the journey hears of it, never
 * from the carrier's raw tracking entries ({@code TRACKING_*}): a carrier may push those for a booking the journey
 * has left behind (a rebooked or cancelled pickup, a switch to drop-off), and a store shipment's tracking reaches
 * its drop-off returns' timelines under the same types. So the mapping does not depend on the return's method
 * either: a return switched to drop-off keeps the events of its pickup.
 *
 * <table>
 * <caption>Event types, in the order a journey meets them</caption>
 * <tr><th>Type</th><th>Timeline entry</th><th>When</th></tr>
 * <tr><td>{@code return.requested}</td><td>{@code REQUESTED}</td><td>the merchant created the return</td></tr>
 * <tr><td>{@code return.rejected}</td><td>{@code REJECTED}</td><td>the eligibility rules refused it at request,
 *     customer service rejected it after a risk review, or the inspector rejected the items</td></tr>
 * <tr><td>{@code pickup.booked}</td><td>{@code PICKUP_BOOKED}</td><td>the first courier was booked</td></tr>
 * <tr><td>{@code pickup.courier_assigned}</td><td>{@code PICKUP_COURIER_ASSIGNED}</td><td>the carrier named
 *     the courier of the pickup the buyer waits for (once per booking)</td></tr>
 * <tr><td>{@code pickup.failed}</td><td>{@code PICKUP_MISSED}, {@code PICKUP_GIVEN_UP}</td><td>the booked window
 *     passed without a collection, or the carrier gave the current booking up (once per booking)</td></tr>
 * <tr><td>{@code pickup.rebooked}</td><td>{@code PICKUP_REBOOKED}</td><td>another courier was booked, by the
 *     journey after a failed pickup or for the window customer service chose</td></tr>
 * <tr><td>{@code dropoff.code_issued}</td><td>{@code DROP_OFF_CODE_ISSUED}</td><td>a drop-off code was issued
 *     (at request, or after a switch from home pickup)</td></tr>
 * <tr><td>{@code dropoff.code_expiring}</td><td>{@code DROP_OFF_CODE_EXPIRING}</td><td>the buyer was reminded of
 *     a code about to expire</td></tr>
 * <tr><td>{@code dropoff.checked_in}</td><td>{@code CHECKED_IN}</td><td>a store clerk checked the parcel in</td></tr>
 * <tr><td>{@code parcel.in_transit}</td><td>{@code COLLECTED}, {@code SHIPMENT_COLLECTED}</td><td>the courier
 *     collected the parcel at the door, or the store's consolidated shipment carrying it was collected</td></tr>
 * <tr><td>{@code parcel.received}</td><td>{@code SIGNED}</td><td>the warehouse signed for the parcel (or its
 *     store shipment)</td></tr>
 * <tr><td>{@code inspection.completed}</td><td>{@code INSPECTED}</td><td>an inspector recorded the outcome</td></tr>
 * <tr><td>{@code refund.succeeded}</td><td>{@code REFUNDED}, {@code REFUNDED_ELSEWHERE}</td><td>the buyer's
 *     refund succeeded (at hand-over, at receipt, after inspection) or was recorded as made elsewhere: once per
 *     return, a step that only confirms an earlier refund adds none</td></tr>
 * <tr><td>{@code refund.failed}</td><td>{@code REFUND_FAILED}</td><td>the provider refused or failed a refund
 *     (once per try)</td></tr>
 * <tr><td>{@code return.completed}</td><td>{@code COMPLETED}</td><td>the journey ended with the refund done</td></tr>
 * <tr><td>{@code return.cancelled}</td><td>{@code CANCELLED}</td><td>the return was cancelled</td></tr>
 * <tr><td>{@code return.expired}</td><td>{@code EXPIRED}</td><td>the drop-off code expired unused</td></tr>
 * <tr><td>{@code task.opened}</td><td>{@code ACTION_REQUIRED}</td><td>an exception task was opened (failed
 *     pickup, refund failure, missing parcel), not routine inspection</td></tr>
 * <tr><td>{@code item.disposition_recorded}</td><td>{@code ITEM_DISPOSITIONED}</td><td>what the warehouse does
 *     with a returned line (restock, refurbish, dispose, return to vendor) was recorded, by the inspector or as
 *     restock for a line not inspected by hand: once per line, whatever the buyer got for it; the detail names
 *     line, sku, quantity and disposition</td></tr>
 * <tr><td>{@code exchange.requested}</td><td>{@code EXCHANGE_REQUESTED}</td><td>the replacements of exchanged lines
 *     were ordered from the shop (once per return; at request for an instant exchange); the return's
 *     {@code exchange} carries the lines and {@code instant}</td></tr>
 * <tr><td>{@code exchange.confirmed}</td><td>{@code EXCHANGE_CONFIRMED}</td><td>the shop confirmed the exchange
 *     order (once)</td></tr>
 * <tr><td>{@code exchange.refused}</td><td>{@code EXCHANGE_REFUSED}</td><td>the shop cannot send the replacements
 *     (out of stock, refused, or given up unanswered): the lines fall back (once)</td></tr>
 * <tr><td>{@code store_credit.issued}</td><td>{@code STORE_CREDIT_ISSUED}</td><td>the return's store credit is on
 *     the buyer's account (issued by the credit system, or recorded as issued by hand): once per return</td></tr>
 * <tr><td>{@code store_credit.failed}</td><td>{@code STORE_CREDIT_FAILED}</td><td>the credit system refused the
 *     store credit for good (once per try)</td></tr>
 * </table>
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
    public static final String ITEM_DISPOSITION_RECORDED = "item.disposition_recorded";
    public static final String EXCHANGE_REQUESTED = "exchange.requested";
    public static final String EXCHANGE_CONFIRMED = "exchange.confirmed";
    public static final String EXCHANGE_REFUSED = "exchange.refused";
    public static final String STORE_CREDIT_ISSUED = "store_credit.issued";
    public static final String STORE_CREDIT_FAILED = "store_credit.failed";

    /** Every type, in the order a journey meets them (the API's list, the endpoints' choice). */
    public static final List<String> ALL = List.of(RETURN_REQUESTED, RETURN_REJECTED, PICKUP_BOOKED,
            PICKUP_COURIER_ASSIGNED, PICKUP_FAILED, PICKUP_REBOOKED, DROPOFF_CODE_ISSUED, DROPOFF_CODE_EXPIRING,
            DROPOFF_CHECKED_IN, PARCEL_IN_TRANSIT, PARCEL_RECEIVED, INSPECTION_COMPLETED, REFUND_SUCCEEDED,
            REFUND_FAILED, RETURN_COMPLETED, RETURN_CANCELLED, RETURN_EXPIRED, TASK_OPENED,
            ITEM_DISPOSITION_RECORDED, EXCHANGE_REQUESTED, EXCHANGE_CONFIRMED, EXCHANGE_REFUSED, STORE_CREDIT_ISSUED,
            STORE_CREDIT_FAILED);

    /** The timeline entry of a drop-off code's reminder (written by the buyer's notifications). */
    public static final String TIMELINE_CODE_EXPIRING = "DROP_OFF_CODE_EXPIRING";

    private static final Map<String, String> BY_TIMELINE_ENTRY = Map.ofEntries(
            Map.entry("REQUESTED", RETURN_REQUESTED),
            Map.entry("REJECTED", RETURN_REJECTED),
            Map.entry("PICKUP_BOOKED", PICKUP_BOOKED),
            Map.entry("PICKUP_COURIER_ASSIGNED", PICKUP_COURIER_ASSIGNED),
            Map.entry("PICKUP_MISSED", PICKUP_FAILED),
            Map.entry("PICKUP_GIVEN_UP", PICKUP_FAILED),
            Map.entry("PICKUP_REBOOKED", PICKUP_REBOOKED),
            Map.entry("DROP_OFF_CODE_ISSUED", DROPOFF_CODE_ISSUED),
            Map.entry(TIMELINE_CODE_EXPIRING, DROPOFF_CODE_EXPIRING),
            Map.entry("CHECKED_IN", DROPOFF_CHECKED_IN),
            Map.entry("COLLECTED", PARCEL_IN_TRANSIT),
            Map.entry("SHIPMENT_COLLECTED", PARCEL_IN_TRANSIT),
            Map.entry("SIGNED", PARCEL_RECEIVED),
            Map.entry("INSPECTED", INSPECTION_COMPLETED),
            Map.entry("REFUNDED", REFUND_SUCCEEDED),
            Map.entry("REFUNDED_ELSEWHERE", REFUND_SUCCEEDED),
            Map.entry("REFUND_FAILED", REFUND_FAILED),
            Map.entry("COMPLETED", RETURN_COMPLETED),
            Map.entry("CANCELLED", RETURN_CANCELLED),
            Map.entry("EXPIRED", RETURN_EXPIRED),
            Map.entry("ACTION_REQUIRED", TASK_OPENED),
            Map.entry("ITEM_DISPOSITIONED", ITEM_DISPOSITION_RECORDED),
            Map.entry("EXCHANGE_REQUESTED", EXCHANGE_REQUESTED),
            Map.entry("EXCHANGE_CONFIRMED", EXCHANGE_CONFIRMED),
            Map.entry("EXCHANGE_REFUSED", EXCHANGE_REFUSED),
            Map.entry("STORE_CREDIT_ISSUED", STORE_CREDIT_ISSUED),
            Map.entry("STORE_CREDIT_FAILED", STORE_CREDIT_FAILED));

    private MerchantEventTypes() {
    }

    /** The event a timeline entry makes, if any. */
    public static Optional<String> of(String timelineType) {
        return Optional.ofNullable(BY_TIMELINE_ENTRY.get(timelineType));
    }
}
