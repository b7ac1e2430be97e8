package io.returnflow.journey;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import io.returnflow.dropoff.Stores;
import io.returnflow.payment.Refund;
import io.returnflow.payment.RefundLedger;
import io.returnflow.pickup.PickupProperties;
import io.returnflow.pickup.PickupWindows;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskDecisionRefused;
import io.returnflow.platform.TaskDecisionRules;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.KeepWaiting;
import io.returnflow.returns.MarkReturnCancelled;
import io.returnflow.returns.Moments;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.TaskActors;

/**
 * The exception tasks' decisions (customer service and, once escalated, operations): their rules, and
 * their task-complete listener, which writes to the timeline who decided what and clears
 * {@code actionRequired}.
 *
 * <p>A decision that cannot be carried out (a window that is not offered, an unknown store, a waiting
 * time in the past, a missing reference) is refused with {@link TaskDecisionRefused}, naming every
 * problem with its form field. Through the engine REST API the refusal is a 400 before the engine sees
 * the submission ({@link io.returnflow.platform.TaskSubmissionCheck}); as the listener it fails any other
 * completion. Either way the task stays open and nothing is written.
 *
 * <p>Registered on the task's {@code delete} event too, it clears {@code actionRequired} when the
 * task ends without a decision (the courier came after all, the parcel arrived).
 *
 * <p>Sets {@value #VAR_DECIDED_BY} (the deciding user) for the steps that follow.
 */
@Component("exceptionTaskClosed")
class ExceptionTaskClosed implements TaskListener, TaskDecisionRules {

    /** String: the user who completed the last exception task. */
    public static final String VAR_DECIDED_BY = ReturnJourney.VAR_DECIDED_BY;

    static final String RESOLVE_FAILED_PICKUP = "Activity_ResolveFailedPickup";
    static final String INVESTIGATE_MISSING_PARCEL = "Activity_InvestigateMissingParcel";
    static final String RESOLVE_REFUND_FAILURE = "Activity_ResolveRefundFailure";

    static final String FAILED_PICKUP_DECISION = "failedPickupDecision";
    // the delegates that carry a decision out read these: one name each
    static final String REBOOK_WINDOW_START = io.returnflow.pickup.RebookChosenWindow.VAR_REBOOK_WINDOW_START;
    static final String DROP_OFF_STORE_ID = io.returnflow.dropoff.SwitchToDropOff.VAR_DROP_OFF_STORE_ID;
    static final String CANCEL_REASON = MarkReturnCancelled.VAR_CANCEL_REASON;
    static final String MISSING_PARCEL_DECISION = "missingParcelDecision";
    static final String WAIT_UNTIL = KeepWaiting.VAR_WAIT_UNTIL;
    static final String REFUND_FAILURE_DECISION = "refundFailureDecision";
    static final String EXTERNAL_REFUND_REFERENCE = io.returnflow.payment.RecordExternalRefund.VAR_EXTERNAL_REFUND_REFERENCE;

    /** What a person sets on each exception task: the variables of its form. */
    private static final Map<String, Set<String>> INPUTS = Map.of(
            RESOLVE_FAILED_PICKUP,
            Set.of(FAILED_PICKUP_DECISION, REBOOK_WINDOW_START, DROP_OFF_STORE_ID, CANCEL_REASON),
            INVESTIGATE_MISSING_PARCEL, Set.of(MISSING_PARCEL_DECISION, WAIT_UNTIL),
            RESOLVE_REFUND_FAILURE, Set.of(REFUND_FAILURE_DECISION, EXTERNAL_REFUND_REFERENCE));

    /** The reason for a cancellation, as its form field asks for it ({@code minLength}, {@code maxLength}). */
    static final int CANCEL_REASON_MIN = 5;
    static final int CANCEL_REASON_MAX = 500;
    /** The other channel's reference, as its form field asks for it (and the ledger keeps it). */
    static final int REFERENCE_MIN = 3;
    static final int REFERENCE_MAX = 64;
    static final Pattern REFERENCE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 _./:#-]*$");
    /** Longer than this, waiting for a missing parcel is not a decision but a lost claim. */
    static final Duration LONGEST_WAIT = Duration.ofDays(30);

