package io.returnflow.dropoff;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.MarkReturnCancelled;

/**
 * BPMN "Expire the return", after "Code expired": the unused code is void and the return ends
 * {@code EXPIRED}, its order lines free again. Sets {@code handOverAbandoned}, so the journey closes.
 */
@Component("expireReturn")
class ExpireReturn implements JavaDelegate {

    private final DropOffService dropOffs;

    public ExpireReturn(DropOffService dropOffs) {
        this.dropOffs = dropOffs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        // false only when the code was checked in at the same moment: then the journey goes on
        boolean expired = dropOffs.expire((String) execution.getVariable("returnId"));
        execution.setVariable(MarkReturnCancelled.VAR_HAND_OVER_ABANDONED, expired);
    }
}
