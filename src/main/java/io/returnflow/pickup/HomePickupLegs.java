package io.returnflow.pickup;

import java.util.Optional;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.returnflow.returns.CarrierLeg;
import io.returnflow.returns.CarrierLegs;

/** A return's home pickup as its carrier leg: the latest booking, once one was made. */
@Component
@Order(CarrierLegs.EARLIER_LEG)
class HomePickupLegs implements CarrierLegs {

    private final PickupBookings bookings;

    HomePickupLegs(PickupBookings bookings) {
        this.bookings = bookings;
    }

    @Override
    public Optional<CarrierLeg> legOf(String returnId) {
        return bookings.latest(returnId, PickupBookings.Purpose.HOME_PICKUP)
                .map(b -> new CarrierLeg(b.orderCode(), b.carrier(), b.waybill(),
                        b.trackingState() == null ? null : b.trackingState().name()));
    }
}
