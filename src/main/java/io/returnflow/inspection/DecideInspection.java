package io.returnflow.inspection;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * BPMN "Decide inspection", once the parcel is signed at the warehouse: sets {@code inspection} to
 * MANUAL (an inspector looks: valuable items, or a reason that needs a look) or AUTOMATIC.
 */
@Component("decideInspection")
public class DecideInspection implements JavaDelegate {

    private final InspectionService inspections;

    public DecideInspection(InspectionService inspections) {
        this.inspections = inspections;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(InspectionVariables.INSPECTION,
                inspections.decide((String) execution.getVariable("returnId")).name());
    }
}
