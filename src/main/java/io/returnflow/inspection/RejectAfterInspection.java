package io.returnflow.inspection;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** BPMN "Reject after inspection": the return ends REJECTED with the inspector's reasons; nothing is refunded. */
@Component("rejectAfterInspection")
class RejectAfterInspection implements JavaDelegate {

    private final InspectionService inspections;

    public RejectAfterInspection(InspectionService inspections) {
        this.inspections = inspections;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object inspector = execution.getVariable(InspectionVariables.INSPECTED_BY);
        inspections.reject((String) execution.getVariable("returnId"),
                inspector == null ? "unknown" : inspector.toString());
    }
}
