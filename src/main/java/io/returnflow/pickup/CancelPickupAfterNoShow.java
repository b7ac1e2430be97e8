package io.returnflow.pickup;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.carrier.PickupCancellation;
import io.returnflow.returns.ReturnProgress;

/**
 * BPMN "Cancel pickup booking" after customer service cancelled a return whose courier never came
 * (asyncBefore, retried). Should the carrier answer that its courier has the parcel after all, the
 * return is flagged for customer service here: on this path there is nothing left to route to.
 */
@Component("cancelPickupAfterNoShow")
class CancelPickupAfterNoShow implements JavaDelegate {

    private final PickupService pickups;
    private final ReturnProgress progress;

    public CancelPickupAfterNoShow(PickupService pickups, ReturnProgress progress) {
        this.pickups = pickups;
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable("returnId");
        // the missed pickup is on the timeline since its timer fired (RecordPickupMissed): not again here
        if (pickups.cancel(returnId) instanceof PickupCancellation.Refused refused) {
            progress.actionRequired(returnId, "PICKUP_CANCELLATION_REFUSED", "The carrier refused to cancel pickup "
                    + refused.orderCode() + ": " + refused.reason());
        }
    }
}
