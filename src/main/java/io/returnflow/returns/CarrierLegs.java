package io.returnflow.returns;

import java.util.Optional;

/**
 * Port: the carrier legs of one kind that bring returns' parcels to the warehouse. The features that book
 * couriers answer it (a home pickup's booking, a store's consolidated shipment); the core asks
 * {@link ReturnLegs} for the leg that carries a return and never learns how a feature ships.
 *
 * <p>Implementations are asked in their {@link org.springframework.core.annotation.Order}: the leg a return
 * takes later first ({@link #LATER_LEG}, a store's shipment after a drop-off, also one that follows a failed
 * home pickup), then the earlier one ({@link #EARLIER_LEG}, the home pickup).
 */
public interface CarrierLegs {

    /** Order of the legs a return takes last (a store's shipment). */
    int LATER_LEG = 10;
    /** Order of the legs a return takes first (its home pickup). */
    int EARLIER_LEG = 20;

    /**
     * The booked leg of this kind that carries the return: its order code, carrier, waybill and state.
     *
     * @return empty when no leg of this kind carries the return, or it is not booked yet
     */
    Optional<CarrierLeg> legOf(String returnId);
}
