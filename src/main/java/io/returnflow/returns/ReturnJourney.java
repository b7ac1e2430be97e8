package io.returnflow.returns;

import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.camunda.bpm.engine.runtime.ProcessInstanceWithVariables;
import org.springframework.stereotype.Component;

/**
 * The seam to the {@code return-journey} process: starting it and telling it what happened. The
 * process instance's business key is the return id; its variables are ids and decisions only.
 */
@Component
public class ReturnJourney {

    public static final String PROCESS_KEY = "return-journey";

    public static final String VAR_RETURN_ID = "returnId";
    public static final String VAR_METHOD = "method";
    public static final String VAR_ELIGIBLE = "eligible";
    /**
     * Whether the buyer asked to get the replacement of an exchanged line before the returned item is received
     * (boolean, set at the start); whether it is granted the journey decides.
     */
    public static final String VAR_INSTANT_EXCHANGE_REQUESTED = "instantExchangeRequested";
    /**
     * String: the user who took the last decision on one of the journey's exception tasks, for the steps
     * that carry it out (who recorded a refund made elsewhere, who closed a parcel as lost).
     */
    public static final String VAR_DECIDED_BY = "decidedBy";

    /** The courier has the parcel. */
    public static final String MSG_PARCEL_COLLECTED = "ParcelCollected";
    /** The clerk checked the parcel in at the store. */
    public static final String MSG_DROP_OFF_CHECKED_IN = "DropOffCheckedIn";
    /** The parcel was signed for at the warehouse (return leg). */
    public static final String MSG_PARCEL_SIGNED = "ParcelSigned";
    /**
     * The shipment carrying the parcel was given up as lost (a store's consolidated shipment): the
     * return goes to the lost-parcel path without waiting for its own clock.
     */
    public static final String MSG_PARCEL_LOST = "ParcelLost";
    /**
     * The carrier gave up the pickup before collecting (it could not dispatch it, cancelled it, or took a
     * claimed collection back): the journey treats it as a courier who did not come, without waiting for
     * the window to pass.
     */
    public static final String MSG_PICKUP_FAILED = "PickupFailed";
    /** Someone cancels the return before the parcel left the buyer. */
    public static final String MSG_CANCELLATION_REQUESTED = "ReturnCancellationRequested";

    private final RuntimeService runtimeService;
    private final ManagementService managementService;

    public ReturnJourney(RuntimeService runtimeService, ManagementService managementService) {
        this.runtimeService = runtimeService;
        this.managementService = managementService;
    }

    /**
     * Whether one of the journey's steps is running at this moment (a job the executor holds: a
     * courier being booked or rebooked, a timer firing). Interrupting it would leave what it did at the
     * carrier without a record, which a cancellation could then not reach.
     */
    public boolean isStepRunning(String returnId) {
        var instance = runtimeService.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
                .processInstanceBusinessKey(returnId).singleResult();
        return instance != null
                && managementService.createJobQuery().processInstanceId(instance.getId()).acquired().count() > 0;
    }

    /**
     * Starts the journey in the caller's transaction. Eligibility is decided synchronously, so the
     * answer tells at once whether the return was accepted.
     */
    public Started start(String returnId, ReturnMethod method) {
        return start(returnId, method, false);
    }

    /**
     * The same, for a return whose buyer may have asked for an exchange's replacement first.
     *
     * @param instantExchangeRequested the buyer asked for the replacement before the item is received
     */
    public Started start(String returnId, ReturnMethod method, boolean instantExchangeRequested) {
        ProcessInstanceWithVariables instance = runtimeService.createProcessInstanceByKey(PROCESS_KEY)
                .businessKey(returnId)
                .setVariable(VAR_RETURN_ID, returnId)
                .setVariable(VAR_METHOD, method.name())
                .setVariable(VAR_INSTANT_EXCHANGE_REQUESTED, instantExchangeRequested)
                .executeWithVariablesInReturn();
        // set (to false) only when a line is refused
        Object eligible = instance.getVariables().get(VAR_ELIGIBLE);
        return new Started(instance.getId(), !Boolean.FALSE.equals(eligible));
    }

    /**
     * Whether the journey currently waits for this message. For "tell it if it waits, otherwise ..." use
     * {@link #tellIfWaiting}: one correlation instead of a query and a correlation, and no moment between
     * the two in which the journey moves on.
     */
    public boolean isWaitingFor(String returnId, String message) {
        return runtimeService.createExecutionQuery()
                .processDefinitionKey(PROCESS_KEY)
                .processInstanceBusinessKey(returnId)
                .messageEventSubscriptionName(message)
                .count() > 0;
    }

    /** Delivers a message to the waiting journey; fails unless exactly one execution waits for it. */
    public void tell(String returnId, String message) {
        runtimeService.createMessageCorrelation(message)
                .processInstanceBusinessKey(returnId)
                .correlateWithResult();
    }

    /**
     * Delivers the message if the journey waits for it, in one correlation.
     *
     * @return whether it was delivered; false when the journey does not wait for it (any more)
     * @throws IllegalStateException more than one execution of the journey waited for it (the caller's
     *                               transaction must roll back: the message reached all of them)
     */
    public boolean tellIfWaiting(String returnId, String message) {
        List<MessageCorrelationResult> delivered = runtimeService.createMessageCorrelation(message)
                .processInstanceBusinessKey(returnId)
                .correlateAllWithResult();
        if (delivered.size() > 1) {
            throw new IllegalStateException("Return " + returnId + ": " + delivered.size()
                    + " executions of its journey waited for " + message + ", one at most may");
        }
        return !delivered.isEmpty();
    }

    public record Started(String processInstanceId, boolean eligible) {
    }
}
