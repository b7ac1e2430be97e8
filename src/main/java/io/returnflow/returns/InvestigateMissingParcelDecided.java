package io.returnflow.returns;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskSubmission;

/**
 * The decision listener of "Investigate missing parcel" ({@value #TASK}): refund the buyer without the
 * parcel, keep waiting until a time at most {@link #LONGEST_WAIT} ahead, or close the parcel as lost.
 * What every exception task's listener does besides is in {@link ExceptionTaskClosed}.
 */
@Component("investigateMissingParcelDecided")
class InvestigateMissingParcelDecided extends ExceptionTaskClosed {

    static final String TASK = "Activity_InvestigateMissingParcel";
    static final String MISSING_PARCEL_DECISION = "missingParcelDecision";
    static final String WAIT_UNTIL = KeepWaiting.VAR_WAIT_UNTIL;
    /** Longer than this, waiting for a missing parcel is not a decision but a lost claim. */
    static final Duration LONGEST_WAIT = Duration.ofDays(30);

    private final ZoneId zone;
    private final Clock clock;

    /**
     * @param zone the zone a time without offset is read in: the business's ({@link BusinessProperties#zone()}),
     *             which the form's times are given in and {@link KeepWaiting} reads them in
     */
    public InvestigateMissingParcelDecided(ReturnProgress progress, @Value("${returnflow.business.zone}") ZoneId zone,
                                           Clock clock) {
        super(TASK, Set.of(MISSING_PARCEL_DECISION, WAIT_UNTIL), progress);
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String decision = choice(submission, MISSING_PARCEL_DECISION,
                List.of("REFUND_ANYWAY", "KEEP_WAITING", "CLOSE_AS_LOST"), problems);
        if (decision == null) {
            return null;
        }
        String type = "MISSING_PARCEL_DECIDED";
        return switch (decision) {
            case "KEEP_WAITING" -> {
                Optional<OffsetDateTime> until = Moments.parse(submission.variable(WAIT_UNTIL), zone);
                OffsetDateTime now = OffsetDateTime.now(clock);
                if (until.isEmpty()) {
                    problems.add(new ApiProblem.FieldError(WAIT_UNTIL, "Say until when to wait (a date and time)"));
                } else if (!until.get().isAfter(now)) {
                    problems.add(new ApiProblem.FieldError(WAIT_UNTIL, "Wait until a time in the future; "
                            + until.get() + " has passed"));
                } else if (until.get().isAfter(now.plus(LONGEST_WAIT))) {
                    problems.add(new ApiProblem.FieldError(WAIT_UNTIL, "Wait at most " + LONGEST_WAIT.toDays()
                            + " days; claim against the carrier instead (close as lost)"));
                }
                yield until.map(u -> new Decision(type, "keep waiting until " + u)).orElse(null);
            }
            case "CLOSE_AS_LOST" -> new Decision(type, "close as lost and claim against the carrier, refund the buyer");
            default -> new Decision(type, "refund the buyer without the parcel");
        };
    }
}
