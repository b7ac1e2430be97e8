package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.returnflow.pickup.CancelPickup;
import io.returnflow.pickup.FlagForCustomerService;
import io.returnflow.support.BpmnDiagramChecks;

/**
 * Checks the journey model as a file: valid BPMN, the ids and seams the application relies on, and
 * a diagram that opens and reads well in Camunda Modeler (the rules every model keeps are in
 * {@link BpmnDiagramChecks}).
 */
class ReturnJourneyModelTest {

    static final String RESOURCE = "processes/return-journey.bpmn";

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

    private static BpmnModelInstance model;
    private static BpmnDiagramChecks diagram;

    @BeforeAll
    static void readModel() throws Exception {
        model = BpmnDiagramChecks.readModel(RESOURCE);
        diagram = new BpmnDiagramChecks(model);
    }

    @Test
    void isValidBpmn() {
        Bpmn.validateModel(model);
    }

    @Test
    void isAnExecutableProcessWithHistoryTimeToLive() {
        assertThat(diagram.processProblems("return-journey", "Return journey", "P180D")).isEmpty();
    }

    @Test
    void everyElementHasAReadableName() {
        assertThat(diagram.unnamedElements()).isEmpty();
        assertThat(diagram.undocumentedElements()).isEmpty();
    }

    @Test
    void serviceTasksCallTheirBeansAndExternalCallsAreRetriedJobs() {
        // id -> delegate expression, retry cycle (null = runs synchronously in the caller's transaction)
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("Activity_RejectReturn", List.of("${rejectReturn}")),
                Map.entry("Activity_BookPickup", List.of("${bookPickup}", "${retryCycles.pickup()}")),
                Map.entry("Activity_IssueDropOffCode", List.of("${issueDropOffCode}")),
                Map.entry("Activity_JoinStoreShipment", List.of("${joinStoreShipment}", "${retryCycles.joinStoreShipment()}")),
                Map.entry("Activity_RefundAtHandOver", List.of("${refundAtHandOver}", "${retryCycles.refundAtHandOver()}")),
                Map.entry("Activity_MarkReturnCancelled", List.of("${markReturnCancelled}")),
                Map.entry("Activity_CancelPickup", List.of("${cancelPickup}", "${retryCycles.pickup()}")),
                Map.entry("Activity_FlagForCustomerService", List.of("${flagForCustomerService}")),
                Map.entry("Activity_VoidDropOffCode", List.of("${voidDropOffCode}")),
                Map.entry("Activity_IssueRefund", List.of("${issueRefund}", "${retryCycles.refund()}")),
                Map.entry("Activity_CompleteReturn", List.of("${completeReturn}")),
                // people in the loop: calls to the carrier are retried jobs, bookkeeping runs in place
                Map.entry("Activity_RebookPickup", List.of("${rebookPickup}", "${retryCycles.pickup()}")),
                Map.entry("Activity_RebookChosenWindow", List.of("${rebookChosenWindow}", "${retryCycles.pickup()}")),
                Map.entry("Activity_SwitchToDropOff", List.of("${switchToDropOff}", "${retryCycles.pickup()}")),
                Map.entry("Activity_CancelAfterFailedPickup", List.of("${markReturnCancelled}")),
                Map.entry("Activity_CancelPickupAfterNoShow", List.of("${cancelPickupAfterNoShow}", "${retryCycles.pickup()}")),
                Map.entry("Activity_ExpireReturn", List.of("${expireReturn}")),
                Map.entry("Activity_StartLostParcelClock", List.of("${startLostParcelClock}")),
                Map.entry("Activity_KeepWaiting", List.of("${keepWaiting}")),
                Map.entry("Activity_RecordCarrierClaim", List.of("${recordCarrierClaim}")),
                Map.entry("Activity_RecordInspection", List.of("${recordInspection}")),
                Map.entry("Activity_RejectAfterInspection", List.of("${rejectAfterInspection}")),
                Map.entry("Activity_RecordExternalRefund", List.of("${recordExternalRefund}")),
                Map.entry("Activity_EscalateRefundFailure", List.of("${escalateRefundFailure}")));

