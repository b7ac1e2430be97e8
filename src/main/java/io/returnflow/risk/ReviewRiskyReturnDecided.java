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
 * requires an inspection (the refund then waits for it), or rejects the return, and says why in a note (kept with
 * the assessment; a rejection's note is the reason the merchant and the buyer are told). What every exception
 * task's listener does besides is in {@link ExceptionTaskClosed}.
 */
@Component("reviewRiskyReturnDecided")
public class ReviewRiskyReturnDecided extends ExceptionTaskClosed {

    static final String TASK = "Activity_ReviewRiskyReturn";
    static final String DECISION = "riskReviewDecision";
    static final String NOTE = "riskReviewNote";
    static final String APPROVE = "APPROVE";
    static final String REQUIRE_INSPECTION = "REQUIRE_INSPECTION";
    static final String REJECT = "REJECT";
    /** A note says something. */
    public static final int NOTE_MIN = 3;
    /** Fits the return's rejection reasons and the assessment's note. */
    public static final int NOTE_MAX = 500;

    public ReviewRiskyReturnDecided(ReturnProgress progress) {
        super(TASK, Set.of(DECISION, NOTE), progress);
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String decision = choice(submission, DECISION, List.of(APPROVE, REQUIRE_INSPECTION, REJECT), problems);
        Object written = submission.variable(NOTE);
        String note = written == null ? "" : written.toString().trim();
        if (note.length() < NOTE_MIN || note.length() > NOTE_MAX) {
            problems.add(new ApiProblem.FieldError(NOTE, "Say why, in " + NOTE_MIN + " to " + NOTE_MAX
                    + " characters" + (REJECT.equals(decision) ? ": the merchant and the buyer are told" : "")));
        }
        if (decision == null) {
            return null;
        }
        String detail = switch (decision) {
            case REJECT -> "reject";
            case REQUIRE_INSPECTION -> "require an inspection, the refund waits for it";
            default -> "approve";
        };
        return new Decision("RISK_REVIEWED", detail + ": " + note);
    }
}
