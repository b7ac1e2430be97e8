package io.returnflow.risk;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/**
 * BPMN "Gather risk facts": the return's {@link RiskFacts} for "Assess return risk", which runs next in the same
 * transaction ({@link RiskFactsOfReturns}): the facts are never stored in the engine, only with the assessment.
 */
@Component("gatherRiskFacts")
class GatherRiskFacts implements JavaDelegate {

    private final RiskFactsOfReturns facts;

    GatherRiskFacts(RiskFactsOfReturns facts) {
        this.facts = facts;
    }

    @Override
    public void execute(DelegateExecution execution) {
        facts.gather((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID));
    }
}
