package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.BusinessRuleTask;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.returnflow.pickup.CancelPickup;
import io.returnflow.pickup.FlagForCustomerService;

/**
 * Checks the journey model as a file: valid BPMN, the ids and seams the application relies on, and
 * a diagram that opens and reads well in Camunda Modeler.
 */
class ReturnJourneyModelTest {

    static final String RESOURCE = "processes/return-journey.bpmn";

    /** Modeler's external labels: 11 px text, about this wide a character, lines this high. */
    private static final double LABEL_PX_PER_CHAR = 6;
    private static final double LABEL_LINE_HEIGHT = 13.5;

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

    private static BpmnModelInstance model;

    @BeforeAll
    static void readModel() throws Exception {
        try (InputStream in = ReturnJourneyModelTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE + " on the classpath").isNotNull();
            model = Bpmn.readModelFromStream(in);
        }
    }

    @Test
    void isValidBpmn() {
        Bpmn.validateModel(model);
    }

    @Test
    void isAnExecutableProcessWithHistoryTimeToLive() {
        Process process = model.getModelElementById("return-journey");
        assertThat(process.getName()).isEqualTo("Return journey");
        assertThat(process.isExecutable()).isTrue();
        assertThat(process.getCamundaHistoryTimeToLiveString()).isEqualTo("P180D");
    }

    @Test
    void everyElementHasAReadableName() {
        List<String> unnamed = new ArrayList<>();
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if (node.getName() == null || node.getName().isBlank()) {
                unnamed.add(node.getId());
            }
        }
        for (Message message : model.getModelElementsByType(Message.class)) {
            if (message.getName() == null || message.getName().isBlank()) {
                unnamed.add(message.getId());
            }
        }
        // a flow with a condition is a choice an analyst reads on the diagram
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            if (flow.getConditionExpression() != null && (flow.getName() == null || flow.getName().isBlank())) {
                unnamed.add(flow.getId());
            }
        }
        assertThat(unnamed).isEmpty();
    }

    @Test
    void serviceTasksCallTheirBeansAndExternalCallsAreRetriedJobs() {
        // id -> delegate expression, retry cycle (null = runs synchronously in the caller's transaction)
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("Activity_RejectReturn", List.of("${rejectReturn}")),
                Map.entry("Activity_BookPickup", List.of("${bookPickup}", "R5/PT30S")),
                Map.entry("Activity_IssueDropOffCode", List.of("${issueDropOffCode}")),
                Map.entry("Activity_JoinStoreShipment", List.of("${joinStoreShipment}", "R5/PT30S")),
                Map.entry("Activity_RefundAtHandOver", List.of("${refundAtHandOver}", "R3/PT30S")),
                Map.entry("Activity_MarkReturnCancelled", List.of("${markReturnCancelled}")),
                Map.entry("Activity_CancelPickup", List.of("${cancelPickup}", "R5/PT30S")),
                Map.entry("Activity_FlagForCustomerService", List.of("${flagForCustomerService}")),
                Map.entry("Activity_VoidDropOffCode", List.of("${voidDropOffCode}")),
                Map.entry("Activity_IssueRefund", List.of("${issueRefund}", "R5/PT1M")),
                Map.entry("Activity_CompleteReturn", List.of("${completeReturn}")),
                // people in the loop: calls to the carrier are retried jobs, bookkeeping runs in place
                Map.entry("Activity_RebookPickup", List.of("${rebookPickup}", "R5/PT30S")),
                Map.entry("Activity_RebookChosenWindow", List.of("${rebookChosenWindow}", "R5/PT30S")),
                Map.entry("Activity_SwitchToDropOff", List.of("${switchToDropOff}", "R5/PT30S")),
                Map.entry("Activity_CancelAfterFailedPickup", List.of("${markReturnCancelled}")),
                Map.entry("Activity_CancelPickupAfterNoShow", List.of("${cancelPickupAfterNoShow}", "R5/PT30S")),
                Map.entry("Activity_ExpireReturn", List.of("${expireReturn}")),
                Map.entry("Activity_StartLostParcelClock", List.of("${startLostParcelClock}")),
                Map.entry("Activity_KeepWaiting", List.of("${keepWaiting}")),
                Map.entry("Activity_RecordCarrierClaim", List.of("${recordCarrierClaim}")),
                Map.entry("Activity_RecordInspection", List.of("${recordInspection}")),
                Map.entry("Activity_RejectAfterInspection", List.of("${rejectAfterInspection}")),
                Map.entry("Activity_RecordExternalRefund", List.of("${recordExternalRefund}")),
                Map.entry("Activity_EscalateRefundFailure", List.of("${escalateRefundFailure}")));

        Collection<ServiceTask> tasks = model.getModelElementsByType(ServiceTask.class);
        assertThat(tasks).extracting(ServiceTask::getId).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (ServiceTask task : tasks) {
            List<String> seam = expected.get(task.getId());
            assertThat(task.getCamundaDelegateExpression()).as(task.getId()).isEqualTo(seam.get(0));
            assertThat(task.isCamundaAsyncAfter()).as(task.getId() + " asyncAfter").isFalse();
            if (seam.size() == 1) {
                assertThat(task.isCamundaAsyncBefore()).as(task.getId() + " asyncBefore").isFalse();
                assertThat(retryCycle(task)).as(task.getId() + " retry cycle").isNull();
            } else {
                assertThat(task.isCamundaAsyncBefore()).as(task.getId() + " asyncBefore").isTrue();
                assertThat(retryCycle(task)).as(task.getId() + " retry cycle").isEqualTo(seam.get(1));
            }
        }
    }

    @Test
    void thePoliciesAreTheAnalystsDecisionTablesCalledAsBusinessRuleTasks() {
        // id -> table, result variable, how the result is mapped, the facts the table reads
        Map<String, List<String>> expected = Map.of(
                // each line's answer goes to the listener recordItemEligibility, not into a variable
                "Activity_CheckEligibility", List.of("return-eligibility null null",
                        "category", "reason", "daysSinceDelivery", "customerTier"),
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
        assertThat(choices("Gateway_Eligible")).containsEntry("${eligible}", "Activity_DecideInspection");
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
                "Gateway_Inspection");
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
                "Gateway_AwaitCollection", "Event_ParcelCollected", "Event_CourierDidNotCome", "Gateway_AttemptsLeft",
                "Activity_RebookPickup", "Activity_ResolveFailedPickup", "Event_CollectedDuringResolution",
                "Gateway_FailedPickupDecision", "Activity_RebookChosenWindow", "Activity_SwitchToDropOff",
                "Activity_CancelAfterFailedPickup", "Activity_CancelPickupAfterNoShow", "EndEvent_HandOverAbandoned",
                "Activity_IssueDropOffCode", "Gateway_AwaitDropOff", "Event_DropOffCheckedIn", "Event_DropOffCodeExpired",
                "Activity_ExpireReturn", "EndEvent_DropOffExpired", "Gateway_HandedOver", "EndEvent_ParcelHandedOver");
    }

    @Test
    void everyGatewayChoiceIsDecided() {
        for (ExclusiveGateway gateway : model.getModelElementsByType(ExclusiveGateway.class)) {
            if (gateway.getOutgoing().size() < 2) {
                continue;
            }
            for (SequenceFlow flow : gateway.getOutgoing()) {
                boolean isDefault = flow.equals(gateway.getDefault());
                assertThat(isDefault || flow.getConditionExpression() != null)
                        .as(flow.getId() + " leaving " + gateway.getId() + " has a condition or is the default")
                        .isTrue();
            }
        }
    }

    @Test
    void everyFlowNodeHasAShapeAndEveryFlowAnEdge() {
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            assertThat(node.getDiagramElement()).as(node.getId() + " shape").isInstanceOf(BpmnShape.class);
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            assertThat(flow.getDiagramElement()).as(flow.getId() + " edge").isInstanceOf(BpmnEdge.class);
        }
    }

    @Test
    void edgesStartAndEndOnTheBordersOfTheirShapesAndRunAtRightAngles() {
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            List<Waypoint> points = List.copyOf(((BpmnEdge) flow.getDiagramElement()).getWaypoints());
            assertThat(points).as(flow.getId() + " waypoints").hasSizeGreaterThanOrEqualTo(2);
            assertTouches(flow.getId() + " start", points.get(0), flow.getSource());
            assertTouches(flow.getId() + " end", points.get(points.size() - 1), flow.getTarget());
            for (int i = 1; i < points.size(); i++) {
                Waypoint a = points.get(i - 1);
                Waypoint b = points.get(i);
                assertThat(a.getX().equals(b.getX()) || a.getY().equals(b.getY()))
                        .as(flow.getId() + " segment " + i + " is horizontal or vertical").isTrue();
            }
        }
    }

    @Test
    void boundaryEventsSitOnTheBorderOfTheirActivity() {
        Collection<BoundaryEvent> boundaryEvents = model.getModelElementsByType(BoundaryEvent.class);
        assertThat(boundaryEvents).extracting(BaseElement::getId)
                .containsExactlyInAnyOrder("Event_CancellationRequested", "Event_CancellationRefused",
                        "Event_CollectedDuringResolution", "Event_SignedDuringInvestigation", "Event_RefundFailed");
        for (BoundaryEvent boundaryEvent : boundaryEvents) {
            Bounds event = bounds(boundaryEvent);
            Bounds host = bounds(boundaryEvent.getAttachedTo());
            double centreX = event.getX() + event.getWidth() / 2;
            double centreY = event.getY() + event.getHeight() / 2;
            assertThat(onBorder(centreX, centreY, host))
                    .as("centre of %s on the border of %s", boundaryEvent.getId(), boundaryEvent.getAttachedTo().getId())
                    .isTrue();
        }
    }

    @Test
    void flowsAndLabelsKeepClearOfOtherShapesAndLabels() {
        Map<String, Bounds> shapes = new HashMap<>();
        Map<String, Bounds> labels = new HashMap<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            if (!(shape.getBpmnElement() instanceof SubProcess)) {
                shapes.put(shape.getBpmnElement().getId(), shape.getBounds());
            }
            if (shape.getBpmnLabel() != null) {
                labels.put(shape.getBpmnElement().getId(), shape.getBpmnLabel().getBounds());
            }
        }
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            if (edge.getBpmnLabel() != null) {
                labels.put(edge.getBpmnElement().getId(), edge.getBpmnLabel().getBounds());
            }
        }
        List<String> clashes = new ArrayList<>();
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            List<Waypoint> points = List.copyOf(((BpmnEdge) flow.getDiagramElement()).getWaypoints());
            for (int i = 1; i < points.size(); i++) {
                Waypoint a = points.get(i - 1);
                Waypoint b = points.get(i);
                shapes.forEach((id, box) -> {
                    if (!id.equals(flow.getSource().getId()) && !id.equals(flow.getTarget().getId())
                            && crosses(a, b, box)) {
                        clashes.add(flow.getId() + " crosses " + id);
                    }
                });
                labels.forEach((id, box) -> {
                    if (!id.equals(flow.getId()) && crosses(a, b, box)) {
                        clashes.add(flow.getId() + " crosses the label of " + id);
                    }
                });
            }
        }
        labels.forEach((id, label) -> {
            shapes.forEach((shapeId, box) -> {
                if (!shapeId.equals(id) && overlap(label, box)) {
                    clashes.add("the label of " + id + " overlaps " + shapeId);
                }
            });
            labels.forEach((otherId, other) -> {
                if (id.compareTo(otherId) < 0 && overlap(label, other)) {
                    clashes.add("the label of " + id + " overlaps the label of " + otherId);
                }
            });
        });
        assertThat(clashes).isEmpty();
    }

    @Test
    void labelsAreWideEnoughForTheirNames() {
        List<String> cramped = new ArrayList<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            checkLabel(shape.getBpmnElement(), shape.getBpmnLabel(), cramped);
        }
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            checkLabel(edge.getBpmnElement(), edge.getBpmnLabel(), cramped);
        }
        assertThat(cramped).isEmpty();
    }

    @Test
    void shapesDoNotOverlapAndChildrenStayInsideTheSubProcess() {
        SubProcess handOver = model.getModelElementById("SubProcess_HandOverParcel");
        Bounds host = bounds(handOver);
        List<FlowNode> nodes = List.copyOf(model.getModelElementsByType(FlowNode.class));
        for (FlowNode node : nodes) {
            if (node.getParentElement().equals(handOver)) {
                assertThat(contains(host, bounds(node))).as(node.getId() + " inside the sub-process").isTrue();
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                FlowNode a = nodes.get(i);
                FlowNode b = nodes.get(j);
                if (a instanceof SubProcess || b instanceof SubProcess || isAttachedTo(a, b) || isAttachedTo(b, a)) {
                    continue; // children and boundary events lie on or in their host by design; checked above
                }
                assertThat(overlap(bounds(a), bounds(b))).as(a.getId() + " overlaps " + b.getId()).isFalse();
            }
        }
        for (FlowNode node : nodes) {
            boolean belongsToHost = node.getParentElement().equals(handOver)
                    || node instanceof BoundaryEvent
                    || node.equals(handOver);
            if (!belongsToHost) {
                assertThat(overlap(host, bounds(node))).as(node.getId() + " overlaps the sub-process").isFalse();
            }
        }
    }

    @Test
    void modelerTemplatesDescribeTheServiceTasksAsModelled() throws Exception {
        // not on the classpath (the pom leaves .camunda out): read from the checkout
        Path templates = Path.of("processes/.camunda/element-templates/returnflow-service-tasks.json");
        Map<String, Boolean> asyncByDelegate = new HashMap<>();
        for (JsonNode template : new ObjectMapper().readTree(templates.toFile())) {
            String delegate = null;
            boolean async = false;
            for (JsonNode property : template.get("properties")) {
                String binding = property.get("binding").get("name").asText();
                if (binding.equals("camunda:delegateExpression")) {
                    delegate = property.get("value").asText();
                } else if (binding.equals("camunda:asyncBefore")) {
                    async = property.get("value").asBoolean();
                }
            }
            asyncByDelegate.put(delegate, async);
        }
        Map<String, Boolean> modelled = new HashMap<>();
        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            modelled.put(task.getCamundaDelegateExpression(), task.isCamundaAsyncBefore());
        }
        assertThat(asyncByDelegate).isEqualTo(modelled);
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
                List.of("${refundEscalated == true ? 'ops' : 'customer-service'}", "resolve-refund-failure",
                        "refundFailure", "exception"));

        Collection<UserTask> tasks = model.getModelElementsByType(UserTask.class);
        assertThat(tasks).extracting(UserTask::getId).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (UserTask task : tasks) {
            List<String> seam = expected.get(task.getId());
            String formRef = task.getAttributeValueNs(CAMUNDA_NS, "formRef");
            assertThat(task.getCamundaCandidateGroups()).as(task.getId() + " groups").isEqualTo(seam.get(0));
            assertThat(task.getCamundaAssignee()).as(task.getId() + " assignee").isNull();
            assertThat(formRef).as(task.getId() + " formRef").isEqualTo(seam.get(1));
            assertThat(task.getAttributeValueNs(CAMUNDA_NS, "formRefBinding"))
                    .as(task.getId() + " formRefBinding").isEqualTo("deployment");
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
                    ? List.of("create ${prepareTaskFacts}", "create ${exceptionTaskOpened}",
                            "complete ${exceptionTaskClosed}", "delete ${exceptionTaskClosed}")
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
                "Gateway_AwaitCollection", List.of("Event_ParcelCollected", "Event_CourierDidNotCome"),
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
        assertThat(next("Activity_BookPickup")).isEqualTo("Gateway_AwaitCollection");
        assertThat(next("Event_CourierDidNotCome")).isEqualTo("Gateway_AttemptsLeft");
        assertThat(choices("Gateway_AttemptsLeft")).isEqualTo(Map.of(
                "${pickupAttemptsLeft}", "Activity_RebookPickup",
                "${!pickupAttemptsLeft}", "Activity_ResolveFailedPickup"));
        assertThat(next("Activity_RebookPickup")).isEqualTo("Gateway_AwaitCollection");
        assertThat(next("Activity_ResolveFailedPickup")).isEqualTo("Gateway_FailedPickupDecision");
        assertThat(choices("Gateway_FailedPickupDecision")).isEqualTo(Map.of(
                "${failedPickupDecision == 'REBOOK'}", "Activity_RebookChosenWindow",
                "${failedPickupDecision == 'SWITCH_TO_DROP_OFF'}", "Activity_SwitchToDropOff",
                "${failedPickupDecision == 'CANCEL'}", "Activity_CancelAfterFailedPickup"));
        assertThat(next("Activity_RebookChosenWindow")).isEqualTo("Gateway_AwaitCollection");
        assertThat(next("Activity_SwitchToDropOff")).isEqualTo("Activity_IssueDropOffCode");
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
                .isEqualTo(Map.of("${handOverAbandoned == true}", "EndEvent_HandOverClosed"));

        // the flags the gateway and the refund task read exist from the start, so their expressions resolve
        StartEvent start = model.getModelElementById("StartEvent_ReturnRequested");
        List<String> initialised = start.getExtensionElements().getElementsQuery()
                .filterByType(CamundaExecutionListener.class).list().stream()
                .map(listener -> listener.getCamundaEvent() + " " + listener.getCamundaExpression()).toList();
        assertThat(initialised).containsExactly(
                "start ${execution.setVariable('handOverAbandoned', false)}",
                "start ${execution.setVariable('refundEscalated', false)}",
                "start ${execution.setVariable('eligible', true)}");
    }

    @Test
    void aLateParcelIsInvestigatedAndInspectionDecidesTheRefund() {
        assertThat(next("Gateway_ParcelOnItsWay")).isEqualTo("Activity_StartLostParcelClock");
        assertThat(next("Activity_StartLostParcelClock")).isEqualTo("Gateway_AwaitSigned");
        assertThat(next("Event_ParcelOverdue")).isEqualTo("Activity_InvestigateMissingParcel");
        assertThat(next("Activity_InvestigateMissingParcel")).isEqualTo("Gateway_MissingParcelDecision");
        assertThat(choices("Gateway_MissingParcelDecision")).isEqualTo(Map.of(
                "${missingParcelDecision == 'REFUND_ANYWAY'}", "Gateway_ReadyToRefund",
                "${missingParcelDecision == 'KEEP_WAITING'}", "Activity_KeepWaiting",
                "${missingParcelDecision == 'CLOSE_AS_LOST'}", "Activity_RecordCarrierClaim"));
        assertThat(next("Activity_KeepWaiting")).isEqualTo("Gateway_AwaitSigned");
        assertThat(next("Activity_RecordCarrierClaim")).isEqualTo("Gateway_ReadyToRefund");

        assertThat(next("Event_ParcelLost")).isEqualTo("Activity_InvestigateMissingParcel");
        assertThat(next("Event_ParcelSigned")).isEqualTo("Gateway_Inspection");
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
        assertThat(next("Event_RefundFailed")).isEqualTo("Activity_ResolveRefundFailure");
        assertThat(next("Activity_ResolveRefundFailure")).isEqualTo("Gateway_RefundFailureDecision");
        assertThat(choices("Gateway_RefundFailureDecision")).isEqualTo(Map.of(
                "${refundFailureDecision == 'RETRY'}", "Activity_IssueRefund",
                "${refundFailureDecision == 'REFUNDED_ELSEWHERE'}", "Activity_RecordExternalRefund",
                "${refundFailureDecision == 'ESCALATE'}", "Activity_EscalateRefundFailure"));
        assertThat(next("Activity_RecordExternalRefund")).isEqualTo("Activity_CompleteReturn");
        assertThat(next("Activity_EscalateRefundFailure")).isEqualTo("Activity_ResolveRefundFailure");
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

    private static boolean isAttachedTo(FlowNode event, FlowNode host) {
        return event instanceof BoundaryEvent boundary && boundary.getAttachedTo().equals(host);
    }

    /**
     * Modeler draws external labels in 11 px text, about {@value #LABEL_PX_PER_CHAR} px a character,
     * wrapping at spaces; a box too narrow for its name makes the text spill over flows and shapes.
     */
    private static void checkLabel(BaseElement element, BpmnLabel label, List<String> cramped) {
        if (label == null || !(element instanceof FlowElement named) || named.getName() == null) {
            return;
        }
        Bounds box = label.getBounds();
        int lines = (int) Math.round(box.getHeight() / LABEL_LINE_HEIGHT);
        int needed = wrappedLines(named.getName(), box.getWidth());
        if (needed > lines) {
            cramped.add(element.getId() + ": '" + named.getName() + "' needs " + needed + " line(s) in "
                    + box.getWidth() + " px, has " + lines);
        }
    }

    private static int wrappedLines(String text, double width) {
        int lines = 1;
        double line = 0;
        for (String word : text.trim().split("\\s+")) {
            double wordWidth = word.length() * LABEL_PX_PER_CHAR;
            if (wordWidth > width) {
                return Integer.MAX_VALUE; // a word that fits no line
            }
            double withWord = line == 0 ? wordWidth : line + LABEL_PX_PER_CHAR + wordWidth;
            if (withWord <= width) {
                line = withWord;
            } else {
                lines++;
                line = wordWidth;
            }
        }
        return lines;
    }

    private static String retryCycle(ServiceTask task) {
        if (task.getExtensionElements() == null) {
            return null;
        }
        List<CamundaFailedJobRetryTimeCycle> cycles = task.getExtensionElements().getElementsQuery()
                .filterByType(CamundaFailedJobRetryTimeCycle.class).list();
        return cycles.isEmpty() ? null : cycles.get(0).getTextContent().trim();
    }

    private static String messageOf(String eventId) {
        FlowNode event = model.getModelElementById(eventId);
        Collection<MessageEventDefinition> definitions = event instanceof IntermediateCatchEvent catchEvent
                ? catchEvent.getChildElementsByType(MessageEventDefinition.class)
                : ((BoundaryEvent) event).getChildElementsByType(MessageEventDefinition.class);
        assertThat(definitions).as(eventId + " message definition").hasSize(1);
        return definitions.iterator().next().getMessage().getName();
    }

    private static Bounds bounds(FlowNode node) {
        return ((BpmnShape) node.getDiagramElement()).getBounds();
    }

    /**
     * A task or sub-process can be entered anywhere on its outline; a round event or a diamond
     * gateway only touches its bounding box at the middle of each side.
     */
    private static void assertTouches(String what, Waypoint point, FlowNode node) {
        Bounds shape = bounds(node);
        boolean touches = node instanceof Activity
                ? onBorder(point.getX(), point.getY(), shape)
                : isSideMiddle(point.getX(), point.getY(), shape);
        assertThat(touches)
                .as("%s (%s,%s) on the border of [%s,%s %sx%s]", what, point.getX(), point.getY(),
                        shape.getX(), shape.getY(), shape.getWidth(), shape.getHeight())
                .isTrue();
    }

    /** On the outline of the rectangle. */
    private static boolean onBorder(double x, double y, Bounds b) {
        double left = b.getX();
        double right = b.getX() + b.getWidth();
        double top = b.getY();
        double bottom = b.getY() + b.getHeight();
        boolean withinX = x >= left && x <= right;
        boolean withinY = y >= top && y <= bottom;
        return (withinY && (x == left || x == right)) || (withinX && (y == top || y == bottom));
    }

    private static boolean isSideMiddle(double x, double y, Bounds b) {
        double centreX = b.getX() + b.getWidth() / 2;
        double centreY = b.getY() + b.getHeight() / 2;
        return (x == centreX && (y == b.getY() || y == b.getY() + b.getHeight()))
                || (y == centreY && (x == b.getX() || x == b.getX() + b.getWidth()));
    }

    private static boolean contains(Bounds outer, Bounds inner) {
        return inner.getX() > outer.getX() && inner.getY() > outer.getY()
                && inner.getX() + inner.getWidth() < outer.getX() + outer.getWidth()
                && inner.getY() + inner.getHeight() < outer.getY() + outer.getHeight();
    }

    /** Whether a horizontal or vertical segment runs through the inside of the box. */
    private static boolean crosses(Waypoint a, Waypoint b, Bounds box) {
        double left = box.getX();
        double right = box.getX() + box.getWidth();
        double top = box.getY();
        double bottom = box.getY() + box.getHeight();
        if (a.getX().equals(b.getX())) {
            return left < a.getX() && a.getX() < right
                    && Math.max(Math.min(a.getY(), b.getY()), top) < Math.min(Math.max(a.getY(), b.getY()), bottom);
        }
        return top < a.getY() && a.getY() < bottom
                && Math.max(Math.min(a.getX(), b.getX()), left) < Math.min(Math.max(a.getX(), b.getX()), right);
    }

    private static boolean overlap(Bounds a, Bounds b) {
        return a.getX() < b.getX() + b.getWidth() && b.getX() < a.getX() + a.getWidth()
                && a.getY() < b.getY() + b.getHeight() && b.getY() < a.getY() + a.getHeight();
    }
}
