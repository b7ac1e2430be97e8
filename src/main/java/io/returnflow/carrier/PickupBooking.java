package io.returnflow.carrier;

/**
 * The carrier's answer to a booking.
 *
 * @param waybill the tracking number; often {@code null} until the courier collects (late-bound)
 */
public record PickupBooking(String orderCode, String carrier, String waybill) {
}
