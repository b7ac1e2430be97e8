package io.returnflow.returns;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** BPMN "Reject return": the return closes as REJECTED with the policy's reasons; its order lines are free again. */
@Component("rejectReturn")
class RejectReturn implements JavaDelegate {

    private final ReturnProgress progress;

    public RejectReturn(ReturnProgress progress) {
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        progress.reject((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID));
    }
}
