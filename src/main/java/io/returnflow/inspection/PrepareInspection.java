package io.returnflow.inspection;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Task-create listener of "Inspect returned items": the return becomes {@code INSPECTING}, and the
 * task-local JSON variable
 * {@code inspectionItems} the form edits, one row per returned line (accepted in full, nothing
 * deducted, restocked, the condition left for the inspector to choose).
 */
@Component("prepareInspection")
class PrepareInspection implements TaskListener {

    private final InspectionService inspections;

    public PrepareInspection(InspectionService inspections) {
        this.inspections = inspections;
    }

    @Override
    public void notify(DelegateTask task) {
        String returnId = (String) task.getVariable("returnId");
        inspections.awaitInspector(returnId);
        task.setVariableLocal(InspectionVariables.ITEMS, InspectionVariables.json(inspections.blankSheet(returnId)));
        // a sheet of an earlier inspection (the task done again) must not stand in for this one's
        task.getExecution().removeVariable(InspectionVariables.ITEMS);
    }
}
