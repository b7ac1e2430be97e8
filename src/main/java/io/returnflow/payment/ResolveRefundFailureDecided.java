package io.returnflow.payment;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.ReturnProgress;

/**
 * The decision listener of "Resolve refund failure" ({@value #TASK}): retry the refund, record a refund
 * another channel made (with its reference, and only while the payment provider neither paid it nor may
 * still pay it), or escalate to operations. What every exception task's listener does besides is in
 * {@link ExceptionTaskClosed}.
 */
@Component("resolveRefundFailureDecided")
class ResolveRefundFailureDecided extends ExceptionTaskClosed {

    static final String TASK = "Activity_ResolveRefundFailure";
    static final String REFUND_FAILURE_DECISION = "refundFailureDecision";
    // "Record external refund" reads it: one name
    static final String EXTERNAL_REFUND_REFERENCE = RecordExternalRefund.VAR_EXTERNAL_REFUND_REFERENCE;

    private final RefundLedger refunds;

    public ResolveRefundFailureDecided(ReturnProgress progress, RefundLedger refunds) {
        super(TASK, Set.of(REFUND_FAILURE_DECISION, EXTERNAL_REFUND_REFERENCE), progress);
        this.refunds = refunds;
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String decision = choice(submission, REFUND_FAILURE_DECISION,
                List.of("RETRY", "REFUNDED_ELSEWHERE", "ESCALATE"), problems);
        if (decision == null) {
            return null;
        }
        String type = "REFUND_FAILURE_DECIDED";
        return switch (decision) {
            case "REFUNDED_ELSEWHERE" -> {
                String reference = submission.text(EXTERNAL_REFUND_REFERENCE);
                ExternalRefundReference.problems(reference).forEach(problem ->
                        problems.add(new ApiProblem.FieldError(EXTERNAL_REFUND_REFERENCE, problem)));
                refundStillOpen(returnId(submission)).ifPresent(why ->
                        problems.add(new ApiProblem.FieldError(REFUND_FAILURE_DECISION, why)));
                yield new Decision(type, "refunded by another channel, reference " + reference);
            }
            case "ESCALATE" -> new Decision(type, "escalate to operations");
            default -> new Decision(type, "retry the refund");
        };
    }

    /** Why a refund cannot be recorded as made elsewhere: the provider paid it, or may still be paying it. */
    private Optional<String> refundStillOpen(String returnId) {
        Optional<Refund> refund = returnId == null ? Optional.empty() : refunds.find(returnId);
        if (refund.isEmpty()) {
            return Optional.empty();
        }
        return switch (refund.get().status()) {
            case SUCCEEDED -> Optional.of("The refund already went through (" + refund.get().providerRefundId()
                    + "); there is nothing to record");
            case SENT, PENDING -> Optional.of("The payment provider may still pay this refund (it is "
                    + refund.get().status() + "); retry or escalate instead of recording another channel");
            case INTENDED, FAILED -> Optional.empty();
        };
    }
}
