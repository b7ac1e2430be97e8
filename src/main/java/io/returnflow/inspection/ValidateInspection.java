package io.returnflow.inspection;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;
import io.returnflow.returns.TaskActors;

/**
 * Task-complete listener of "Inspect returned items": checks the submitted rows and outcome against
 * the return's items ({@link InspectionSheet}). An invalid submission throws {@link InvalidInspection}:
 * the completion fails with its message and the task stays open. A valid one is handed to "Record
 * inspection" on the process (the task's own variables end with the task), with who inspected.
 */
@Component("validateInspection")
public class ValidateInspection implements TaskListener {

    private final InspectionService inspections;

    public ValidateInspection(InspectionService inspections) {
        this.inspections = inspections;
    }

    @Override
    public void notify(DelegateTask task) {
        String returnId = (String) task.getVariable("returnId");
        var execution = task.getExecution();
        // Tasklist's form submit updates the task's own copy; a plain task completion (REST
        // /task/{id}/complete) sets the variable on the process, where the task's copy hides it
        Object submitted = execution.getVariable(InspectionVariables.ITEMS);
        InspectionSheet.Verdict verdict = inspections.check(returnId, task.getVariable(InspectionVariables.OUTCOME),
                InspectionVariables.jsonText(submitted != null ? submitted
                        : task.getVariableLocal(InspectionVariables.ITEMS)));
        execution.setVariable(InspectionVariables.ITEMS,
                InspectionVariables.json(InspectionSheet.toJson(verdict.lines())));
        execution.setVariable(InspectionVariables.OUTCOME, verdict.outcome().name());
        execution.setVariable(InspectionVariables.INSPECTED_BY, TaskActors.of(task));
    }
}