    private static final String SUMMARY = "The decision cannot be carried out";

    private final ReturnRepository returns;
    private final ReturnProgress progress;
    private final PickupWindows windows;
    private final PickupProperties pickup;
    private final Stores stores;
    private final RefundLedger refunds;
    private final Clock clock;

    public ExceptionTaskClosed(ReturnRepository returns, ReturnProgress progress, PickupWindows windows,
                               PickupProperties pickup, Stores stores, RefundLedger refunds, Clock clock) {
        this.returns = returns;
        this.progress = progress;
        this.windows = windows;
        this.pickup = pickup;
        this.stores = stores;
        this.refunds = refunds;
        this.clock = clock;
    }

    @Override
    public Set<String> taskDefinitionKeys() {
        return INPUTS.keySet();
    }

    @Override
    public Set<String> inputs(String taskDefinitionKey) {
        return INPUTS.getOrDefault(taskDefinitionKey, Set.of());
    }

    @Override
    public void check(TaskSubmission submission) {
        decide(submission);
    }

    @Override
    public void notify(DelegateTask task) {
        String returnId = (String) task.getVariable(ReturnJourney.VAR_RETURN_ID);
        if (EVENTNAME_DELETE.equals(task.getEventName())) {
            progress.actionTaken(returnId, "ACTION_WITHDRAWN", "Task '" + task.getName()
                    + "' closed without a decision: " + (task.getDeleteReason() == null ? "the journey moved on"
                    : task.getDeleteReason()), "system");
            return;
        }
        Decision decision = decide(new TaskSubmission(task.getTaskDefinitionKey(), task::getVariable));
        String user = TaskActors.of(task);
        task.getExecution().setVariable(VAR_DECIDED_BY, user);
        progress.actionTaken(returnId, decision.type(), "'" + task.getName() + "': " + decision.detail(), user);
    }

    /** The decision to carry out; every problem at once otherwise. */
    private Decision decide(TaskSubmission submission) {
        List<ApiProblem.FieldError> problems = new ArrayList<>();
        Decision decision = switch (submission.taskDefinitionKey()) {
            case RESOLVE_FAILED_PICKUP -> failedPickup(submission, problems);
            case INVESTIGATE_MISSING_PARCEL -> missingParcel(submission, problems);
            case RESOLVE_REFUND_FAILURE -> refundFailure(submission, problems);
            default -> new Decision("ACTION_TAKEN", "completed");
        };
        if (!problems.isEmpty()) {
            throw new TaskDecisionRefused(SUMMARY, problems);
        }
        return decision;
    }

