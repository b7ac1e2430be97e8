package io.returnflow.dropoff;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnMethod;

/**
 * BPMN "Switch to store drop-off" (asyncBefore, retried), after customer service chose
 * SWITCH_TO_DROP_OFF in "Resolve failed pickup": cancels the courier's booking, records the store of
 * {@value #VAR_DROP_OFF_STORE_ID} and makes the return a store drop-off ({@code method}); "Issue
 * drop-off code" follows.
 */
@Component("switchToDropOff")
public class SwitchToDropOff implements JavaDelegate {

    /** String: the store customer service chose. */
    public static final String VAR_DROP_OFF_STORE_ID = "dropOffStoreId";

    private final DropOffService dropOffs;

    public SwitchToDropOff(DropOffService dropOffs) {
        this.dropOffs = dropOffs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object decidedBy = execution.getVariable(ReturnJourney.VAR_DECIDED_BY);
        dropOffs.switchFromPickup((String) execution.getVariable("returnId"),
                String.valueOf(execution.getVariable(VAR_DROP_OFF_STORE_ID)).trim(),
                decidedBy == null ? "customer-service" : decidedBy.toString());
        execution.setVariable(ReturnJourney.VAR_METHOD, ReturnMethod.STORE_DROPOFF.name());
    }
}
