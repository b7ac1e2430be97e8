package io.returnflow.dropoff;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** BPMN "Void drop-off code": a cancelled return's code no longer checks in. */
@Component("voidDropOffCode")
class VoidDropOffCode implements JavaDelegate {

    private final DropOffService dropOffs;

    public VoidDropOffCode(DropOffService dropOffs) {
        this.dropOffs = dropOffs;
    }

    @Override
    public void execute(DelegateExecution execution) {
        dropOffs.voidCode((String) execution.getVariable("returnId"));
    }
}
