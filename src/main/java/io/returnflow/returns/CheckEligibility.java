package io.returnflow.returns;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.eligibility.EligibilityVerdict;

/**
 * BPMN "Check eligibility": every item against the eligibility policy (DMN). Writes the decision
 * ({@code eligible}) for the gateway; the reasons of a refusal are kept with the return.
 */
@Component("checkEligibility")
public class CheckEligibility implements JavaDelegate {

    private final ReturnRepository returns;
    private final ReturnEligibility eligibility;
    private final ReturnProgress progress;

    public CheckEligibility(ReturnRepository returns, ReturnEligibility eligibility, ReturnProgress progress) {
        this.returns = returns;
        this.eligibility = eligibility;
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        EligibilityVerdict verdict = eligibility.of(returns.get(returnId));
        if (!verdict.eligible()) {
            progress.refusalReasons(returnId, verdict.reasons());
        }
        execution.setVariable(ReturnJourney.VAR_ELIGIBLE, verdict.eligible());
    }
}
