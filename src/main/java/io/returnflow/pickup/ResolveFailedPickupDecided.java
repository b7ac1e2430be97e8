package io.returnflow.pickup;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.DropOffStoreDirectory;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.MarkReturnCancelled;
import io.returnflow.returns.Moments;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * The decision listener of "Resolve failed pickup" ({@value #TASK}): rebook one of the offered windows
 * ({@link RebookChosenWindow}), switch to store drop-off at a known store, or cancel the return with a
 * reason the buyer is told. What every exception task's listener does besides is in
 * {@link ExceptionTaskClosed}.
 */
@Component("resolveFailedPickupDecided")
public class ResolveFailedPickupDecided extends ExceptionTaskClosed {

    /** The user task's BPMN id. */
    public static final String TASK = "Activity_ResolveFailedPickup";
    /** The decision variable: {@code REBOOK}, {@code SWITCH_TO_DROP_OFF} or {@code CANCEL}. */
    public static final String FAILED_PICKUP_DECISION = "failedPickupDecision";
    /** The decision that books the window of {@link #REBOOK_WINDOW_START}. */
    public static final String REBOOK = "REBOOK";
    // the delegates that carry a decision out read these: one name each
    /** For {@code REBOOK}: the start of the chosen window, ISO-8601 with offset, as offered. */
    public static final String REBOOK_WINDOW_START = RebookChosenWindow.VAR_REBOOK_WINDOW_START;
    /** What "Switch to drop-off" ({@code dropoff.SwitchToDropOff}, which depends on this package) reads. */
    static final String DROP_OFF_STORE_ID = "dropOffStoreId";
    static final String CANCEL_REASON = MarkReturnCancelled.VAR_CANCEL_REASON;

    /** The reason for a cancellation, as its form field asks for it ({@code minLength}, {@code maxLength}). */
    public static final int CANCEL_REASON_MIN = 5;
    /** See {@link #CANCEL_REASON_MIN}. */
    public static final int CANCEL_REASON_MAX = 500;

    private final ReturnRepository returns;
    private final PickupWindows windows;
    private final PickupProperties pickup;
    private final DropOffStoreDirectory stores;

    public ResolveFailedPickupDecided(ReturnRepository returns, ReturnProgress progress, PickupWindows windows,
                                      PickupProperties pickup, DropOffStoreDirectory stores) {
        super(TASK, Set.of(FAILED_PICKUP_DECISION, REBOOK_WINDOW_START, DROP_OFF_STORE_ID, CANCEL_REASON), progress);
        this.returns = returns;
        this.windows = windows;
        this.pickup = pickup;
        this.stores = stores;
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String decision = choice(submission, FAILED_PICKUP_DECISION, List.of(REBOOK, "SWITCH_TO_DROP_OFF", "CANCEL"),
                problems);
        if (decision == null) {
            return null;
        }
        String type = "FAILED_PICKUP_DECIDED";
        return switch (decision) {
            case REBOOK -> {
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
                if (storeId == null || !stores.takesDropOffs(storeId)) {
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
}
