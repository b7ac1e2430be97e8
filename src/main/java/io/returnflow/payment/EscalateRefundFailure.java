package io.returnflow.payment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnProgress;

/**
 * BPMN "Escalate to operations", after customer service chose ESCALATE in "Resolve refund failure":
 * sets {@value #VAR_REFUND_ESCALATED}, so the task opens again for operations instead of customer service.
 */
@Component("escalateRefundFailure")
class EscalateRefundFailure implements JavaDelegate {

    /** Boolean: read by the candidate-group expression of "Resolve refund failure". */
    public static final String VAR_REFUND_ESCALATED = "refundEscalated";

    private final ReturnProgress progress;

    public EscalateRefundFailure(ReturnProgress progress) {
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(VAR_REFUND_ESCALATED, true);
        Object decidedBy = execution.getVariable(ReturnJourney.VAR_DECIDED_BY);
        progress.note((String) execution.getVariable("returnId"), "REFUND_ESCALATED",
                "The refund failure goes to operations", decidedBy == null ? "customer-service" : decidedBy.toString());
    }
}
