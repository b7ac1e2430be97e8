package io.returnflow.inspection;

import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import io.returnflow.platform.TaskDecisionRules;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.TaskActors;

/**
 * The server's rules for "Inspect returned items": the submitted rows and outcome against the return's
 * items ({@link InspectionSheet}). A submission through the engine REST API is checked before the engine
 * sees it ({@link io.returnflow.platform.TaskSubmissionCheck}); as the task-complete listener the same
 * check refuses any other completion with {@link InvalidInspection}, and the task stays open. A valid one
 * is handed to "Record inspection" on the process (the task's own variables end with the task), with who
 * inspected.
 */
@Component("validateInspection")
class ValidateInspection implements TaskListener, TaskDecisionRules {

    static final String TASK = "Activity_InspectReturnedItems";

    private final InspectionService inspections;

    public ValidateInspection(InspectionService inspections) {
        this.inspections = inspections;
    }

    @Override
    public Set<String> taskDefinitionKeys() {
        return Set.of(TASK);
    }

    @Override
    public Set<String> inputs(String taskDefinitionKey) {
        return Set.of(InspectionVariables.ITEMS, InspectionVariables.OUTCOME);
    }

    @Override
    public void check(TaskSubmission submission) {
        verdict(submission);
    }

    @Override
    public void notify(DelegateTask task) {
        var execution = task.getExecution();
        InspectionSheet.Verdict verdict = verdict(new TaskSubmission(task.getTaskDefinitionKey(), name -> {
            if (InspectionVariables.ITEMS.equals(name)) {
                // Tasklist's form submit updates the task's own copy; a plain task completion (REST
                // /task/{id}/complete) sets the variable on the process, where the task's copy hides it
                Object submitted = execution.getVariable(name);
                return submitted != null ? submitted : task.getVariableLocal(name);
            }
            return task.getVariable(name);
        }));
        execution.setVariable(InspectionVariables.ITEMS,
                InspectionVariables.json(InspectionSheet.toJson(verdict.lines())));
        execution.setVariable(InspectionVariables.OUTCOME, verdict.outcome().name());
        execution.setVariable(InspectionVariables.INSPECTED_BY, TaskActors.of(task));
    }

    private InspectionSheet.Verdict verdict(TaskSubmission submission) {
        Object returnId = submission.variable("returnId");
        return inspections.check(returnId == null ? null : returnId.toString(),
                submission.variable(InspectionVariables.OUTCOME),
                InspectionVariables.jsonText(submission.variable(InspectionVariables.ITEMS)));
    }
}
