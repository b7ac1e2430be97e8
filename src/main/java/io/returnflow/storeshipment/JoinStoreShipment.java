package io.returnflow.storeshipment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/**
 * The journey's BPMN "Put the parcel in the store's next shipment" (asyncBefore, retried): the checked-in
 * parcel joins its store's open consolidated shipment. Idempotent: a retried step finds the return in
 * the shipment it joined.
 */
@Component("joinStoreShipment")
class JoinStoreShipment implements JavaDelegate {

    private final ConsolidatedShipments shipments;

    public JoinStoreShipment(ConsolidatedShipments shipments) {
        this.shipments = shipments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        shipments.join((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID));
    }
}
