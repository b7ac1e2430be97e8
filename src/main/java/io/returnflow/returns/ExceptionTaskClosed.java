package io.returnflow.returns;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import io.returnflow.dropoff.Stores;
import io.returnflow.pickup.PickupProperties;
import io.returnflow.pickup.PickupWindows;

/**
 * Task-complete listener on the exception tasks: checks the decision before the journey acts on it,
 * then clears {@code actionRequired} and writes to the timeline who decided what. A decision that
 * cannot be carried out (a window that is not offered, an unknown store, a waiting time in the past, a
 * missing reference) is refused with {@link TaskDecisionRefused}: the completion fails with the
 * message and the task stays open.
 *
 * <p>Registered on the task's {@code delete} event too, it clears {@code actionRequired} when the
 * task ends without a decision (the courier came after all, the parcel arrived).
 *
 * <p>Sets {@value #VAR_DECIDED_BY} (the deciding user) for the steps that follow.
 */
@Component("exceptionTaskClosed")
public class ExceptionTaskClosed implements TaskListener {

    /** String: the user who completed the last exception task. */
    public static final String VAR_DECIDED_BY = "decidedBy";

    static final String RESOLVE_FAILED_PICKUP = "Activity_ResolveFailedPickup";
    static final String INVESTIGATE_MISSING_PARCEL = "Activity_InvestigateMissingParcel";
    static final String RESOLVE_REFUND_FAILURE = "Activity_ResolveRefundFailure";

    /** Matches what a reference may hold in the refund ledger and the timeline. */
    private static final int MAX_REFERENCE = 200;
    /** Longer than this, waiting for a missing parcel is not a decision but a lost claim. */
    private static final java.time.Duration LONGEST_WAIT = java.time.Duration.ofDays(30);

    private final ReturnRepository returns;
    private final ReturnProgress progress;
    private final PickupWindows windows;
    private final PickupProperties pickup;
    private final Stores stores;
    private final Clock clock;

    public ExceptionTaskClosed(ReturnRepository returns, ReturnProgress progress, PickupWindows windows,
                               PickupProperties pickup, Stores stores, Clock clock) {
        this.returns = returns;
        this.progress = progress;
        this.windows = windows;
        this.pickup = pickup;
        this.stores = stores;
        this.clock = clock;
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
        String user = TaskActors.of(task);
        Decision decision = decide(task, returnId);
        task.getExecution().setVariable(VAR_DECIDED_BY, user);
        progress.actionTaken(returnId, decision.type(), "'" + task.getName() + "': " + decision.detail(), user);
    }

    private Decision decide(DelegateTask task, String returnId) {
        String key = task.getTaskDefinitionKey();
        if (RESOLVE_FAILED_PICKUP.equals(key)) {
            return failedPickup(task, returnId);
        }
        if (INVESTIGATE_MISSING_PARCEL.equals(key)) {
            return missingParcel(task);
        }
        if (RESOLVE_REFUND_FAILURE.equals(key)) {
            return refundFailure(task);
        }
        return new Decision("ACTION_TAKEN", "completed");
    }

