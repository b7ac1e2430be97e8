package io.returnflow.inspection;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * BPMN "Record inspection": stores the inspector's findings and plans the refund from them (accepted
 * quantities less deductions), and each line's disposition (whatever the outcome: a rejected line is in the
 * warehouse too). The rows are checked again, so that nothing unchecked is ever stored.
 */
@Component("recordInspection")
class RecordInspection implements JavaDelegate {

    private final InspectionService inspections;
    private final Dispositions dispositions;

    public RecordInspection(InspectionService inspections, Dispositions dispositions) {
        this.inspections = inspections;
        this.dispositions = dispositions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable("returnId");
        InspectionSheet.Verdict verdict = inspections.check(returnId,
                execution.getVariable(InspectionVariables.OUTCOME),
                InspectionVariables.jsonText(execution.getVariable(InspectionVariables.ITEMS)));
        Object inspector = execution.getVariable(InspectionVariables.INSPECTED_BY);
        String inspectedBy = inspector == null ? "unknown" : inspector.toString();
        inspections.record(returnId, verdict, inspectedBy);
        dispositions.recordInspected(returnId, verdict.lines(), inspectedBy);
    }
}
