package io.returnflow.pickup;

import java.time.OffsetDateTime;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.JourneyTimings;
import io.returnflow.returns.Moments;
import io.returnflow.returns.ReturnRepository;

/**
 * BPMN "Book the chosen window" (asyncBefore, retried), after customer service chose REBOOK in
 * "Resolve failed pickup": cancels the missed booking and books the window of
 * {@value #VAR_REBOOK_WINDOW_START}.
 *
 * <p>The task's completion already refused a window that was not offered (see
 * {@link ResolveFailedPickupDecided}). Should the window stop being bookable in the moment between the
 * decision and this step (its booking cut-off passed), the step fails with a message that says so:
 * after its retries operations see an incident, and the journey stays at this step.
 */
@Component("rebookChosenWindow")
class RebookChosenWindow implements JavaDelegate {

    /** String, ISO-8601 with offset: the start of one of the offered windows. */
    public static final String VAR_REBOOK_WINDOW_START = "rebookWindowStart";

    private final PickupService pickups;
    private final PickupWindows windows;
    private final PickupProperties pickupProperties;
    private final ReturnRepository returns;
    private final JourneyTimings timings;

    public RebookChosenWindow(PickupService pickups, PickupWindows windows, PickupProperties pickupProperties,
                              ReturnRepository returns, JourneyTimings timings) {
        this.pickups = pickups;
        this.windows = windows;
        this.pickupProperties = pickupProperties;
        this.returns = returns;
        this.timings = timings;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable("returnId");
        CustomerReturn r = returns.get(returnId);
        Object chosen = execution.getVariable(VAR_REBOOK_WINDOW_START);
        OffsetDateTime start = Moments.parse(chosen, pickupProperties.zone()).orElseThrow(() ->
                new IllegalArgumentException("Return " + returnId + ": '" + chosen
                        + "' is not a window start (ISO-8601, e.g. 2026-11-28T09:00+08:00)"));
        PickupWindows.Window window = windows.bookableStartingAt(windows.defaultCarrier(),
                r.pickupAddress().city(), start).orElseThrow(() -> new IllegalStateException("Return " + returnId
                + ": the chosen pickup window starting " + start + " is no longer bookable in "
                + r.pickupAddress().city() + "; move the journey back to 'Resolve failed pickup' in Cockpit"));
        RebookPickup.applyRebooking(execution, pickups.rebook(r, window,
                "Customer service chose a new window"), timings);
    }
}
