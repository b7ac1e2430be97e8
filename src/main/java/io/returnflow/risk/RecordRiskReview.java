package io.returnflow.risk;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.RefundTiming;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnRepository;

/**
 * BPMN "Record risk review": customer service's decision goes with the return's assessment (the return's view shows
 * it); a required inspection makes the inspection manual and the refund wait for it, on the journey and on the
 * return.
 */
@Component("recordRiskReview")
class RecordRiskReview implements JavaDelegate {

    private final RiskAssessments assessments;
    private final ReturnRepository returns;
    private final Clock clock;

    RecordRiskReview(RiskAssessments assessments, ReturnRepository returns, Clock clock) {
        this.assessments = assessments;
        this.returns = returns;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        String decision = (String) execution.getVariable(ReviewRiskyReturnDecided.DECISION);
        Object note = execution.getVariable(ReviewRiskyReturnDecided.NOTE);
        OffsetDateTime now = OffsetDateTime.now(clock);
        assessments.reviewed(returnId, new RiskAssessment.Review(decision,
                note == null || note.toString().isBlank() ? null : note.toString().trim(),
                (String) execution.getVariable(ReturnJourney.VAR_DECIDED_BY), now));
        if (ReviewRiskyReturnDecided.REQUIRE_INSPECTION.equals(decision)) {
            RiskOutcome.requireInspection(execution);
            returns.updateRefundDue(returnId, RefundTiming.AFTER_INSPECTION, now);
        }
    }
}
