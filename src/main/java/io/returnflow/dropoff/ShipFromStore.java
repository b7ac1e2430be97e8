package io.returnflow.dropoff;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** BPMN "Ship parcel from the store" (asyncBefore, retried): books the store-to-warehouse leg. */
@Component("shipFromStore")
public class ShipFromStore implements JavaDelegate {

    private final StoreShipmentService shipments;

    public ShipFromStore(StoreShipmentService shipments) {
        this.shipments = shipments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        shipments.ship((String) execution.getVariable("returnId"));
    }
}
