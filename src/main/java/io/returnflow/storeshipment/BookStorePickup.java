package io.returnflow.storeshipment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * BPMN "Book the store's pickup" (asyncBefore, retried): one courier at the store for the whole shipment.
 * A carrier that cannot be reached, or refuses (usually the store's data or account is wrong), fails the
 * job: it is retried, then an incident on the store's shipment tells operations, who fix the cause and
 * retry in Cockpit. The order code stays the shipment's own on every try.
 */
@Component("bookStorePickup")
class BookStorePickup implements JavaDelegate {

    private final ConsolidatedShipments shipments;

    public BookStorePickup(ConsolidatedShipments shipments) {
        this.shipments = shipments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        StoreShipment booked = shipments.book((String) execution.getVariable(StoreShipmentProcess.VAR_SHIPMENT_ID));
        execution.setVariable("orderCode", booked.orderCode());
    }
}
