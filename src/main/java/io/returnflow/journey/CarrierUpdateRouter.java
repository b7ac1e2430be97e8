package io.returnflow.journey;

import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.TrackingUpdateHandler;
import io.returnflow.storeshipment.ShipmentTracking;

/**
 * Where the carrier inbox's updates go: those about a store's consolidated shipment (its order code, or
 * its waybill when the carrier names no order) to {@link ShipmentTracking}, every other one to the
 * returns' own {@link ReturnTracking}, unchanged.
 */
@Primary
@Component
public class CarrierUpdateRouter implements TrackingUpdateHandler {

    private final ShipmentTracking shipments;
    private final ReturnTracking returns;

    public CarrierUpdateRouter(ShipmentTracking shipments, ReturnTracking returns) {
        this.shipments = shipments;
        this.returns = returns;
    }

    @Override
    public Outcome apply(TrackingUpdate update) {
        return shipments.concerns(update) ? shipments.apply(update) : returns.apply(update);
    }
}
