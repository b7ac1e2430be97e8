package io.returnflow.returns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import io.returnflow.returns.eligibility.EligibilityPolicy;

/**
 * End listener of the business rule task "Check eligibility", which asks the analysts' table
 * {@code return-eligibility} once per returned line (multi-instance over {@code lineId}): a line the
 * table refuses, or that no rule covers, adds its reason to the return and makes {@code eligible}
 * false. One refused line refuses the whole return; the buyer is told which and why.
 */
@Component("recordItemEligibility")
public class RecordItemEligibility implements ExecutionListener {

    /**
     * The table's answer for the current line: the engine keeps it as a transient variable of the task,
     * so nothing of it is stored with the journey.
     */
    public static final String VAR_DECISION_RESULT = "decisionResult";

    private final ReturnRepository returns;
    private final ReturnPolicyFacts facts;
    private final ReturnProgress progress;

    public RecordItemEligibility(ReturnRepository returns, ReturnPolicyFacts facts, ReturnProgress progress) {
        this.returns = returns;
        this.facts = facts;
        this.progress = progress;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        String lineId = (String) execution.getVariable("lineId");
        DmnDecisionResult result = (DmnDecisionResult) execution.getVariable(VAR_DECISION_RESULT);
        Map<String, Object> answer = result == null ? null : result.getFirstResult();
        // the line's facts as the table was asked them (read once for all the tables); the reasons so far
        // fresh, and only for a refused line
        CustomerReturn r = facts.asRequested(returnId);
        String category = r.items().stream().filter(item -> item.lineId().equals(lineId)).findFirst()
                .map(item -> EligibilityPolicy.category(item.category())).orElse("?");
        EligibilityPolicy.refusalOf(lineId, category, r.reason().name(),
                EligibilityPolicy.calendarDay(r.deliveredAt()), answer).ifPresent(refusal -> {
                    List<String> reasons = new ArrayList<>(returns.rejectionReasons(returnId));
                    reasons.add(refusal.sentence());
                    progress.refusalReasons(returnId, reasons);
                    execution.setVariable(ReturnJourney.VAR_ELIGIBLE, false);
                });
    }
}
