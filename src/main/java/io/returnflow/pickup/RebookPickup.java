package io.returnflow.pickup;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.JourneyTimings;
import io.returnflow.returns.ReturnRepository;

/**
 * BPMN "Cancel and rebook pickup" (asyncBefore, retried), after "Courier did not come" while attempts
 * are left: cancels the missed booking and books the next bookable window as the next attempt. When
 * the carrier refuses the cancellation its courier has the parcel: nothing is rebooked, and the
 * journey waits for the carrier to report the collection (until a fresh deadline).
 */
@Component("rebookPickup")
class RebookPickup implements JavaDelegate {

    private final PickupService pickups;
    private final PickupWindows windows;
    private final ReturnRepository returns;
    private final JourneyTimings timings;

    public RebookPickup(PickupService pickups, PickupWindows windows, ReturnRepository returns,
                        JourneyTimings timings) {
        this.pickups = pickups;
        this.windows = windows;
        this.returns = returns;
        this.timings = timings;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable("returnId");
        CustomerReturn r = returns.get(returnId);
        PickupWindows.Window next = windows.nextBookable(windows.defaultCarrier(), r.pickupAddress().city());
        applyRebooking(execution, pickups.rebook(r, next, "The courier did not come"), timings);
    }

    /** Sets the no-show clock after a rebooking, or a fresh deadline when the courier has the parcel. */
    static void applyRebooking(DelegateExecution execution, PickupService.Rebooking rebooking,
                               JourneyTimings timings) {
        if (rebooking instanceof PickupService.Rebooking.Booked booked) {
            BookPickup.awaitCollection(execution, booked.booking(), timings);
        } else {
            // the carrier says its courier has the parcel: wait a little for that report, and should it
            // not come, a person looks (no more automatic rebooking of a parcel that is on its way)
            execution.setVariable(BookPickup.VAR_PICKUP_DEADLINE, timings.collectionReportDeadline());
            execution.setVariable(BookPickup.VAR_PICKUP_ATTEMPTS_LEFT, false);
        }
    }
}
