package io.returnflow.returns;

/**
 * The carrier leg that brings a return's parcel to the warehouse, as claims and customer service's task
 * facts show it: the home pickup's booking, or the store's consolidated shipment the parcel rode in
 * ({@link CarrierLegs}).
 *
 * @param orderCode     our order code with the carrier
 * @param carrier       the carrier's code
 * @param waybill       the carrier's tracking number, {@code null} until it names one
 * @param trackingState the name of the newest tracking state the carrier reported, {@code null} when none is
 *                      known
 */
public record CarrierLeg(String orderCode, String carrier, String waybill, String trackingState) {
}