    private Decision failedPickup(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String decision = choice(submission, FAILED_PICKUP_DECISION, List.of("REBOOK", "SWITCH_TO_DROP_OFF", "CANCEL"),
                problems);
        if (decision == null) {
            return null;
        }
        String type = "FAILED_PICKUP_DECIDED";
        return switch (decision) {
            case "REBOOK" -> {
                Optional<OffsetDateTime> start = Moments.parse(submission.variable(REBOOK_WINDOW_START), pickup.zone());
                if (start.isEmpty()) {
                    problems.add(new ApiProblem.FieldError(REBOOK_WINDOW_START,
                            "Choose the new pickup window: its start, as offered (e.g. 2026-11-28T09:00+08:00)"));
                    yield null;
                }
                CustomerReturn r = returns.get(returnId(submission));
                Optional<PickupWindows.Window> window = windows.bookableStartingAt(windows.defaultCarrier(),
                        r.pickupAddress().city(), start.get());
                if (window.isEmpty()) {
                    problems.add(new ApiProblem.FieldError(REBOOK_WINDOW_START, "No bookable pickup window starts at "
                            + start.get() + " in " + r.pickupAddress().city() + "; choose one of the offered windows"));
                    yield null;
                }
                yield new Decision(type, "rebook for " + window.get().start() + " – " + window.get().end());
            }
            case "SWITCH_TO_DROP_OFF" -> {
                String storeId = submission.text(DROP_OFF_STORE_ID);
                if (storeId == null || stores.find(storeId).isEmpty()) {
                    problems.add(new ApiProblem.FieldError(DROP_OFF_STORE_ID, (storeId == null ? "Choose the store"
                            : "'" + storeId + "' is not a drop-off store") + " for the switch to store drop-off"));
                    yield null;
                }
                yield new Decision(type, "switch to store drop-off at " + storeId);
            }
            default -> {
                String reason = submission.text(CANCEL_REASON);
                if (reason == null) {
                    problems.add(new ApiProblem.FieldError(CANCEL_REASON,
                            "Say why the return is cancelled: the buyer is told"));
                    yield null;
                }
                if (reason.length() < CANCEL_REASON_MIN || reason.length() > CANCEL_REASON_MAX) {
                    problems.add(new ApiProblem.FieldError(CANCEL_REASON, "The reason for the buyer takes "
                            + CANCEL_REASON_MIN + " to " + CANCEL_REASON_MAX + " characters, not " + reason.length()));
                    yield null;
                }
                yield new Decision(type, "cancel the return (" + reason + ")");
            }
        };
    }

    private Decision missingParcel(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String decision = choice(submission, MISSING_PARCEL_DECISION,
                List.of("REFUND_ANYWAY", "KEEP_WAITING", "CLOSE_AS_LOST"), problems);
        if (decision == null) {
            return null;
        }
        String type = "MISSING_PARCEL_DECIDED";
        return switch (decision) {
            case "KEEP_WAITING" -> {
                Optional<OffsetDateTime> until = Moments.parse(submission.variable(WAIT_UNTIL), pickup.zone());
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

    private Decision refundFailure(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String decision = choice(submission, REFUND_FAILURE_DECISION,
                List.of("RETRY", "REFUNDED_ELSEWHERE", "ESCALATE"), problems);
        if (decision == null) {
            return null;
        }
        String type = "REFUND_FAILURE_DECIDED";
        return switch (decision) {
            case "REFUNDED_ELSEWHERE" -> {
                String reference = submission.text(EXTERNAL_REFUND_REFERENCE);
                if (reference == null) {
                    problems.add(new ApiProblem.FieldError(EXTERNAL_REFUND_REFERENCE,
                            "Give the reference of the refund made by the other channel"));
                } else {
                    if (reference.length() < REFERENCE_MIN || reference.length() > REFERENCE_MAX) {
                        problems.add(new ApiProblem.FieldError(EXTERNAL_REFUND_REFERENCE, "The refund reference takes "
                                + REFERENCE_MIN + " to " + REFERENCE_MAX + " characters, not " + reference.length()));
                    }
                    if (!REFERENCE.matcher(reference).matches()) {
                        problems.add(new ApiProblem.FieldError(EXTERNAL_REFUND_REFERENCE, "The refund reference starts"
                                + " with a letter or digit and holds only letters, digits, spaces and - _ . / : #"));
                    }
                }
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

    private static String returnId(TaskSubmission submission) {
        return submission.text(ReturnJourney.VAR_RETURN_ID);
    }

    /** The chosen decision; {@code null} (and the problem noted) when it is missing or unknown. */
    private static String choice(TaskSubmission submission, String variable, List<String> allowed,
                                 List<ApiProblem.FieldError> problems) {
        Object chosen = submission.variable(variable);
        String value = chosen == null || chosen.toString().isBlank() ? null : chosen.toString();
        // exactly one of the values: the gateway after the task compares them as they are
        if (value == null || !allowed.contains(value)) {
            problems.add(new ApiProblem.FieldError(variable, "Choose a decision (" + variable + "): one of "
                    + String.join(", ", allowed) + (value == null ? "" : "; '" + value + "' is not one of them")));
            return null;
        }
        return value;
    }

    private record Decision(String type, String detail) {
    }
}