    private Decision failedPickup(DelegateTask task, String returnId) {
        String decision = choice(task, "failedPickupDecision", Set.of("REBOOK", "SWITCH_TO_DROP_OFF", "CANCEL"));
        return switch (decision) {
            case "REBOOK" -> {
                CustomerReturn r = returns.get(returnId);
                Object chosen = task.getVariable("rebookWindowStart");
                OffsetDateTime start = Moments.parse(chosen, pickup.zone()).orElseThrow(() -> new TaskDecisionRefused(
                        "Choose the new pickup window: its start, as offered (e.g. 2026-11-28T09:00+08:00)"));
                PickupWindows.Window window = windows.bookableStartingAt(windows.defaultCarrier(),
                        r.pickupAddress().city(), start).orElseThrow(() -> new TaskDecisionRefused(
                        "No bookable pickup window starts at " + start + " in " + r.pickupAddress().city()
                                + "; choose one of the offered windows"));
                yield new Decision("FAILED_PICKUP_DECIDED", "rebook for " + window.start() + " – " + window.end());
            }
            case "SWITCH_TO_DROP_OFF" -> {
                Object storeId = task.getVariable("dropOffStoreId");
                if (storeId == null || stores.find(storeId.toString().trim()).isEmpty()) {
                    throw new TaskDecisionRefused((storeId == null || storeId.toString().isBlank()
                            ? "Choose the store" : "'" + storeId + "' is not a drop-off store")
                            + " for the switch to store drop-off");
                }
                yield new Decision("FAILED_PICKUP_DECIDED", "switch to store drop-off at " + storeId);
            }
            default -> {
                Object reason = task.getVariable("cancelReason");
                if (reason == null || reason.toString().isBlank()) {
                    throw new TaskDecisionRefused("Say why the return is cancelled: the buyer is told");
                }
                yield new Decision("FAILED_PICKUP_DECIDED", "cancel the return (" + reason.toString().trim() + ")");
            }
        };
    }

    private Decision missingParcel(DelegateTask task) {
        String decision = choice(task, "missingParcelDecision", Set.of("REFUND_ANYWAY", "KEEP_WAITING",
                "CLOSE_AS_LOST"));
        return switch (decision) {
            case "KEEP_WAITING" -> {
                OffsetDateTime until = Moments.parse(task.getVariable("waitUntil"), pickup.zone())
                        .orElseThrow(() -> new TaskDecisionRefused("Say until when to wait (a date and time)"));
                if (!until.isAfter(OffsetDateTime.now(clock))) {
                    throw new TaskDecisionRefused("Wait until a time in the future; " + until + " has passed");
                }
                if (until.isAfter(OffsetDateTime.now(clock).plus(LONGEST_WAIT))) {
                    throw new TaskDecisionRefused("Wait at most " + LONGEST_WAIT.toDays() + " days; claim against"
                            + " the carrier instead (close as lost)");
                }
                yield new Decision("MISSING_PARCEL_DECIDED", "keep waiting until " + until);
            }
            case "CLOSE_AS_LOST" -> new Decision("MISSING_PARCEL_DECIDED",
                    "close as lost and claim against the carrier, refund the buyer");
            default -> new Decision("MISSING_PARCEL_DECIDED", "refund the buyer without the parcel");
        };
    }

    private Decision refundFailure(DelegateTask task) {
        String decision = choice(task, "refundFailureDecision", Set.of("RETRY", "REFUNDED_ELSEWHERE", "ESCALATE"));
        return switch (decision) {
            case "REFUNDED_ELSEWHERE" -> {
                Object reference = task.getVariable("externalRefundReference");
                if (reference == null || reference.toString().isBlank()) {
                    throw new TaskDecisionRefused("Give the reference of the refund made by the other channel");
                }
                if (reference.toString().trim().length() > MAX_REFERENCE) {
                    throw new TaskDecisionRefused("The refund reference is longer than " + MAX_REFERENCE
                            + " characters");
                }
                yield new Decision("REFUND_FAILURE_DECIDED", "refunded by another channel, reference "
                        + reference.toString().trim());
            }
            case "ESCALATE" -> new Decision("REFUND_FAILURE_DECIDED", "escalate to operations");
            default -> new Decision("REFUND_FAILURE_DECIDED", "retry the refund");
        };
    }

    private static String choice(DelegateTask task, String variable, Set<String> allowed) {
        Object value = task.getVariable(variable);
        if (value == null || !allowed.contains(value.toString())) {
            throw new TaskDecisionRefused("Choose a decision (" + variable + "): one of "
                    + String.join(", ", allowed.stream().sorted().toList())
                    + (value == null ? "" : "; '" + value + "' is not one of them"));
        }
        return value.toString();
    }

    private record Decision(String type, String detail) {
    }
}
