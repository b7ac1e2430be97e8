package io.returnflow.pickup;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnProgress;

/**
 * BPMN "Flag for customer service", after "Carrier refused: parcel collected": the return was
 * cancelled but the courier already has the parcel, so it will arrive at the warehouse anyway. A
 * person decides what becomes of it (take the return after all, or send the parcel back); the return
 * shows {@code actionRequired} and the timeline says why.
 */
@Component("flagForCustomerService")
public class FlagForCustomerService implements JavaDelegate {

    /** Set by the error boundary event from the BPMN error's message (see {@link CancelPickup}). */
    public static final String VAR_REFUSAL = "pickupCancellationRefusal";

    static final String TIMELINE_TYPE = "PICKUP_CANCELLATION_REFUSED";

    private final ReturnProgress progress;

    public FlagForCustomerService(ReturnProgress progress) {
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object refusal = execution.getVariable(VAR_REFUSAL);
        progress.actionRequired((String) execution.getVariable("returnId"), TIMELINE_TYPE,
                refusal == null ? "The carrier refused to cancel the pickup: the courier has the parcel"
                        : refusal.toString());
    }
}
