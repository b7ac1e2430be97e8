package io.returnflow.inspection;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * BPMN "Record inspection": stores the inspector's findings and plans the refund from them (accepted
 * quantities less deductions). The rows are checked again, so that nothing unchecked is ever stored.
 */
@Component("recordInspection")
class RecordInspection implements JavaDelegate {

    private final InspectionService inspections;

    public RecordInspection(InspectionService inspections) {
        this.inspections = inspections;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable("returnId");
        InspectionSheet.Verdict verdict = inspections.check(returnId,
                execution.getVariable(InspectionVariables.OUTCOME),
                InspectionVariables.jsonText(execution.getVariable(InspectionVariables.ITEMS)));
        Object inspector = execution.getVariable(InspectionVariables.INSPECTED_BY);
        inspections.record(returnId, verdict, inspector == null ? "unknown" : inspector.toString());
    }
}
