package io.returnflow.pickup;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.carrier.PickupCancellation;

/**
 * BPMN "Cancel pickup booking" (asyncBefore, retried): the courier must not come for a cancelled return.
 *
 * <p>A carrier that cannot be reached is a technical failure (retries, then an incident). A carrier
 * that refuses because the courier already has the parcel is a business outcome: it is thrown as the
 * BPMN error {@value #PICKUP_ALREADY_COLLECTED}, which the journey catches on this task and hands to
 * customer service. The error's message (which booking, the carrier's reason) reaches the journey in
 * the variable the boundary event names.
 */
@Component("cancelPickup")
public class CancelPickup implements JavaDelegate {

    /** The error code of the BPMN error {@code Error_PickupAlreadyCollected}. */
    public static final String PICKUP_ALREADY_COLLECTED = "PICKUP_ALREADY_COLLECTED";

    private final PickupService pickups;

    public CancelPickup(PickupService pickups) {
        this.pickups = pickups;
    }

    @Override
    public void execute(DelegateExecution execution) {
        PickupCancellation outcome = pickups.cancel((String) execution.getVariable("returnId"));
        if (outcome instanceof PickupCancellation.Refused refused) {
            throw new BpmnError(PICKUP_ALREADY_COLLECTED, "The carrier refused to cancel pickup "
                    + refused.orderCode() + ": " + refused.reason());
        }
    }
}
