package io.returnflow.returns;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
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

    /** The courier has the parcel. */
    public static final String MSG_PARCEL_COLLECTED = "ParcelCollected";
    /** The clerk checked the parcel in at the store. */
    public static final String MSG_DROP_OFF_CHECKED_IN = "DropOffCheckedIn";
    /** The parcel was signed for at the warehouse (return leg). */
    public static final String MSG_PARCEL_SIGNED = "ParcelSigned";
    /** Someone cancels the return before the parcel left the buyer. */
    public static final String MSG_CANCELLATION_REQUESTED = "ReturnCancellationRequested";

    /** The step that calls the carrier to book the courier. */
    public static final String ACTIVITY_BOOK_PICKUP = "Activity_BookPickup";
    /** Every step that books (or cancels and books) a courier at the carrier. */
    private static final String[] BOOKING_ACTIVITIES = {ACTIVITY_BOOK_PICKUP, "Activity_RebookPickup",
            "Activity_RebookChosenWindow", "Activity_SwitchToDropOff"};

    private final RuntimeService runtimeService;
    private final ManagementService managementService;

    public ReturnJourney(RuntimeService runtimeService, ManagementService managementService) {
        this.runtimeService = runtimeService;
        this.managementService = managementService;
    }

    /**
     * Whether a job is booking the courier at this moment. Interrupting it would leave the carrier's
     * booking without a record, and a cancellation could not reach it.
     */
    public boolean isBookingInFlight(String returnId) {
        var instance = runtimeService.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
                .processInstanceBusinessKey(returnId).singleResult();
        if (instance == null) {
            return false;
        }
        return managementService.createJobDefinitionQuery()
                .processDefinitionId(instance.getProcessDefinitionId()).activityIdIn(BOOKING_ACTIVITIES).list()
                .stream()
                .anyMatch(definition -> managementService.createJobQuery().processInstanceId(instance.getId())
                        .jobDefinitionId(definition.getId()).acquired().count() > 0);
    }

    /**
     * Starts the journey in the caller's transaction. Eligibility is decided synchronously, so the
     * answer tells at once whether the return was accepted.
     */
    public Started start(String returnId, ReturnMethod method) {
        ProcessInstanceWithVariables instance = runtimeService.createProcessInstanceByKey(PROCESS_KEY)
                .businessKey(returnId)
                .setVariable(VAR_RETURN_ID, returnId)
                .setVariable(VAR_METHOD, method.name())
                .executeWithVariablesInReturn();
        Object eligible = instance.getVariables().get(VAR_ELIGIBLE);
        return new Started(instance.getId(), Boolean.TRUE.equals(eligible));
    }

    /** Whether the journey currently waits for this message. */
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

    public record Started(String processInstanceId, boolean eligible) {
    }
}
