package io.returnflow.pickup;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** BPMN "Cancel pickup booking" (asyncBefore, retried): the courier must not come for a cancelled return. */
@Component("cancelPickup")
public class CancelPickup implements JavaDelegate {

    private final PickupService pickups;

    public CancelPickup(PickupService pickups) {
        this.pickups = pickups;
    }

    @Override
    public void execute(DelegateExecution execution) {
        pickups.cancel((String) execution.getVariable("returnId"));
    }
}
