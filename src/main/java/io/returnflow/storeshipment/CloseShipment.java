package io.returnflow.storeshipment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * BPMN "Close the shipment": no parcel joins it any more (later check-ins wait for the next shipment);
 * sets {@code parcels}, how many it carries, for Cockpit.
 */
@Component("closeShipment")
class CloseShipment implements JavaDelegate {

    private final ConsolidatedShipments shipments;

    public CloseShipment(ConsolidatedShipments shipments) {
        this.shipments = shipments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String shipmentId = (String) execution.getVariable(StoreShipmentProcess.VAR_SHIPMENT_ID);
        execution.setVariable("parcels", shipments.close(shipmentId).size());
    }
}
