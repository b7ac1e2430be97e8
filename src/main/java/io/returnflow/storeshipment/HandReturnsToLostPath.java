package io.returnflow.storeshipment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * BPMN "Hand the returns to the lost-parcel path" (asyncBefore, retried): the shipment is LOST and each
 * return's journey hears {@code ParcelLost}, which sends it to customer service's investigation.
 */
@Component("handReturnsToLostPath")
class HandReturnsToLostPath implements JavaDelegate {

    private final ConsolidatedShipments shipments;

    public HandReturnsToLostPath(ConsolidatedShipments shipments) {
        this.shipments = shipments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        shipments.handToLostPath((String) execution.getVariable(StoreShipmentProcess.VAR_SHIPMENT_ID));
    }
}
