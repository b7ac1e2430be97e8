package io.returnflow.returns;

import java.util.Optional;

import io.returnflow.carrier.TrackingState;
import io.returnflow.pickup.PickupBookings;

/**
 * The carrier leg that brings a return's parcel to the warehouse, as claims and customer service's task
 * facts show it: the home pickup's booking, or the store's consolidated shipment the parcel rode in.
 *
 * @param orderCode     our order code with the carrier
 * @param carrier       the carrier's code
 * @param waybill       the carrier's tracking number, {@code null} until it names one
 * @param trackingState the newest state the carrier reported, {@code null} when none is known
 */
public record CarrierLeg(String orderCode, String carrier, String waybill, TrackingState trackingState) {

    /** The leg of a home pickup booking. */
    public static CarrierLeg of(PickupBookings.Booking booking) {
        return new CarrierLeg(booking.orderCode(), booking.carrier(), booking.waybill(), booking.trackingState());
    }

    /**
     * The leg that carries the return: the store's shipment it rode in after a drop-off, else its latest
     * home pickup; empty when no courier was booked for it yet.
     */
    public static Optional<CarrierLeg> ofReturn(String returnId, StoreShipmentLegs storeShipments, PickupBookings bookings) {
        return storeShipments.legOf(returnId)
                .or(() -> bookings.latest(returnId, PickupBookings.Purpose.HOME_PICKUP).map(CarrierLeg::of));
    }
}
