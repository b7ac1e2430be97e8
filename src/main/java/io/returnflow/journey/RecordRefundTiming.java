package io.returnflow.journey;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import io.returnflow.returns.RefundTiming;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * End listener of the business rule task "Decide refund timing": the table's answer (the variable
 * {@code refundTiming}) becomes the return's {@code refund.due}, so the API shows what the journey
 * will do. An answer that is not a known timing is recorded, and routed, as {@code AFTER_INSPECTION}; a return
 * that exchanges a line is never refunded at hand-over ({@link RefundTimingPolicy#forExchanges}).
 */
@Component("recordRefundTiming")
class RecordRefundTiming implements ExecutionListener {

    public static final String VAR_REFUND_TIMING = "refundTiming";

    private final ReturnRepository returns;
    private final ReturnProgress progress;
    private final Clock clock;

    public RecordRefundTiming(ReturnRepository returns, ReturnProgress progress, Clock clock) {
        this.returns = returns;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        Object answer = execution.getVariable(VAR_REFUND_TIMING);
        RefundTiming decided = RefundTimingPolicy.parse(answer);
        RefundTiming timing = RefundTimingPolicy.forExchanges(decided, returns.resolutions(returnId).values().stream()
                .anyMatch(line -> line.resolution() == Resolution.EXCHANGE));
        if (!timing.name().equals(answer)) {
            execution.setVariable(VAR_REFUND_TIMING, timing.name());
        }
        returns.updateRefundDue(returnId, timing, OffsetDateTime.now(clock));
        progress.note(returnId, "REFUND_TIMING", "Refund due " + timing.name() + " ("
                + RefundTimingPolicy.DECISION_KEY + (timing == decided ? ")" : ": " + decided.name()
                + "; a return with an exchanged line refunds once its parcel is received)"), "policy");
    }
}
