package io.returnflow.storeshipment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Start listener of the BPMN event "Collection time": the shipment leaves on its schedule only once the
 * parcels being put in it at this moment are in, and never after the parcel that made it full has told it
 * so ({@link ConsolidatedShipments#collectionTimeCame}).
 */
@Component("collectionTimeCame")
class CollectionTimeCame implements ExecutionListener {

    private final ConsolidatedShipments shipments;

    public CollectionTimeCame(ConsolidatedShipments shipments) {
        this.shipments = shipments;
    }

    @Override
    public void notify(DelegateExecution execution) {
        shipments.collectionTimeCame((String) execution.getVariable(StoreShipmentProcess.VAR_STORE_ID));
    }
}
