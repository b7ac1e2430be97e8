package io.returnflow.dropoff;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** BPMN "Issue drop-off code": a single-use code for the chosen store. */
@Component("issueDropOffCode")
public class IssueDropOffCode implements JavaDelegate {

    private final DropOffService dropOffs;

    public IssueDropOffCode(DropOffService dropOffs) {
        this.dropOffs = dropOffs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        dropOffs.issue((String) execution.getVariable("returnId"));
    }
}
