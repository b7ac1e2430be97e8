package io.returnflow.returns;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** BPMN "Complete return": received and refunded. */
@Component("completeReturn")
class CompleteReturn implements JavaDelegate {

    private final ReturnProgress progress;

    public CompleteReturn(ReturnProgress progress) {
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        progress.completed((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID));
    }
}
