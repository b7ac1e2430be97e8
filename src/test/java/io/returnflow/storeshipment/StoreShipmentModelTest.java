package io.returnflow.storeshipment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.returnflow.support.BpmnDiagramChecks;

/**
 * Checks the store-shipment model as a file: valid BPMN, the ids and seams the application relies on
 * (bean names, messages, the variables its timers read), and a diagram that opens and reads well in
 * Camunda Modeler (the rules every model keeps are in {@link BpmnDiagramChecks}).
 */
class StoreShipmentModelTest {

    static final String RESOURCE = "processes/store-shipment.bpmn";

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
        assertThat(diagram.processProblems(StoreShipmentProcess.PROCESS_KEY, "Store shipment", "P180D")).isEmpty();
    }

    @Test
    void everyElementHasAReadableNameAndDocumentationWhereItActs() {
        assertThat(diagram.unnamedElements()).isEmpty();
        assertThat(diagram.undocumentedElements()).isEmpty();
        // a named choice is also a decided one
        assertThat(diagram.undecidedChoices()).isEmpty();
    }

    @Test
    void serviceTasksCallTheirBeansAndExternalCallsAreRetriedJobs() {
        // id -> delegate expression, retry cycle (none = runs in the transaction of what came before)
        Map<String, List<String>> expected = Map.of(
                "Activity_CloseShipment", List.of("${closeShipment}", "${retryCycles.closeShipment()}"),
                "Activity_BookStorePickup", List.of("${bookStorePickup}", "${retryCycles.storePickup()}"),
                "Activity_ReceiveShipmentReturns", List.of("${receiveShipmentReturns}", "${retryCycles.shipmentReceipt()}"),
                "Activity_HandReturnsToLostPath", List.of("${handReturnsToLostPath}", "${retryCycles.shipmentReceipt()}"));

        assertThat(diagram.serviceTasksOtherThan(expected)).isEmpty();
        // the beans exist under those names
        assertThat(JoinStoreShipment.class.getAnnotation(org.springframework.stereotype.Component.class).value())
                .isEqualTo("joinStoreShipment");
        assertThat(CloseShipment.class.getAnnotation(org.springframework.stereotype.Component.class).value())
                .isEqualTo("closeShipment");
        assertThat(BookStorePickup.class.getAnnotation(org.springframework.stereotype.Component.class).value())
                .isEqualTo("bookStorePickup");
        assertThat(ReceiveShipmentReturns.class.getAnnotation(org.springframework.stereotype.Component.class).value())
                .isEqualTo("receiveShipmentReturns");
        assertThat(HandReturnsToLostPath.class.getAnnotation(org.springframework.stereotype.Component.class).value())
                .isEqualTo("handReturnsToLostPath");
    }

    @Test
    void waitsForTheMessagesAndTimersTheApplicationProvides() {
        assertThat(messageOf("Event_ShipmentFull")).isEqualTo(StoreShipmentProcess.MSG_SHIPMENT_FULL);
        assertThat(messageOf("Event_ShipmentSigned")).isEqualTo(StoreShipmentProcess.MSG_SHIPMENT_SIGNED);

        TimerEventDefinition collection = timerOf("Event_CollectionTime");
        assertThat(collection.getTimeCycle().getTextContent().trim())
                .isEqualTo("${" + StoreShipmentProcess.VAR_SCHEDULE + "}");
        TimerEventDefinition overdue = timerOf("Event_ShipmentOverdue");
        assertThat(overdue.getTimeDuration().getTextContent().trim()).isEqualTo("${storeShipmentTimings.lostAfter()}");

        // a shipment full at its first parcel does not wait: the gateway reads the flag the application sets
        // (where each way leads is StoreShipmentProcessTest's)
        ExclusiveGateway full = model.getModelElementById("Gateway_AlreadyFull");
        assertThat(full.getOutgoing()).filteredOn(flow -> flow.getConditionExpression() != null)
                .extracting(flow -> flow.getConditionExpression().getTextContent().trim())
                .containsExactly("${" + StoreShipmentProcess.VAR_FULL + " == true}");
        assertThat(full.getDefault()).as("the default way: wait for the store's rule").isNotNull();

        // what the shipment waits for together: the news, or the one timer
        assertThat(targets("Gateway_AwaitRule")).containsExactlyInAnyOrder("Event_CollectionTime", "Event_ShipmentFull");
        assertThat(targets("Gateway_AwaitWarehouse"))
                .containsExactlyInAnyOrder("Event_ShipmentSigned", "Event_ShipmentOverdue");
    }

    @Test
    void everyFlowNodeHasAShapeAndEveryFlowAnEdge() {
        assertThat(diagram.undrawnElements()).isEmpty();
    }

    @Test
    void edgesStartAndEndOnTheBordersOfTheirShapesAndRunAtRightAngles() {
        assertThat(diagram.misroutedEdges()).isEmpty();
        assertThat(diagram.detachedBoundaryEvents()).isEmpty();
    }

    @Test
    void shapesFlowsAndLabelsKeepClearOfEachOther() {
        assertThat(diagram.overlappingShapes()).isEmpty();
        assertThat(diagram.flowAndLabelClashes()).isEmpty();
    }

    @Test
    void everyEventAndGatewayHasALabelWideEnoughForItsName() {
        assertThat(diagram.crampedLabels()).isEmpty();
    }

    private static List<String> targets(String id) {
        FlowNode node = model.getModelElementById(id);
        return node.getOutgoing().stream().map(flow -> flow.getTarget().getId()).toList();
    }

    private static String messageOf(String eventId) {
        IntermediateCatchEvent event = model.getModelElementById(eventId);
        Collection<MessageEventDefinition> definitions = event.getChildElementsByType(MessageEventDefinition.class);
        assertThat(definitions).as(eventId + " message definition").hasSize(1);
        return definitions.iterator().next().getMessage().getName();
    }

    private static TimerEventDefinition timerOf(String eventId) {
        IntermediateCatchEvent event = model.getModelElementById(eventId);
        Collection<TimerEventDefinition> definitions = event.getChildElementsByType(TimerEventDefinition.class);
        assertThat(definitions).as(eventId + " timer definition").hasSize(1);
        return definitions.iterator().next();
    }
}
