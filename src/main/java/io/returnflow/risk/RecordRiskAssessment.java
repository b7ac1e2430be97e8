package io.returnflow.risk;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import io.returnflow.returns.RefundTiming;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * End listener of the business rule task "Assess return risk": records what the table decided, which rules fired
 * with their descriptions and on what facts ({@link RiskAssessments}), notes {@code RISK_ASSESSED} on the timeline,
 * and sets the journey's variables ({@link RiskOutcome#applyTo}); a refund that now waits for an inspection is
 * recorded on the return as {@code AFTER_INSPECTION}.
 */
@Component("recordRiskAssessment")
class RecordRiskAssessment implements ExecutionListener {

    /** Where a business rule task without a result variable leaves the table's answer. */
    static final String VAR_DECISION_RESULT = "decisionResult";

    private final RiskFactsOfReturns riskFacts;
    private final RiskAssessments assessments;
    private final RiskRuleDescriptions descriptions;
    private final ReturnRepository returns;
    private final ReturnProgress progress;
    private final Clock clock;

    RecordRiskAssessment(RiskFactsOfReturns riskFacts, RiskAssessments assessments, RiskRuleDescriptions descriptions, ReturnRepository returns,
                         ReturnProgress progress, Clock clock) {
        this.riskFacts = riskFacts;
        this.assessments = assessments;
        this.descriptions = descriptions;
        this.returns = returns;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        DmnDecisionResult result = (DmnDecisionResult) execution.getVariable(VAR_DECISION_RESULT);
        RiskFacts facts = riskFacts.of(returnId);
        RiskOutcome outcome = RiskOutcome.of(result == null ? List.of() : result.getResultList());
        RiskRuleDescriptions.DeployedTable table = descriptions.latest();
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<RiskAssessment.Rule> rules = outcome.rules().stream()
                .map(fired -> new RiskAssessment.Rule(fired.rule(), fired.action(), table.description(fired.rule())))
                .toList();
        assessments.record(new RiskAssessment(returnId, now, RiskAssessments.DECISION_KEY, table.version(),
                outcome.actions(), rules, facts.byName(), null));

        outcome.applyTo(execution);
        if (outcome.inspectionRequired()) {
            returns.updateRefundDue(returnId, RefundTiming.AFTER_INSPECTION, now);
        }
        progress.note(returnId, "RISK_ASSESSED", detail(outcome, table.version()), "policy");
    }

    private static String detail(RiskOutcome outcome, int version) {
        String table = RiskAssessments.DECISION_KEY + " v" + version;
        if (outcome.allowed()) {
            return "Risk: allowed (" + table + ", no rule fired)";
        }
        return "Risk: " + String.join(", ", outcome.actions()) + " (" + table + ": "
                + outcome.rules().stream().map(RiskOutcome.FiredRule::rule).distinct()
                .collect(Collectors.joining(", ")) + ")"
                + (outcome.inspectionRequired() ? "; manual inspection, refund due AFTER_INSPECTION" : "");
    }
}