        assertThat(diagram.serviceTasksOtherThan(expected)).isEmpty();
    }

    @Test
    void thePoliciesAreTheAnalystsDecisionTablesCalledAsBusinessRuleTasks() {
        // id -> table, result variable, how the result is mapped, the facts the table reads
        Map<String, List<String>> expected = Map.of(
                // each line's answer goes to the listener recordItemEligibility, not into a variable
                "Activity_CheckEligibility", List.of("return-eligibility null null",
                        "category", "reason", "daysSinceDelivery", "customerTier"),
                "Activity_DecideFreightPayer", List.of("freight-payer null null",
                        "reason", "customerTier", "itemsTotal"),
                "Activity_DecideInspection", List.of("inspection-routing inspection singleEntry",
                        "reason", "customerTier", "itemsTotal"),
                "Activity_DecideRefundTiming", List.of("refund-timing refundTiming singleEntry",
                        "reason", "customerTier", "itemsTotal"));
        Collection<BusinessRuleTask> tasks = model.getModelElementsByType(BusinessRuleTask.class);
        assertThat(tasks).extracting(BusinessRuleTask::getId).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (BusinessRuleTask task : tasks) {
            List<String> seam = expected.get(task.getId());
            assertThat(task.getCamundaDecisionRef() + " " + task.getCamundaResultVariable() + " "
                    + task.getCamundaMapDecisionResult()).as(task.getId()).isEqualTo(seam.get(0));
            // the tables read facts of the return, looked up for the task only: the process keeps ids
            assertThat(task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class)
                    .singleResult().getCamundaInputParameters())
                    .extracting(CamundaInputParameter::getCamundaName)
                    .containsExactlyInAnyOrderElementsOf(seam.subList(1, seam.size()));
        }
        // every returned line is checked on its own, one after the other
        BusinessRuleTask eligibility = model.getModelElementById("Activity_CheckEligibility");
        MultiInstanceLoopCharacteristics lines = (MultiInstanceLoopCharacteristics) eligibility
                .getLoopCharacteristics();
        assertThat(lines.isSequential()).isTrue();
        assertThat(lines.getCamundaCollection()).isEqualTo("${returnPolicyFacts.lineIds(returnId)}");
        assertThat(lines.getCamundaElementVariable()).isEqualTo("lineId");
        assertThat(choices("Gateway_Eligible"))
                .containsEntry("${execution.getVariable('eligible') != false}", "Activity_DecideFreightPayer");
        assertThat(next("Activity_DecideFreightPayer")).isEqualTo("Activity_DecideInspection");
        assertThat(next("Activity_DecideInspection")).isEqualTo("Activity_DecideRefundTiming");
        assertThat(next("Activity_DecideRefundTiming")).isEqualTo("SubProcess_HandOverParcel");
        // money at hand-over, when the table says so; the parcel travels on either way
        assertThat(choices("Gateway_RefundAtHandOver")).isEqualTo(Map.of(
                "${refundTiming == 'AT_DROP_OFF'}", "Activity_RefundAtHandOver"));
        assertThat(((ExclusiveGateway) model.getModelElementById("Gateway_RefundAtHandOver")).getDefault()
                .getTarget().getId()).isEqualTo("Gateway_ReadyToTravel");
        assertThat(next("Activity_RefundAtHandOver")).isEqualTo("Gateway_ReadyToTravel");
        assertThat(next("Gateway_ReadyToTravel")).isEqualTo("Gateway_ShipMethod");
    }

    @Test
    void waitsForTheMessagesTheApplicationCorrelates() {
        assertThat(messageOf("Event_ParcelCollected")).isEqualTo("ParcelCollected");
        assertThat(messageOf("Event_DropOffCheckedIn")).isEqualTo("DropOffCheckedIn");
        assertThat(messageOf("Event_ParcelSigned")).isEqualTo("ParcelSigned");
        assertThat(messageOf("Event_ParcelLost")).isEqualTo("ParcelLost");
        assertThat(messageOf("Event_CancellationRequested")).isEqualTo("ReturnCancellationRequested");

        BoundaryEvent cancellation = model.getModelElementById("Event_CancellationRequested");
        assertThat(cancellation.cancelActivity()).as("cancellation interrupts the hand-over").isTrue();
        assertThat(cancellation.getAttachedTo().getId()).isEqualTo("SubProcess_HandOverParcel");

        // news that arrives while a person works on the case withdraws the task instead of being lost
        assertThat(messageOf("Event_CollectedDuringResolution")).isEqualTo("ParcelCollected");
        assertInterrupts("Event_CollectedDuringResolution", "Activity_ResolveFailedPickup", "Gateway_HandedOver");
        assertThat(messageOf("Event_SignedDuringInvestigation")).isEqualTo("ParcelSigned");
        assertInterrupts("Event_SignedDuringInvestigation", "Activity_InvestigateMissingParcel",
                "Gateway_JoinBeforeInspection");
    }

    private static void assertInterrupts(String eventId, String hostId, String nextId) {
        BoundaryEvent event = model.getModelElementById(eventId);
        assertThat(event.cancelActivity()).as(eventId + " interrupts").isTrue();
        assertThat(event.getAttachedTo().getId()).as(eventId + " host").isEqualTo(hostId);
        assertThat(event.getOutgoing()).singleElement()
                .satisfies(flow -> assertThat(flow.getTarget().getId()).as(eventId + " leads to").isEqualTo(nextId));
    }

    @Test
    void aCancellationTheCarrierRefusesIsABusinessOutcomeForCustomerService() {
        BoundaryEvent refused = model.getModelElementById("Event_CancellationRefused");
        assertThat(refused.getAttachedTo().getId()).isEqualTo("Activity_CancelPickup");
        assertThat(refused.cancelActivity()).as("an error boundary event always interrupts").isTrue();
        Collection<ErrorEventDefinition> definitions = refused.getChildElementsByType(ErrorEventDefinition.class);
        assertThat(definitions).hasSize(1);
        ErrorEventDefinition error = definitions.iterator().next();
        // the seam to the Java side: the code CancelPickup throws, the variable FlagForCustomerService reads
        assertThat(error.getError().getId()).isEqualTo("Error_PickupAlreadyCollected");
        assertThat(error.getError().getErrorCode()).isEqualTo(CancelPickup.PICKUP_ALREADY_COLLECTED);
        assertThat(error.getError().getName()).isNotBlank();
        assertThat(error.getCamundaErrorMessageVariable()).isEqualTo(FlagForCustomerService.VAR_REFUSAL);

        assertThat(refused.getOutgoing()).singleElement()
                .satisfies(flow -> assertThat(flow.getTarget().getId()).isEqualTo("Activity_FlagForCustomerService"));
        FlowNode flag = model.getModelElementById("Activity_FlagForCustomerService");
        assertThat(flag.getOutgoing()).singleElement()
                .satisfies(flow -> assertThat(flow.getTarget().getId()).isEqualTo("EndEvent_CancelledAfterCollection"));
        assertThat(model.<FlowNode>getModelElementById("EndEvent_CancelledAfterCollection"))
                .isInstanceOf(EndEvent.class);

        // the other error-free ends of a cancellation stay as they were
        FlowNode cancelPickup = model.getModelElementById("Activity_CancelPickup");
        assertThat(cancelPickup.getOutgoing()).singleElement()
                .satisfies(flow -> assertThat(flow.getTarget().getId()).isEqualTo("Gateway_Cancelled"));
    }

    @Test
    void cancellationCoversExactlyTheHandOver() {
        SubProcess handOver = model.getModelElementById("SubProcess_HandOverParcel");
        List<String> inside = handOver.getChildElementsByType(FlowNode.class).stream().map(BaseElement::getId).toList();
        assertThat(inside).containsExactlyInAnyOrder("StartEvent_HandOver", "Gateway_Method", "Activity_BookPickup",
                "Gateway_JoinBeforeAwaitCollection", "Gateway_AwaitCollection", "Gateway_JoinBeforeAttemptsLeft",
                "Gateway_JoinBeforeIssueDropOffCode", "Event_ParcelCollected", "Event_CourierDidNotCome", "Event_PickupGivenUp",
                "Gateway_AttemptsLeft", "Activity_RebookPickup", "Activity_ResolveFailedPickup", "Event_CollectedDuringResolution",
                "Gateway_FailedPickupDecision", "Activity_RebookChosenWindow", "Activity_SwitchToDropOff",
                "Activity_CancelAfterFailedPickup", "Activity_CancelPickupAfterNoShow", "EndEvent_HandOverAbandoned",
                "Activity_IssueDropOffCode", "Gateway_AwaitDropOff", "Event_DropOffCheckedIn", "Event_DropOffCodeExpired",
                "Activity_ExpireReturn", "EndEvent_DropOffExpired", "Gateway_HandedOver", "EndEvent_ParcelHandedOver");
    }

    @Test
    void everyGatewayChoiceIsDecided() {
        assertThat(diagram.undecidedChoices()).isEmpty();
    }

    @Test
    void everyFlowNodeHasAShapeAndEveryFlowAnEdge() {
        assertThat(diagram.undrawnElements()).isEmpty();
    }

    @Test
    void edgesStartAndEndOnTheBordersOfTheirShapesAndRunAtRightAngles() {
        assertThat(diagram.misroutedEdges()).isEmpty();
    }

    @Test
    void boundaryEventsSitOnTheBorderOfTheirActivity() {
        assertThat(model.getModelElementsByType(BoundaryEvent.class)).extracting(BaseElement::getId)
                .containsExactlyInAnyOrder("Event_CancellationRequested", "Event_CancellationRefused",
                        "Event_CollectedDuringResolution", "Event_SignedDuringInvestigation", "Event_RefundFailed");
        assertThat(diagram.detachedBoundaryEvents()).isEmpty();
    }

    @Test
    void flowsAndLabelsKeepClearOfOtherShapesAndLabels() {
        assertThat(diagram.flowAndLabelClashes()).isEmpty();
    }

    @Test
    void labelsAreWideEnoughForTheirNames() {
        assertThat(diagram.crampedLabels()).isEmpty();
    }

    @Test
    void shapesDoNotOverlapAndChildrenStayInsideTheSubProcess() {
        assertThat(model.getModelElementsByType(SubProcess.class)).extracting(BaseElement::getId)
                .containsExactly("SubProcess_HandOverParcel");
        assertThat(diagram.overlappingShapes()).isEmpty();
    }

    @Test
    void userTasksAreFormsForTheirGroupsDueByTheirServiceLevel() throws Exception {
        // id -> candidate groups, form id, service level kind, whether it is an exception (actionRequired)
        Map<String, List<String>> expected = Map.of(
                "Activity_ResolveFailedPickup",
                List.of("customer-service", "resolve-failed-pickup", "failedPickup", "exception"),
                "Activity_InvestigateMissingParcel",
                List.of("customer-service", "investigate-missing-parcel", "missingParcel", "exception"),
                "Activity_InspectReturnedItems",
                List.of("warehouse", "inspect-returned-items", "inspection", "routine"),
                "Activity_ResolveRefundFailure",
                List.of("${execution.getVariable('refundEscalated') == true ? 'ops' : 'customer-service'}", "resolve-refund-failure",
                        "refundFailure", "exception"));

        Collection<UserTask> tasks = model.getModelElementsByType(UserTask.class);
        assertThat(tasks).extracting(UserTask::getId).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (UserTask task : tasks) {
            List<String> seam = expected.get(task.getId());
            String formRef = task.getAttributeValueNs(CAMUNDA_NS, "formRef");
            assertThat(task.getCamundaCandidateGroups()).as(task.getId() + " groups").isEqualTo(seam.get(0));
            assertThat(task.getCamundaAssignee()).as(task.getId() + " assignee").isNull();
            assertThat(formRef).as(task.getId() + " formRef").isEqualTo(seam.get(1));
            // latest: the form resolves however the diagram was deployed (Modeler deploys the diagram alone)
            assertThat(task.getAttributeValueNs(CAMUNDA_NS, "formRefBinding"))
                    .as(task.getId() + " formRefBinding").isEqualTo("latest");
            assertThat(task.getCamundaFormKey()).as(task.getId() + " no file-path form key").isNull();
            assertThat(task.getCamundaDueDate()).as(task.getId() + " due date")
                    .isEqualTo("${journeyTimings.slaDue('" + seam.get(2) + "')}");
            assertThat(task.getDocumentations()).as(task.getId() + " documentation")
                    .anySatisfy(doc -> assertThat(doc.getTextContent()).isNotBlank());

            List<String> listeners = task.getExtensionElements().getElementsQuery()
                    .filterByType(CamundaTaskListener.class).list().stream()
                    .map(listener -> listener.getCamundaEvent() + " " + listener.getCamundaDelegateExpression())
                    .toList();
            List<String> expectedListeners = seam.get(3).equals("exception")
                    // delete: a task a message withdraws (parcel arrived after all) no longer needs a person
                    // and each exception task's decisions by its own listener, named after it
                    ? List.of("create ${prepareTaskFacts}", "create ${exceptionTaskOpened}",
                            "complete ${" + decided(task.getId()) + "}", "delete ${" + decided(task.getId()) + "}")
                    : List.of("create ${prepareTaskFacts}", "create ${prepareInspection}",
                            "complete ${validateInspection}");
            assertThat(listeners).as(task.getId() + " task listeners").containsExactlyElementsOf(expectedListeners);

            // the form it names is in forms/ under that id (not on the test classpath: read from the checkout)
            Path form = Path.of("forms", formRef + ".form");
            assertThat(form).as(task.getId() + " form file").exists();
            assertThat(new ObjectMapper().readTree(form.toFile()).get("id").asText()).isEqualTo(formRef);
        }
    }

    @Test
    void timersWaitForTheMomentsTheDelegatesSet() {
        Map<String, String> expected = Map.of(
                "Event_CourierDidNotCome", "${pickupDeadline}",
                "Event_DropOffCodeExpired", "${dropOffExpiresAt}",
                "Event_ParcelOverdue", "${lostDeadline}");
        Collection<TimerEventDefinition> timers = model.getModelElementsByType(TimerEventDefinition.class);
        assertThat(timers).hasSize(expected.size());
        for (TimerEventDefinition timer : timers) {
            String eventId = ((BaseElement) timer.getParentElement()).getId();
            assertThat(timer.getParentElement()).as(eventId).isInstanceOf(IntermediateCatchEvent.class);
            assertThat(timer.getTimeDuration()).as(eventId + " duration").isNull();
            assertThat(timer.getTimeCycle()).as(eventId + " cycle").isNull();
            assertThat(timer.getTimeDate()).as(eventId + " date").isNotNull();
            assertThat(timer.getTimeDate().getTextContent().trim()).as(eventId).isEqualTo(expected.get(eventId));
        }
    }

    @Test
    void eventBasedGatewaysAreFollowedOnlyByCatchEvents() {
        Map<String, List<String>> expected = Map.of(
                "Gateway_AwaitCollection", List.of("Event_ParcelCollected", "Event_CourierDidNotCome",
                        "Event_PickupGivenUp"),
                "Gateway_AwaitDropOff", List.of("Event_DropOffCheckedIn", "Event_DropOffCodeExpired"),
                "Gateway_AwaitSigned", List.of("Event_ParcelSigned", "Event_ParcelOverdue", "Event_ParcelLost"));
        Collection<EventBasedGateway> gateways = model.getModelElementsByType(EventBasedGateway.class);
        assertThat(gateways).extracting(BaseElement::getId).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (EventBasedGateway gateway : gateways) {
            assertThat(gateway.getOutgoing()).extracting(flow -> flow.getTarget().getId())
                    .as(gateway.getId()).containsExactlyInAnyOrderElementsOf(expected.get(gateway.getId()));
            for (SequenceFlow flow : gateway.getOutgoing()) {
                assertThat(flow.getConditionExpression()).as(flow.getId() + " condition").isNull();
                assertThat(flow.getTarget()).as(flow.getId()).isInstanceOf(IntermediateCatchEvent.class);
                assertThat(flow.getTarget().getIncoming()).as(flow.getTarget().getId() + " incoming").hasSize(1);
            }
            // the news, or one timer: the moment a person has to look
            assertThat(gateway.getOutgoing()).filteredOn(flow -> !flow.getTarget()
                    .getChildElementsByType(TimerEventDefinition.class).isEmpty()).hasSize(1);
            assertThat(gateway.getOutgoing()).filteredOn(flow -> !flow.getTarget()
                    .getChildElementsByType(MessageEventDefinition.class).isEmpty())
                    .hasSize(gateway.getOutgoing().size() - 1);
        }
    }

    @Test
    void missedPickupsAreRebookedThenDecidedByCustomerService() {
        // the ways back to waiting for the courier, and the two missed pickups, merge before the gateway they share
        assertThat(next("Activity_BookPickup")).isEqualTo("Gateway_JoinBeforeAwaitCollection");
        assertThat(next("Gateway_JoinBeforeAwaitCollection")).isEqualTo("Gateway_AwaitCollection");
        assertThat(next("Event_CourierDidNotCome")).isEqualTo("Gateway_JoinBeforeAttemptsLeft");
        assertThat(next("Event_PickupGivenUp")).isEqualTo("Gateway_JoinBeforeAttemptsLeft");
        assertThat(next("Gateway_JoinBeforeAttemptsLeft")).isEqualTo("Gateway_AttemptsLeft");
        assertThat(choices("Gateway_AttemptsLeft")).isEqualTo(Map.of(
                "${pickupAttemptsLeft}", "Activity_RebookPickup",
                "${!pickupAttemptsLeft}", "Activity_ResolveFailedPickup"));
        assertThat(next("Activity_RebookPickup")).isEqualTo("Gateway_JoinBeforeAwaitCollection");
        assertThat(next("Activity_ResolveFailedPickup")).isEqualTo("Gateway_FailedPickupDecision");
        assertThat(choices("Gateway_FailedPickupDecision")).isEqualTo(Map.of(
                "${failedPickupDecision == 'REBOOK'}", "Activity_RebookChosenWindow",
                "${failedPickupDecision == 'SWITCH_TO_DROP_OFF'}", "Activity_SwitchToDropOff",
                "${failedPickupDecision == 'CANCEL'}", "Activity_CancelAfterFailedPickup"));
        assertThat(next("Activity_RebookChosenWindow")).isEqualTo("Gateway_JoinBeforeAwaitCollection");
        assertThat(next("Activity_SwitchToDropOff")).isEqualTo("Gateway_JoinBeforeIssueDropOffCode");
        assertThat(choices("Gateway_Method")).containsEntry("${method == 'STORE_DROPOFF'}",
                "Gateway_JoinBeforeIssueDropOffCode");
        assertThat(next("Gateway_JoinBeforeIssueDropOffCode")).isEqualTo("Activity_IssueDropOffCode");
        assertThat(next("Activity_CancelAfterFailedPickup")).isEqualTo("Activity_CancelPickupAfterNoShow");
        assertThat(next("Activity_CancelPickupAfterNoShow")).isEqualTo("EndEvent_HandOverAbandoned");

        assertThat(next("Activity_IssueDropOffCode")).isEqualTo("Gateway_AwaitDropOff");
        assertThat(next("Event_DropOffCodeExpired")).isEqualTo("Activity_ExpireReturn");
        assertThat(next("Activity_ExpireReturn")).isEqualTo("EndEvent_DropOffExpired");
    }

    @Test
    void aHandOverWithoutParcelClosesTheReturn() {
        assertThat(next("SubProcess_HandOverParcel")).isEqualTo("Gateway_HandOverOutcome");
        ExclusiveGateway outcome = model.getModelElementById("Gateway_HandOverOutcome");
        assertThat(outcome.getDefault().getTarget().getId()).isEqualTo("Gateway_RefundAtHandOver");
        assertThat(choices("Gateway_HandOverOutcome"))
                .isEqualTo(Map.of("${execution.getVariable('handOverAbandoned') == true}", "EndEvent_HandOverClosed"));

        // the flags are written only by the steps that raise them: no variable for every journey at its start
        StartEvent start = model.getModelElementById("StartEvent_ReturnRequested");
        assertThat(start.getExtensionElements() == null ? List.of() : start.getExtensionElements()
                .getElementsQuery().filterByType(CamundaExecutionListener.class).list()).isEmpty();
    }

    @Test
    void aLateParcelIsInvestigatedAndInspectionDecidesTheRefund() {
        assertThat(next("Gateway_ParcelOnItsWay")).isEqualTo("Activity_StartLostParcelClock");
        assertThat(next("Activity_StartLostParcelClock")).isEqualTo("Gateway_JoinBeforeAwaitSigned");
        assertThat(next("Gateway_JoinBeforeAwaitSigned")).isEqualTo("Gateway_AwaitSigned");
        assertThat(next("Event_ParcelOverdue")).isEqualTo("Gateway_JoinBeforeInvestigate");
        assertThat(next("Gateway_JoinBeforeInvestigate")).isEqualTo("Activity_InvestigateMissingParcel");
        assertThat(next("Activity_InvestigateMissingParcel")).isEqualTo("Gateway_MissingParcelDecision");
        assertThat(choices("Gateway_MissingParcelDecision")).isEqualTo(Map.of(
                "${missingParcelDecision == 'REFUND_ANYWAY'}", "Gateway_ReadyToRefund",
                "${missingParcelDecision == 'KEEP_WAITING'}", "Activity_KeepWaiting",
                "${missingParcelDecision == 'CLOSE_AS_LOST'}", "Activity_RecordCarrierClaim"));
        assertThat(next("Activity_KeepWaiting")).isEqualTo("Gateway_JoinBeforeAwaitSigned");
        assertThat(next("Activity_RecordCarrierClaim")).isEqualTo("Gateway_ReadyToRefund");

        assertThat(next("Event_ParcelLost")).isEqualTo("Gateway_JoinBeforeInvestigate");
        assertThat(next("Event_ParcelSigned")).isEqualTo("Gateway_JoinBeforeInspection");
        assertThat(next("Gateway_JoinBeforeInspection")).isEqualTo("Gateway_Inspection");
        assertThat(choices("Gateway_Inspection")).isEqualTo(Map.of(
                "${inspection == 'MANUAL'}", "Activity_InspectReturnedItems",
                "${inspection == 'AUTOMATIC'}", "Gateway_ReadyToRefund"));
        assertThat(next("Activity_InspectReturnedItems")).isEqualTo("Activity_RecordInspection");
        assertThat(next("Activity_RecordInspection")).isEqualTo("Gateway_InspectionOutcome");
        assertThat(choices("Gateway_InspectionOutcome")).isEqualTo(Map.of(
                "${inspectionOutcome == 'REJECT'}", "Activity_RejectAfterInspection",
                "${inspectionOutcome == 'ACCEPT' || inspectionOutcome == 'PARTIAL'}", "Gateway_ReadyToRefund"));
        assertThat(next("Activity_RejectAfterInspection")).isEqualTo("EndEvent_RejectedAtInspection");
        assertThat(next("Gateway_ReadyToRefund")).isEqualTo("Activity_IssueRefund");
    }

    @Test
    void aRefusedRefundGoesToAPersonNeverLost() {
        BoundaryEvent refused = model.getModelElementById("Event_RefundFailed");
        assertThat(refused.getAttachedTo().getId()).isEqualTo("Activity_IssueRefund");
        ErrorEventDefinition error = refused.getChildElementsByType(ErrorEventDefinition.class).iterator().next();
        assertThat(error.getError().getErrorCode()).isEqualTo("REFUND_FAILED");
        assertThat(error.getError().getName()).isNotBlank();
        assertThat(error.getCamundaErrorMessageVariable()).isEqualTo("refundFailure");
        assertThat(next("Event_RefundFailed")).isEqualTo("Gateway_JoinBeforeResolveRefundFailure");
        assertThat(next("Gateway_JoinBeforeResolveRefundFailure")).isEqualTo("Activity_ResolveRefundFailure");
        assertThat(next("Activity_ResolveRefundFailure")).isEqualTo("Gateway_RefundFailureDecision");
        assertThat(choices("Gateway_RefundFailureDecision")).isEqualTo(Map.of(
                // a retry merges where every refund starts: Gateway_ReadyToRefund leads only to the refund
                "${refundFailureDecision == 'RETRY'}", "Gateway_ReadyToRefund",
                "${refundFailureDecision == 'REFUNDED_ELSEWHERE'}", "Activity_RecordExternalRefund",
                "${refundFailureDecision == 'ESCALATE'}", "Activity_EscalateRefundFailure"));
        assertThat(next("Activity_RecordExternalRefund")).isEqualTo("Gateway_JoinBeforeCompleteReturn");
        assertThat(next("Activity_IssueRefund")).isEqualTo("Gateway_JoinBeforeCompleteReturn");
        assertThat(next("Gateway_JoinBeforeCompleteReturn")).isEqualTo("Activity_CompleteReturn");
        assertThat(next("Activity_EscalateRefundFailure")).isEqualTo("Gateway_JoinBeforeResolveRefundFailure");
    }

    /** The target of the single flow leaving a node. */
    private static String next(String id) {
        FlowNode node = model.getModelElementById(id);
        assertThat(node.getOutgoing()).as(id + " outgoing").hasSize(1);
        return node.getOutgoing().iterator().next().getTarget().getId();
    }

    /** Condition -> target of the conditional flows leaving a gateway (the default flow left out). */
    private static Map<String, String> choices(String gatewayId) {
        ExclusiveGateway gateway = model.getModelElementById(gatewayId);
        Map<String, String> choices = new HashMap<>();
        for (SequenceFlow flow : gateway.getOutgoing()) {
            if (!flow.equals(gateway.getDefault())) {
                choices.put(flow.getConditionExpression().getTextContent().trim(), flow.getTarget().getId());
            }
        }
        return choices;
    }

    private static String messageOf(String eventId) {
        FlowNode event = model.getModelElementById(eventId);
        Collection<MessageEventDefinition> definitions = event instanceof IntermediateCatchEvent catchEvent
                ? catchEvent.getChildElementsByType(MessageEventDefinition.class)
                : ((BoundaryEvent) event).getChildElementsByType(MessageEventDefinition.class);
        assertThat(definitions).as(eventId + " message definition").hasSize(1);
        return definitions.iterator().next().getMessage().getName();
    }

    /** The decision listener of an exception task: its bean is named after the task ("Activity_X" -> "xDecided"). */
    private static String decided(String taskId) {
        String name = taskId.substring("Activity_".length());
        return Character.toLowerCase(name.charAt(0)) + name.substring(1) + "Decided";
    }
}
