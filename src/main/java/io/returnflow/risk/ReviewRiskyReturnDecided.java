package io.returnflow.risk;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.ReturnProgress;

/**
 * The decision listener of "Review risky return" ({@value #TASK}): customer service approves the return as it is,
 * requires an inspection (the refund then waits for it), or rejects the return. A rejection says why in its note
 * (the merchant and the buyer are told). What every exception task's listener does besides is in
 * {@link ExceptionTaskClosed}.
 */
@Component("reviewRiskyReturnDecided")
class ReviewRiskyReturnDecided extends ExceptionTaskClosed {

    static final String TASK = "Activity_ReviewRiskyReturn";
    static final String DECISION = "riskReviewDecision";
    static final String NOTE = "riskReviewNote";
    static final String APPROVE = "APPROVE";
    static final String REQUIRE_INSPECTION = "REQUIRE_INSPECTION";
    static final String REJECT = "REJECT";
    /** Fits the return's rejection reasons and the assessment's note. */
    static final int LONGEST_NOTE = 500;

    ReviewRiskyReturnDecided(ReturnProgress progress) {
        super(TASK, Set.of(DECISION, NOTE), progress);
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String decision = choice(submission, DECISION, List.of(APPROVE, REQUIRE_INSPECTION, REJECT), problems);
        Object written = submission.variable(NOTE);
        String note = written == null ? "" : written.toString().trim();
        if (note.length() > LONGEST_NOTE) {
            problems.add(new ApiProblem.FieldError(NOTE, "Keep the note to " + LONGEST_NOTE + " characters"));
        }
        if (REJECT.equals(decision) && note.isEmpty()) {
            problems.add(new ApiProblem.FieldError(NOTE, "Say why the return is rejected: the merchant and the "
                    + "buyer are told"));
        }
        if (decision == null) {
            return null;
        }
        String detail = switch (decision) {
            case REJECT -> "reject";
            case REQUIRE_INSPECTION -> "require an inspection, the refund waits for it";
            default -> "approve";
        };
        return new Decision("RISK_REVIEWED", detail + (note.isEmpty() ? "" : ": " + note));
    }
}
