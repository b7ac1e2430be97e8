package io.returnflow.storeshipment;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * BPMN "Receive the shipment's returns" (asyncBefore, retried): each return in the signed shipment is
 * received and its journey told, once; a journey not yet waiting for the warehouse makes it try again.
 */
@Component("receiveShipmentReturns")
class ReceiveShipmentReturns implements JavaDelegate {

    private final ConsolidatedShipments shipments;
    private final Clock clock;

    public ReceiveShipmentReturns(ConsolidatedShipments shipments, Clock clock) {
        this.shipments = shipments;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        shipments.receive((String) execution.getVariable(StoreShipmentProcess.VAR_SHIPMENT_ID),
                OffsetDateTime.now(clock));
    }
}
