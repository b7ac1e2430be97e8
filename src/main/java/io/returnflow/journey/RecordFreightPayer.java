package io.returnflow.journey;

import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import io.returnflow.returns.FreightPayerPolicy;
import io.returnflow.returns.RecordItemEligibility;
import io.returnflow.returns.ReturnJourney;

/**
 * End listener of the business rule task "Decide who pays the freight" (the analysts' table
 * {@code freight-payer}): hands the table's answer to {@link FreightPayerPricing}, which records the
 * return's freight payer and the refund that follows from it.
 */
@Component("recordFreightPayer")
class RecordFreightPayer implements ExecutionListener {

    private final FreightPayerPricing pricing;

    public RecordFreightPayer(FreightPayerPricing pricing) {
        this.pricing = pricing;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        DmnDecisionResult result = (DmnDecisionResult) execution.getVariable(RecordItemEligibility.VAR_DECISION_RESULT);
        pricing.record(returnId, FreightPayerPolicy.parse(result == null ? null : result.getFirstResult(),
                "return " + returnId));
    }
}
