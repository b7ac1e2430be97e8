package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The journey where people step in: a courier who does not come, a drop-off code nobody uses, a
 * parcel that does not arrive, an inspection by hand and a refund the provider refuses. Timers are
 * fired by executing their jobs; tasks are completed with the variables their forms submit.
 */
@Deployment(resources = {"processes/return-journey.bpmn", "processes/return-eligibility.dmn", "processes/freight-payer.dmn",
        "processes/inspection-routing.dmn",
        "processes/refund-timing.dmn",
        "processes/return-risk.dmn"})
class ReturnJourneyPeopleInTheLoopTest extends JourneyProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension engine = journeyEngine();

    @Override
    ProcessEngineExtension engine() {
        return engine;
    }

    static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

    @BeforeEach
    void startTheClock() {
        engine.setCurrentTime(Date.from(NOW));
    }

    // ---- no-show

    @Test
    void aCourierWhoDoesNotComeIsRebookedAndTheNextOneCollects() {
        ProcessInstance journey = pickupBooked("R-NO-SHOW");

        // the timer waits for the deadline the booking set
        assertThat(timer("Event_CourierDidNotCome", journey).getDuedate())
                .isEqualTo(Date.from(NOW.plus(NO_SHOW_AFTER)));
        fire("Event_CourierDidNotCome", journey);

        // the carrier is called from a job; nobody is asked while attempts are left
        assertThat(journey).isWaitingAt("Activity_RebookPickup");
        assertThat(rebookPickup.calls()).isEmpty();
        engine.setCurrentTime(Date.from(NOW.plus(NO_SHOW_AFTER)));
        execute(job("Activity_RebookPickup", journey));
        assertThat(rebookPickup.calls()).containsExactly("R-NO-SHOW");

        assertThat(journey).isWaitingAt("Gateway_AwaitCollection");
        assertThat(timer("Event_CourierDidNotCome", journey).getDuedate())
                .as("a new deadline for the new booking").isEqualTo(Date.from(NOW.plus(NO_SHOW_AFTER.multipliedBy(2))));
        correlate("ParcelCollected", "R-NO-SHOW");

        assertThat(journey).isWaitingAt("Gateway_AwaitSigned").hasPassedInOrder("Activity_BookPickup",
                "Event_CourierDidNotCome", "Gateway_AttemptsLeft", "Activity_RebookPickup", "Event_ParcelCollected",
                "EndEvent_ParcelHandedOver");
        assertThat(journey).hasNotPassed("Activity_ResolveFailedPickup");
        assertThat(taskEvents).isEmpty();
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "bookPickup", "rebookPickup",
                "startLostParcelClock");
        assertThat(missedPickups).as("the missed window is recorded when its timer fires, once")
                .containsExactly("R-NO-SHOW");
    }

    @Test
    void aCarrierThatGivesThePickupUpIsTreatedAsANoShowWithoutWaitingForTheWindow() {
        ProcessInstance journey = pickupBooked("R-GIVEN-UP");

        correlate("PickupFailed", "R-GIVEN-UP");

        // no timer had to fire: the rebooking job is there at once, and the old deadline is gone
        assertThat(journey).isWaitingAt("Activity_RebookPickup").hasPassed("Event_PickupGivenUp");
        assertThat(journey).hasNotPassed("Event_CourierDidNotCome");
        execute(job("Activity_RebookPickup", journey));
        assertThat(rebookPickup.calls()).containsExactly("R-GIVEN-UP");
        assertThat(journey).isWaitingAt("Gateway_AwaitCollection");
        correlate("ParcelCollected", "R-GIVEN-UP");

        assertThat(journey).isWaitingAt("Gateway_AwaitSigned").hasPassedInOrder("Activity_BookPickup",
                "Event_PickupGivenUp", "Gateway_AttemptsLeft", "Activity_RebookPickup", "Event_ParcelCollected",
                "EndEvent_ParcelHandedOver");
        assertThat(taskEvents).isEmpty();
        assertThat(missedPickups).as("the carrier's giving up is recorded by the tracking, not as a missed window")
                .isEmpty();
    }

    @Test
    void whenNoAttemptIsLeftCustomerServiceResolvesTheFailedPickup() {
        ProcessInstance journey = noAttemptsLeft("R-FAILED");

        Task task = task(journey);
        assertThat(task.getTaskDefinitionKey()).isEqualTo("Activity_ResolveFailedPickup");
        assertThat(task.getName()).isEqualTo("Resolve failed pickup");
        assertThat(candidateGroups(task)).containsExactly("customer-service");
        assertThat(task.getDueDate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(4))));
        assertThat(formRef(task)).isEqualTo("resolve-failed-pickup latest");
        assertThat(taskEvents).containsExactly("prepareTaskFacts create Activity_ResolveFailedPickup",
                "exceptionTaskOpened create Activity_ResolveFailedPickup");
    }

    @Test
    void customerServiceRebooksTheWindowTheBuyerChose() {
        ProcessInstance journey = noAttemptsLeft("R-REBOOK");

        complete(task(journey), withVariables("failedPickupDecision", "REBOOK",
                "rebookWindowStart", "2026-11-25T09:00:00+08:00"));

        assertThat(taskEvents).endsWith("resolveFailedPickupDecided complete Activity_ResolveFailedPickup");
        assertThat(journey).isWaitingAt("Activity_RebookChosenWindow");
        rebookChosenWindow.behaving(execution -> {
            assertThat(execution.getVariable("rebookWindowStart")).isEqualTo("2026-11-25T09:00:00+08:00");
            booked(execution, false);
        });
        execute(job("Activity_RebookChosenWindow", journey));

        assertThat(journey).isWaitingAt("Gateway_AwaitCollection");
        correlate("ParcelCollected", "R-REBOOK");
        assertThat(journey).isWaitingAt("Gateway_AwaitSigned").hasPassed("Activity_RebookChosenWindow")
                .hasNotPassed("Activity_RebookPickup", "Activity_SwitchToDropOff", "Activity_CancelAfterFailedPickup");
        assertThat(rebookChosenWindow.calls()).containsExactly("R-REBOOK");
    }

    @Test
    void customerServiceSwitchesTheReturnToAStoreDropOff() {
        ProcessInstance journey = noAttemptsLeft("R-SWITCH");

        complete(task(journey), withVariables("failedPickupDecision", "SWITCH_TO_DROP_OFF",
                "dropOffStoreId", "S-SZ-001"));

        // cancelling the booking calls the carrier: a job
        assertThat(journey).isWaitingAt("Activity_SwitchToDropOff");
        assertThat(issueDropOffCode.calls()).isEmpty();
        execute(job("Activity_SwitchToDropOff", journey));

        assertThat(issueDropOffCode.calls()).containsExactly("R-SWITCH");
        assertThat(journey).isWaitingAt("Gateway_AwaitDropOff");
        correlate("DropOffCheckedIn", "R-SWITCH");

        // from now on it travels as a drop-off: the store ships it
        assertThat(journey).isWaitingAt("Activity_JoinStoreShipment");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "bookPickup", "switchToDropOff",
                "issueDropOffCode");
    }

    @Test
    void customerServiceCancelsTheReturnAndTheJourneyCloses() {
        ProcessInstance journey = noAttemptsLeft("R-GIVE-UP");

        complete(task(journey), withVariables("failedPickupDecision", "CANCEL",
                "cancelReason", "Buyer keeps the item"));

        assertThat(markReturnCancelled.calls()).containsExactly("R-GIVE-UP");
        assertThat(journey).isWaitingAt("Activity_CancelPickupAfterNoShow");
        execute(job("Activity_CancelPickupAfterNoShow", journey));

        assertThat(journey).isEnded().hasPassedInOrder("Activity_ResolveFailedPickup",
                "Activity_CancelAfterFailedPickup", "Activity_CancelPickupAfterNoShow", "EndEvent_HandOverAbandoned",
                "Gateway_HandOverOutcome", "EndEvent_HandOverClosed");
        assertThat(journey).hasNotPassed("Gateway_ShipMethod", "EndEvent_ParcelHandedOver", "EndEvent_ReturnCancelled");
        assertThat(cancelPickupAfterNoShow.calls()).containsExactly("R-GIVE-UP");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "bookPickup", "markReturnCancelled",
                "cancelPickupAfterNoShow");
    }

    @Test
    void aDecisionTheFormDidNotSubmitLeavesTheTaskOpen() {
        ProcessInstance journey = noAttemptsLeft("R-UNDECIDED");
        Task task = task(journey);

        assertThatThrownBy(() -> complete(task, withVariables("failedPickupDecision", "SOMETHING_ELSE")))
                .hasMessageContaining("Gateway_FailedPickupDecision");

        assertThat(journey).isWaitingAt("Activity_ResolveFailedPickup");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "bookPickup");
    }

    @Test
    void aParcelCollectedWhileCustomerServiceDecidesIsNotLost() {
        ProcessInstance journey = noAttemptsLeft("R-LATE-COURIER");

        correlate("ParcelCollected", "R-LATE-COURIER");

        assertThat(taskService().createTaskQuery().processInstanceId(journey.getId()).count()).isZero();
        assertThat(journey).isWaitingAt("Gateway_AwaitSigned").hasPassedInOrder("Activity_ResolveFailedPickup",
                "Event_CollectedDuringResolution", "Gateway_HandedOver", "EndEvent_ParcelHandedOver",
                "Activity_StartLostParcelClock");
        assertThat(journey).hasNotPassed("Gateway_FailedPickupDecision");
    }

    // ---- drop-off expiry

    @Test
    void aDropOffCodeNobodyUsesExpiresAndTheJourneyCloses() {
        ProcessInstance journey = startReturn("R-EXPIRED", STORE_DROPOFF);
        assertThat(journey).isWaitingAt("Gateway_AwaitDropOff");
        assertThat(timer("Event_DropOffCodeExpired", journey).getDuedate())
                .isEqualTo(Date.from(NOW.plus(CODE_VALIDITY)));

        fire("Event_DropOffCodeExpired", journey);

        assertThat(journey).isEnded().hasPassedInOrder("Activity_IssueDropOffCode", "Event_DropOffCodeExpired",
                "Activity_ExpireReturn", "EndEvent_DropOffExpired", "Gateway_HandOverOutcome",
                "EndEvent_HandOverClosed");
        assertThat(expireReturn.calls()).containsExactly("R-EXPIRED");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "issueDropOffCode", "expireReturn");
        // a clerk scanning the expired code no longer moves the journey
        assertThat(runtimeService().createEventSubscriptionQuery().processInstanceId(journey.getId()).count())
                .isZero();
    }

    // ---- lost in transit

    @Test
    void aParcelThatDoesNotArriveGoesToCustomerService() {
        ProcessInstance journey = parcelOverdue("R-LOST");

        Task task = task(journey);
        assertThat(task.getTaskDefinitionKey()).isEqualTo("Activity_InvestigateMissingParcel");
        assertThat(candidateGroups(task)).containsExactly("customer-service");
        assertThat(task.getDueDate()).isEqualTo(Date.from(NOW.plus(LOST_AFTER).plus(Duration.ofDays(1))));
        assertThat(formRef(task)).isEqualTo("investigate-missing-parcel latest");
        assertThat(taskEvents).containsExactly("prepareTaskFacts create Activity_InvestigateMissingParcel",
                "exceptionTaskOpened create Activity_InvestigateMissingParcel");
    }

    @Test
    void customerServiceRefundsAMissingParcelAnyway() {
        ProcessInstance journey = parcelOverdue("R-REFUND-ANYWAY");

        complete(task(journey), withVariables("missingParcelDecision", "REFUND_ANYWAY"));
        execute(job("Activity_IssueRefund", journey));

        assertThat(journey).isEnded().hasPassedInOrder("Event_ParcelOverdue", "Activity_InvestigateMissingParcel",
                "Gateway_ReadyToRefund", "Activity_IssueRefund", "Activity_CompleteReturn", "EndEvent_ReturnCompleted");
        assertThat(journey).hasNotPassed("Activity_RecordCarrierClaim", "Gateway_Inspection");
        assertThat(taskEvents).endsWith("investigateMissingParcelDecided complete Activity_InvestigateMissingParcel");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "bookPickup", "startLostParcelClock",
                "issueRefund", "completeReturn");
    }

    @Test
    void customerServiceKeepsWaitingAndTheParcelArrives() {
        ProcessInstance journey = parcelOverdue("R-KEEP-WAITING");
        Instant waitUntil = NOW.plus(LOST_AFTER).plus(Duration.ofDays(3));

        complete(task(journey), withVariables("missingParcelDecision", "KEEP_WAITING",
                "waitUntil", waitUntil.toString()));

        assertThat(keepWaiting.calls()).containsExactly("R-KEEP-WAITING");
        assertThat(journey).isWaitingAt("Gateway_AwaitSigned");
        assertThat(timer("Event_ParcelOverdue", journey).getDuedate()).isEqualTo(Date.from(waitUntil));
        correlate("ParcelSigned", "R-KEEP-WAITING");
        execute(job("Activity_IssueRefund", journey));

        assertThat(journey).isEnded().hasPassedInOrder("Activity_InvestigateMissingParcel", "Activity_KeepWaiting",
                "Event_ParcelSigned", "Gateway_Inspection", "Activity_IssueRefund", "EndEvent_ReturnCompleted");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "bookPickup", "startLostParcelClock",
                "keepWaiting", "issueRefund", "completeReturn");
    }

    @Test
    void customerServiceClosesAMissingParcelAsLostAndClaimsAgainstTheCarrier() {
        ProcessInstance journey = parcelOverdue("R-CLAIM");

        complete(task(journey), withVariables("missingParcelDecision", "CLOSE_AS_LOST"));
        execute(job("Activity_IssueRefund", journey));

        assertThat(journey).isEnded().hasPassedInOrder("Activity_InvestigateMissingParcel",
                "Activity_RecordCarrierClaim", "Gateway_ReadyToRefund", "Activity_IssueRefund",
                "EndEvent_ReturnCompleted");
        assertThat(recordCarrierClaim.calls()).containsExactly("R-CLAIM");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "bookPickup", "startLostParcelClock",
                "recordCarrierClaim", "issueRefund", "completeReturn");
    }

    @Test
    void aParcelSignedWhileCustomerServiceInvestigatesGoesOnToInspection() {
        ProcessInstance journey = parcelOverdue("R-ARRIVED");

        correlate("ParcelSigned", "R-ARRIVED");

        assertThat(taskService().createTaskQuery().processInstanceId(journey.getId()).count()).isZero();
        assertThat(journey).hasPassedInOrder("Activity_InvestigateMissingParcel", "Event_SignedDuringInvestigation",
                "Gateway_Inspection").isWaitingAt("Activity_IssueRefund");
        assertThat(journey).hasNotPassed("Gateway_MissingParcelDecision");
        execute(job("Activity_IssueRefund", journey));
        assertThat(journey).isEnded().hasPassed("EndEvent_ReturnCompleted");
    }

    // ---- inspection

    @Test
    void anAutomaticallyInspectedParcelIsRefundedWithoutATask() {
        ProcessInstance journey = signed("R-AUTO", "AUTOMATIC");

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassedInOrder("Activity_DecideInspection",
                "Gateway_Inspection", "Gateway_ReadyToRefund");
        assertThat(journey).hasNotPassed("Activity_InspectReturnedItems", "Activity_RecordInspection");
        assertThat(taskEvents).isEmpty();
    }

    @Test
    void anInspectorAcceptsTheItemsAndTheBuyerIsRefunded() {
        ProcessInstance journey = signed("R-ACCEPT", "MANUAL");

        Task task = task(journey);
        assertThat(task.getTaskDefinitionKey()).isEqualTo("Activity_InspectReturnedItems");
        assertThat(candidateGroups(task)).containsExactly("warehouse");
        assertThat(task.getDueDate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(8))));
        assertThat(formRef(task)).isEqualTo("inspect-returned-items latest");
        // routine work, not an exception: no actionRequired
        assertThat(taskEvents).containsExactly("prepareTaskFacts create Activity_InspectReturnedItems",
                "prepareInspection create Activity_InspectReturnedItems");

        complete(task, withVariables("inspectionOutcome", "ACCEPT"));
        assertThat(taskEvents).endsWith("validateInspection complete Activity_InspectReturnedItems");
        execute(job("Activity_IssueRefund", journey));

        assertThat(journey).isEnded().hasPassedInOrder("Activity_InspectReturnedItems", "Activity_RecordInspection",
                "Gateway_InspectionOutcome", "Gateway_ReadyToRefund", "Activity_IssueRefund", "EndEvent_ReturnCompleted");
        assertThat(calledDelegates()).endsWith("recordInspection", "issueRefund", "completeReturn");
    }

    @Test
    void aPartlyAcceptedReturnIsRefundedAfterTheInspectionIsRecorded() {
        ProcessInstance journey = signed("R-PARTIAL", "MANUAL");

        complete(task(journey), withVariables("inspectionOutcome", "PARTIAL"));

        assertThat(recordInspection.calls()).containsExactly("R-PARTIAL");
        assertThat(journey).isWaitingAt("Activity_IssueRefund");
        execute(job("Activity_IssueRefund", journey));
        assertThat(journey).isEnded().hasPassed("EndEvent_ReturnCompleted")
                .hasNotPassed("Activity_RejectAfterInspection");
        // the refund reads what the inspection recorded, so it runs after it
        assertThat(calledDelegates()).endsWith("recordInspection", "issueRefund", "completeReturn");
    }

    @Test
    void aRejectedInspectionEndsTheReturnWithoutRefund() {
        ProcessInstance journey = signed("R-REJECT", "MANUAL");

        complete(task(journey), withVariables("inspectionOutcome", "REJECT"));

        assertThat(journey).isEnded().hasPassedInOrder("Activity_RecordInspection", "Gateway_InspectionOutcome",
                "Activity_RejectAfterInspection", "EndEvent_RejectedAtInspection");
        assertThat(journey).hasNotPassed("Activity_IssueRefund", "Activity_CompleteReturn");
        assertThat(issueRefund.calls()).isEmpty();
        assertThat(rejectAfterInspection.calls()).containsExactly("R-REJECT");
    }

    @Test
    void anInvalidInspectionIsRefusedAndTheTaskStaysOpen() {
        listenerBehaving("validateInspection", task -> {
            throw new IllegalArgumentException("The deduction for SKU-1 is above the item's value");
        });
        ProcessInstance journey = signed("R-INVALID", "MANUAL");
        Task task = task(journey);

        assertThatThrownBy(() -> complete(task, withVariables("inspectionOutcome", "PARTIAL")))
                .hasMessageContaining("The deduction for SKU-1 is above the item's value");

        assertThat(journey).isWaitingAt("Activity_InspectReturnedItems");
        assertThat(task(journey).getId()).isEqualTo(task.getId());
        assertThat(recordInspection.calls()).isEmpty();
        assertThat(runtimeService().getVariable(journey.getId(), "inspectionOutcome"))
                .as("the refused submission is not kept").isNull();
    }

    // ---- refund failure

    @Test
    void aRefusedRefundGoesToCustomerServiceWhoRetries() {
        ProcessInstance journey = refundRefused("R-RETRY");

        Task task = task(journey);
        assertThat(task.getTaskDefinitionKey()).isEqualTo("Activity_ResolveRefundFailure");
        assertThat(candidateGroups(task)).containsExactly("customer-service");
        assertThat(task.getDueDate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(2))));
        assertThat(formRef(task)).isEqualTo("resolve-refund-failure latest");
        assertThat(runtimeService().getVariable(journey.getId(), "refundFailure"))
                .isEqualTo("card_declined: the card was closed");
        assertThat(incidents(journey)).as("a business outcome, not an incident").isEmpty();

        issueRefund.behaving(execution -> { });
        complete(task, withVariables("refundFailureDecision", "RETRY"));

        // the retry calls the provider again, from a job
        assertThat(journey).isWaitingAt("Activity_IssueRefund");
        execute(job("Activity_IssueRefund", journey));
        assertThat(journey).isEnded().hasPassed("EndEvent_ReturnCompleted");
        assertThat(issueRefund.calls()).containsExactly("R-RETRY", "R-RETRY");
        assertThat(taskEvents).containsExactly("prepareTaskFacts create Activity_ResolveRefundFailure",
                "exceptionTaskOpened create Activity_ResolveRefundFailure",
                "resolveRefundFailureDecided complete Activity_ResolveRefundFailure");
    }

    @Test
    void aRefundMadeElsewhereIsRecordedAndTheReturnCompletes() {
        ProcessInstance journey = refundRefused("R-ELSEWHERE");

        complete(task(journey), withVariables("refundFailureDecision", "REFUNDED_ELSEWHERE",
                "externalRefundReference", "BANK-2026-0042"));

        assertThat(journey).isEnded().hasPassedInOrder("Event_RefundFailed", "Activity_ResolveRefundFailure",
                "Activity_RecordExternalRefund", "Activity_CompleteReturn", "EndEvent_ReturnCompleted");
        assertThat(recordExternalRefund.calls()).containsExactly("R-ELSEWHERE");
        assertThat(issueRefund.calls()).containsExactly("R-ELSEWHERE");
    }

    @Test
    void anEscalatedRefundFailureGoesToOperations() {
        ProcessInstance journey = refundRefused("R-ESCALATE");

        complete(task(journey), withVariables("refundFailureDecision", "ESCALATE"));

        assertThat(escalateRefundFailure.calls()).containsExactly("R-ESCALATE");
        Task escalated = task(journey);
        assertThat(escalated.getTaskDefinitionKey()).isEqualTo("Activity_ResolveRefundFailure");
        assertThat(candidateGroups(escalated)).containsExactly("ops");

        complete(escalated, withVariables("refundFailureDecision", "REFUNDED_ELSEWHERE",
                "externalRefundReference", "OPS-7"));
        assertThat(journey).isEnded().hasPassed("Activity_EscalateRefundFailure", "Activity_RecordExternalRefund",
                "EndEvent_ReturnCompleted");
    }

    // ---- the way to each situation

    /** A home pickup booked and awaited. */
    private ProcessInstance pickupBooked(String returnId) {
        ProcessInstance journey = startReturn(returnId, HOME_PICKUP);
        execute(job("Activity_BookPickup", journey));
        assertThat(journey).isWaitingAt("Gateway_AwaitCollection");
        return journey;
    }

    /** A courier missed the last attempt the system may book: the task for customer service is open. */
    private ProcessInstance noAttemptsLeft(String returnId) {
        bookPickup.behaving(execution -> booked(execution, false));
        ProcessInstance journey = pickupBooked(returnId);
        fire("Event_CourierDidNotCome", journey);
        assertThat(journey).isWaitingAt("Activity_ResolveFailedPickup").hasNotPassed("Activity_RebookPickup");
        return journey;
    }

    /** A collected parcel that has not been signed for by its deadline: the investigation is open. */
    private ProcessInstance parcelOverdue(String returnId) {
        ProcessInstance journey = pickupBooked(returnId);
        correlate("ParcelCollected", returnId);
        assertThat(journey).isWaitingAt("Gateway_AwaitSigned");
        assertThat(timer("Event_ParcelOverdue", journey).getDuedate()).isEqualTo(Date.from(NOW.plus(LOST_AFTER)));
        engine.setCurrentTime(Date.from(NOW.plus(LOST_AFTER)));
        fire("Event_ParcelOverdue", journey);
        assertThat(journey).isWaitingAt("Activity_InvestigateMissingParcel");
        return journey;
    }

    /** A parcel signed at the warehouse, inspected as decided. */
    private ProcessInstance signed(String returnId, String inspection) {
        // what makes the real inspection-routing table answer as the test needs
        facts.itemsTotal = new java.math.BigDecimal("MANUAL".equals(inspection) ? "600.00" : "99.00");
        ProcessInstance journey = pickupBooked(returnId);
        assertThat(runtimeService().getVariable(journey.getId(), "inspection")).isEqualTo(inspection);
        correlate("ParcelCollected", returnId);
        correlate("ParcelSigned", returnId);
        return journey;
    }

    /** A refund the provider refused: the task for customer service is open. */
    private ProcessInstance refundRefused(String returnId) {
        issueRefund.behaving(execution -> {
            throw new BpmnError("REFUND_FAILED", "card_declined: the card was closed");
        });
        ProcessInstance journey = signed(returnId, "AUTOMATIC");
        execute(job("Activity_IssueRefund", journey));
        assertThat(journey).isWaitingAt("Activity_ResolveRefundFailure").hasPassed("Event_RefundFailed")
                .hasNotPassed("Activity_CompleteReturn");
        assertThat(managementService().createJobQuery().processInstanceId(journey.getId()).count()).isZero();
        return journey;
    }

    private static List<String> candidateGroups(Task task) {
        return taskService().getIdentityLinksForTask(task.getId()).stream()
                .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
                .map(IdentityLink::getGroupId)
                .toList();
    }
}
