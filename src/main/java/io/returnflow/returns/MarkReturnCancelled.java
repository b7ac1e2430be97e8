package io.returnflow.returns;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** BPMN "Mark return cancelled": the return is CANCELLED at once; undoing the booking or code follows. */
@Component("markReturnCancelled")
public class MarkReturnCancelled implements JavaDelegate {

    private final ReturnProgress progress;

    public MarkReturnCancelled(ReturnProgress progress) {
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        progress.cancelled((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID), "Return cancelled");
    }
}
