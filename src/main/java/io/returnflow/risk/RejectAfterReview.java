package io.returnflow.risk;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnTimeline;

/**
 * BPMN "Reject after review": the return ends {@code REJECTED} with customer service's note as its reason, its
 * order lines are free again, and the timeline's {@code REJECTED} (by the reviewer) tells the merchant
 * ({@code return.rejected}).
 */
@Component("rejectAfterReview")
class RejectAfterReview implements JavaDelegate {

    private final ReturnRepository returns;
    private final ReturnTimeline timeline;
    private final Clock clock;

    RejectAfterReview(ReturnRepository returns, ReturnTimeline timeline, Clock clock) {
        this.returns = returns;
        this.timeline = timeline;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        String reason = "Rejected after a risk review: " + execution.getVariable(ReviewRiskyReturnDecided.NOTE);
        returns.reject(returnId, List.of(reason), OffsetDateTime.now(clock));
        returns.releaseOrderLines(returnId);
        timeline.record(returnId, "REJECTED", reason, (String) execution.getVariable(ReturnJourney.VAR_DECIDED_BY));
    }
}
