package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
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
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
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
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.returnflow.pickup.CancelPickup;
import io.returnflow.pickup.FlagForCustomerService;
import io.returnflow.support.BpmnDiagramChecks;

/**
 * Checks the journey model as a file: valid BPMN, the ids and seams the application relies on, and
 * a diagram that opens and reads well in Camunda Modeler (the rules every model keeps are in
 * {@link BpmnDiagramChecks}). Properties only, never which element follows which: that is for the path
 * tests ({@link ReturnJourneyProcessTest}, {@link ReturnJourneyPeopleInTheLoopTest}), so an analyst's
 * harmless edit breaks none of these ({@link ReturnJourneyModelAfterALayoutEditTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReturnJourneyModelTest {

    static final String RESOURCE = "processes/return-journey.bpmn";

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
    /** The due date of the exchange's customer-service tasks (exchange.ExchangeTimings). */
    private static final String EXCHANGE_DUE = "${exchangeTimings.taskDue()}";

    private BpmnModelInstance model;
    private BpmnDiagramChecks diagram;

    @BeforeAll
    void readModel() throws Exception {
        model = model();
        diagram = new BpmnDiagramChecks(model);
    }

    /** The model under test: the file as committed. */
    BpmnModelInstance model() throws Exception {
        return BpmnDiagramChecks.readModel(RESOURCE);
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
                Map.entry("Activity_EscalateRefundFailure", List.of("${escalateRefundFailure}")),
                // exchanges: the shop is called from retried jobs, the bookkeeping runs in place
                Map.entry("Activity_PlaceInstantExchangeOrder",
                        List.of("${placeInstantExchangeOrder}", "${exchangeTimings.retryCycle()}")),
                Map.entry("Activity_PlaceExchangeOrder", List.of("${placeExchangeOrder}", "${exchangeTimings.retryCycle()}")),
                Map.entry("Activity_LookUpExchangeOrder", List.of("${lookUpExchangeOrder}")),
                Map.entry("Activity_AskTheShop", List.of("${askTheShop}", "${exchangeTimings.retryCycle()}")),
                Map.entry("Activity_FallBackFromExchange", List.of("${fallBackFromExchange}")),
                Map.entry("Activity_RefundExchangeLines", List.of("${refundExchangeLines}")),
                Map.entry("Activity_CreditExchangeLines", List.of("${creditExchangeLines}")),
                Map.entry("Activity_IssueStoreCredit", List.of("${issueStoreCredit}", "${retryCycles.storeCredit()}")),
                Map.entry("Activity_RecordStoreCreditIssuedByHand", List.of("${recordStoreCreditIssuedByHand}")),
                // the risk assessment reads the product's own tables, in the request's transaction
                Map.entry("Activity_GatherRiskFacts", List.of("${gatherRiskFacts}")),
                Map.entry("Activity_RecordRiskReview", List.of("${recordRiskReview}")),
                Map.entry("Activity_RejectAfterReview", List.of("${rejectAfterReview}")),
                Map.entry("Activity_CancelDuringReview", List.of("${markReturnCancelled}")));

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
                        "reason", "customerTier", "itemsTotal"),
                // every rule that fires answers, to the listener recordRiskAssessment
                "Activity_AssessReturnRisk", List.of("return-risk null null",
                        "returnCount", "returnedValue", "returnedShare", "knownOrders", "highestItemValue",
                        "itemsTotal", "reason", "method", "farStore", "earlierFarDropOffs", "sharedAddressCustomers",
                        "sharedPhoneCustomers", "newCustomer"));
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
    }

    @Test
    void waitsForTheMessagesTheApplicationCorrelates() {
        assertThat(messageOf("Event_ParcelCollected")).isEqualTo("ParcelCollected");
        assertThat(messageOf("Event_DropOffCheckedIn")).isEqualTo("DropOffCheckedIn");
        assertThat(messageOf("Event_ParcelSigned")).isEqualTo("ParcelSigned");
        assertThat(messageOf("Event_ParcelLost")).isEqualTo("ParcelLost");
        assertThat(messageOf("Event_CancellationRequested")).isEqualTo("ReturnCancellationRequested");
        assertThat(messageOf("Event_CancelledDuringReview")).isEqualTo("ReturnCancellationRequested");
        // a return under risk review has nothing booked yet: the review is withdrawn, the return cancelled
        assertThat(((BoundaryEvent) model.getModelElementById("Event_CancelledDuringReview")).cancelActivity())
                .isTrue();

        BoundaryEvent cancellation = model.getModelElementById("Event_CancellationRequested");
        assertThat(cancellation.cancelActivity()).as("cancellation interrupts the hand-over").isTrue();
        assertThat(cancellation.getAttachedTo().getId()).isEqualTo("SubProcess_HandOverParcel");

        // news that arrives while a person works on the case withdraws the task instead of being lost
        assertThat(messageOf("Event_CollectedDuringResolution")).isEqualTo("ParcelCollected");
        assertInterrupts("Event_CollectedDuringResolution", "Activity_ResolveFailedPickup");
        assertThat(messageOf("Event_SignedDuringInvestigation")).isEqualTo("ParcelSigned");
        assertInterrupts("Event_SignedDuringInvestigation", "Activity_InvestigateMissingParcel");
        // the shop's answer through the outcome API (exchange.ExchangeOrderService)
        assertThat(messageOf("Event_ExchangeOrderConfirmed")).isEqualTo("ExchangeOrderConfirmed");
        assertThat(messageOf("Event_ExchangeOrderRefused")).isEqualTo("ExchangeOrderRefused");
        // ... also while customer service chases the order: the answer withdraws the task, never lost
        assertThat(messageOf("Event_ConfirmedWhileChased")).isEqualTo("ExchangeOrderConfirmed");
        assertInterrupts("Event_ConfirmedWhileChased", "Activity_ChaseExchangeOrder");
        assertThat(messageOf("Event_RefusedWhileChased")).isEqualTo("ExchangeOrderRefused");
        assertInterrupts("Event_RefusedWhileChased", "Activity_ChaseExchangeOrder");
    }

    private void assertInterrupts(String eventId, String hostId) {
        BoundaryEvent event = model.getModelElementById(eventId);
        assertThat(event.cancelActivity()).as(eventId + " interrupts").isTrue();
        assertThat(event.getAttachedTo().getId()).as(eventId + " host").isEqualTo(hostId);
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

        // where it leads is the path test's (ReturnJourneyProcessTest): a collected parcel goes to customer service
        assertThat(model.<FlowNode>getModelElementById("EndEvent_CancelledAfterCollection"))
                .isInstanceOf(EndEvent.class);
    }

    @Test
    void cancellationCoversTheHandOverAndNothingAfterIt() {
        SubProcess handOver = model.getModelElementById("SubProcess_HandOverParcel");
        List<String> inside = handOver.getChildElementsByType(FlowNode.class).stream().map(BaseElement::getId).toList();
        // every step and wait of handing the parcel over can be cancelled ...
        assertThat(inside).contains("Activity_BookPickup", "Gateway_AwaitCollection", "Activity_RebookPickup",
                "Activity_ResolveFailedPickup", "Activity_RebookChosenWindow", "Activity_SwitchToDropOff",
                "Activity_IssueDropOffCode", "Gateway_AwaitDropOff");
        // ... and nothing once the carrier has the parcel: no cancelling a parcel on its way, nor the money
        assertThat(inside).doesNotContain("Gateway_AwaitSigned", "Activity_InvestigateMissingParcel",
                "Activity_InspectReturnedItems", "Activity_IssueRefund", "Activity_RefundAtHandOver",
                "Activity_RecordCarrierClaim", "Activity_ResolveRefundFailure");
    }

    @Test
    void pathsMergeAtGatewaysNeverAtATaskOrEvent() {
        // an implicit merge (two flows into a task) is easy to miss in the diagram and behaves as a join nobody drew
        assertThat(model.getModelElementsByType(FlowNode.class)).filteredOn(node -> !(node instanceof Gateway))
                .filteredOn(node -> node.getIncoming().size() > 1).extracting(BaseElement::getId).isEmpty();
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
                        "Event_CollectedDuringResolution", "Event_SignedDuringInvestigation", "Event_RefundFailed",
                        "Event_StoreCreditFailed",
                        "Event_CancelledDuringReview", "Event_ConfirmedWhileChased", "Event_RefusedWhileChased");
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
                "Activity_ChaseExchangeOrder", List.of("customer-service", "chase-exchange-order", EXCHANGE_DUE, "exchange"),
                "Activity_ResolveRefusedExchange",
                List.of("customer-service", "resolve-refused-exchange", EXCHANGE_DUE, "exchange"),
                "Activity_RecoverInstantExchange",
                List.of("customer-service", "recover-instant-exchange", EXCHANGE_DUE, "exchange"),
                "Activity_RecoverShortInstantExchange",
                List.of("customer-service", "recover-instant-exchange", EXCHANGE_DUE, "exchange"),
                "Activity_ResolveFailedPickup",
                List.of("customer-service", "resolve-failed-pickup", "failedPickup", "exception"),
                "Activity_InvestigateMissingParcel",
                List.of("customer-service", "investigate-missing-parcel", "missingParcel", "exception"),
                "Activity_InspectReturnedItems",
                List.of("warehouse", "inspect-returned-items", "inspection", "routine"),
                "Activity_ResolveRefundFailure",
                List.of("${execution.getVariable('refundEscalated') == true ? 'ops' : 'customer-service'}", "resolve-refund-failure",
                        "refundFailure", "exception"),
                "Activity_ResolveStoreCreditFailure",
                List.of("customer-service", "resolve-store-credit-failure", "refundFailure", "exception"),
                "Activity_ReviewRiskyReturn",
                List.of("customer-service", "review-return-risk", "riskReview", "exception"));

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
            assertThat(task.getCamundaDueDate()).as(task.getId() + " due date").isEqualTo(seam.get(2).startsWith("${")
                    ? seam.get(2) : "${journeyTimings.slaDue('" + seam.get(2) + "')}");
            assertThat(task.getDocumentations()).as(task.getId() + " documentation")
                    .anySatisfy(doc -> assertThat(doc.getTextContent()).isNotBlank());

            List<String> listeners = task.getExtensionElements().getElementsQuery()
                    .filterByType(CamundaTaskListener.class).list().stream()
                    .map(listener -> listener.getCamundaEvent() + " " + listener.getCamundaDelegateExpression())
                    .toList();
            List<String> expectedListeners = seam.get(3).equals("exchange")
                    // an exception task that also shows the exchange order's facts
                    ? List.of("create ${prepareTaskFacts}", "create ${exchangeTaskFacts}", "create ${exceptionTaskOpened}",
                            "complete ${" + decided(task.getId()) + "}", "delete ${" + decided(task.getId()) + "}")
                    : seam.get(3).equals("exception")
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
                "Event_ParcelOverdue", "${lostDeadline}",
                "Event_NoExchangeAnswerYet", "${exchangeTimings.askAt()}");
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
                "Gateway_AwaitSigned", List.of("Event_ParcelSigned", "Event_ParcelOverdue", "Event_ParcelLost"),
                "Gateway_AwaitExchangeAnswer", List.of("Event_ExchangeOrderConfirmed", "Event_ExchangeOrderRefused",
                        "Event_NoExchangeAnswerYet"));
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
    void theJourneysFlagsAreWrittenOnlyByTheStepsThatRaiseThem() {
        // the flags are written only by the steps that raise them: no variable for every journey at its start
        StartEvent start = model.getModelElementById("StartEvent_ReturnRequested");
        assertThat(start.getExtensionElements() == null ? List.of() : start.getExtensionElements()
                .getElementsQuery().filterByType(CamundaExecutionListener.class).list()).isEmpty();
    }

    @Test
    void aRefusedRefundGoesToAPersonNeverLost() {
        BoundaryEvent refused = model.getModelElementById("Event_RefundFailed");
        assertThat(refused.getAttachedTo().getId()).isEqualTo("Activity_IssueRefund");
        ErrorEventDefinition error = refused.getChildElementsByType(ErrorEventDefinition.class).iterator().next();
        assertThat(error.getError().getErrorCode()).isEqualTo("REFUND_FAILED");
        assertThat(error.getError().getName()).isNotBlank();
        assertThat(error.getCamundaErrorMessageVariable()).isEqualTo("refundFailure");
        // what a person decides then, and where each decision leads, is ReturnJourneyPeopleInTheLoopTest's
        assertThat(refused.cancelActivity()).isTrue();
    }

    private String messageOf(String eventId) {
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
