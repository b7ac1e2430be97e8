package io.returnflow.returns;

import java.util.Optional;

/**
 * Port to the store network: the carrier leg of a return that was handed in at a store and rides in
 * the store's consolidated shipment. Returns does not know how stores ship; the store network answers.
 */
public interface StoreShipmentLegs {

    /**
     * The booked shipment that carries the return: its order code, carrier, waybill and tracking state.
     *
     * @return empty when the return rides in no store shipment, or its shipment is not booked yet
     */
    Optional<CarrierLeg> legOf(String returnId);
}
