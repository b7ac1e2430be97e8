package io.returnflow.risk;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/**
 * BPMN "Gather risk facts": the return's {@link RiskFacts} for "Assess return risk", which runs next in the same
 * transaction. A transient variable ({@value #VAR_RISK_FACTS}): the facts are never stored in the engine, only
 * with the assessment.
 */
@Component("gatherRiskFacts")
class GatherRiskFacts implements JavaDelegate {

    /** The transient variable holding the facts; the business rule task's inputs read it. */
    static final String VAR_RISK_FACTS = "riskFacts";

    private final RiskHistory history;

    GatherRiskFacts(RiskHistory history) {
        this.history = history;
    }

    @Override
    public void execute(DelegateExecution execution) {
        RiskFacts facts = history.of((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID));
        execution.setVariable(VAR_RISK_FACTS, Variables.objectValue(facts, true).create());
    }
}
