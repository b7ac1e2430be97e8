package io.returnflow.carrier;

/**
 * The carrier's answer to a booking.
 *
 * @param waybill         the tracking number; often {@code null} until the courier collects (late-bound)
 * @param carrierOrderRef the carrier's own reference of the order (Kdniao's KDNOrderCode), when it gave one
 */
public record PickupBooking(String orderCode, String carrier, String waybill, String carrierOrderRef) {

    /** An answer without the carrier's own order reference. */
    public PickupBooking(String orderCode, String carrier, String waybill) {
        this(orderCode, carrier, waybill, null);
    }
}
