package io.returnflow.returns;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * BPMN "Mark return cancelled" (and "Cancel the return" after a failed pickup): the return is
 * CANCELLED at once; undoing the booking or code follows. The reason customer service gave
 * ({@value #VAR_CANCEL_REASON}) goes to the timeline, where the buyer's answer is taken from. Sets
 * {@value #VAR_HAND_OVER_ABANDONED}, so the journey closes after the hand-over.
 */
@Component("markReturnCancelled")
public class MarkReturnCancelled implements JavaDelegate {

    /** Boolean: the parcel will not come; read by {@code Gateway_HandOverOutcome}. */
    public static final String VAR_HAND_OVER_ABANDONED = "handOverAbandoned";
    /** String, optional: why customer service cancelled. */
    public static final String VAR_CANCEL_REASON = "cancelReason";

    private final ReturnProgress progress;

    public MarkReturnCancelled(ReturnProgress progress) {
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Object reason = execution.getVariable(VAR_CANCEL_REASON);
        String detail = reason == null || reason.toString().isBlank() ? "Return cancelled"
                : "Return cancelled: " + reason.toString().trim();
        progress.cancelled((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID), detail);
        execution.setVariable(VAR_HAND_OVER_ABANDONED, true);
    }
}
