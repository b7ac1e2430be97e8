package io.returnflow.storeshipment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the store-shipment model as a file: valid BPMN, the ids and seams the application relies on
 * (bean names, messages, the variables its timers read), and a diagram that opens and reads well in
 * Camunda Modeler.
 */
class StoreShipmentModelTest {

    static final String RESOURCE = "processes/store-shipment.bpmn";

    /** Modeler's external labels: 11 px text, about this wide a character, lines this high. */
    private static final double LABEL_PX_PER_CHAR = 6;
    private static final double LABEL_LINE_HEIGHT = 13.5;

    private static BpmnModelInstance model;

    @BeforeAll
    static void readModel() throws Exception {
        try (InputStream in = StoreShipmentModelTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
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
        Process process = model.getModelElementById(StoreShipmentProcess.PROCESS_KEY);
        assertThat(process.getName()).isEqualTo("Store shipment");
        assertThat(process.isExecutable()).isTrue();
        assertThat(process.getCamundaHistoryTimeToLiveString()).isEqualTo("P180D");
    }

    @Test
    void everyElementHasAReadableNameAndDocumentationWhereItActs() {
        List<String> unnamed = new ArrayList<>();
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if (node.getName() == null || node.getName().isBlank()) {
                unnamed.add(node.getId());
            }
            boolean acts = node instanceof Activity || node instanceof IntermediateCatchEvent
                    || node instanceof EventBasedGateway;
            if (acts && node.getDocumentations().isEmpty()) {
                unnamed.add(node.getId() + " (documentation)");
            }
        }
        for (Message message : model.getModelElementsByType(Message.class)) {
            if (message.getName() == null || message.getName().isBlank()) {
                unnamed.add(message.getId());
            }
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            boolean choice = flow.getSource() instanceof ExclusiveGateway && flow.getSource().getOutgoing().size() > 1;
            if (choice && (flow.getName() == null || flow.getName().isBlank())) {
                unnamed.add(flow.getId());
            }
        }
        assertThat(unnamed).isEmpty();
    }

    @Test
    void serviceTasksCallTheirBeansAndExternalCallsAreRetriedJobs() {
        // id -> delegate expression, retry cycle (none = runs in the transaction of what came before)
        Map<String, List<String>> expected = Map.of(
                "Activity_CloseShipment", List.of("${closeShipment}", "R5/PT30S"),
                "Activity_BookStorePickup", List.of("${bookStorePickup}", "R5/PT1M"),
                "Activity_ReceiveShipmentReturns", List.of("${receiveShipmentReturns}", "R10/PT30S"),
                "Activity_HandReturnsToLostPath", List.of("${handReturnsToLostPath}", "R10/PT30S"));

        Collection<ServiceTask> tasks = model.getModelElementsByType(ServiceTask.class);
        assertThat(tasks).extracting(ServiceTask::getId).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (ServiceTask task : tasks) {
            List<String> seam = expected.get(task.getId());
            assertThat(task.getCamundaDelegateExpression()).as(task.getId()).isEqualTo(seam.get(0));
            assertThat(task.isCamundaAsyncAfter()).as(task.getId() + " asyncAfter").isFalse();
            assertThat(task.isCamundaAsyncBefore()).as(task.getId() + " asyncBefore").isEqualTo(seam.size() > 1);
            assertThat(retryCycle(task)).as(task.getId() + " retry cycle").isEqualTo(seam.size() > 1 ? seam.get(1) : null);
        }
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

        ExclusiveGateway full = model.getModelElementById("Gateway_AlreadyFull");
        SequenceFlow yes = model.getModelElementById("Flow_AlreadyFull");
        assertThat(yes.getConditionExpression().getTextContent().trim())
                .isEqualTo("${" + StoreShipmentProcess.VAR_FULL + " == true}");
        assertThat(full.getDefault().getTarget().getId()).isEqualTo("Gateway_AwaitRule");

        assertThat(targets("Gateway_AwaitRule")).containsExactlyInAnyOrder("Event_CollectionTime", "Event_ShipmentFull");
        assertThat(targets("Gateway_AwaitWarehouse"))
                .containsExactlyInAnyOrder("Event_ShipmentSigned", "Event_ShipmentOverdue");
        assertThat(targets("Gateway_ShipmentLeaves")).containsExactly("Activity_CloseShipment");
        assertThat(targets("Activity_CloseShipment")).containsExactly("Activity_BookStorePickup");
        assertThat(targets("Activity_BookStorePickup")).containsExactly("Gateway_AwaitWarehouse");
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
    void shapesFlowsAndLabelsKeepClearOfEachOther() {
        Map<String, Bounds> shapes = new HashMap<>();
        Map<String, Bounds> labels = new HashMap<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            shapes.put(shape.getBpmnElement().getId(), shape.getBounds());
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
        shapes.forEach((id, box) -> shapes.forEach((otherId, other) -> {
            if (id.compareTo(otherId) < 0 && overlap(box, other)) {
                clashes.add(id + " overlaps " + otherId);
            }
        }));
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
                if (overlap(label, box)) {
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
    void everyEventAndGatewayHasALabelWideEnoughForItsName() {
        List<String> cramped = new ArrayList<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            if (!(shape.getBpmnElement() instanceof Activity) && shape.getBpmnLabel() == null) {
                cramped.add(shape.getBpmnElement().getId() + " has no label");
            }
            checkLabel(shape.getBpmnElement(), shape.getBpmnLabel(), cramped);
        }
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            SequenceFlow flow = (SequenceFlow) edge.getBpmnElement();
            if (flow.getName() != null && edge.getBpmnLabel() == null) {
                cramped.add(flow.getId() + " has no label");
            }
            checkLabel(flow, edge.getBpmnLabel(), cramped);
        }
        assertThat(cramped).isEmpty();
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

    private static String retryCycle(ServiceTask task) {
        if (task.getExtensionElements() == null) {
            return null;
        }
        List<CamundaFailedJobRetryTimeCycle> cycles = task.getExtensionElements().getElementsQuery()
                .filterByType(CamundaFailedJobRetryTimeCycle.class).list();
        return cycles.isEmpty() ? null : cycles.get(0).getTextContent().trim();
    }

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
                return Integer.MAX_VALUE;
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

    private static Bounds bounds(FlowNode node) {
        return ((BpmnShape) node.getDiagramElement()).getBounds();
    }

    /** A task can be entered anywhere on its outline; an event or a gateway only at the middle of a side. */
    private static void assertTouches(String what, Waypoint point, FlowNode node) {
        Bounds shape = bounds(node);
        boolean touches = node instanceof Activity
                ? onBorder(point.getX(), point.getY(), shape)
                : isSideMiddle(point.getX(), point.getY(), shape);
        assertThat(touches).as("%s (%s,%s) on the border of [%s,%s %sx%s]", what, point.getX(), point.getY(),
                shape.getX(), shape.getY(), shape.getWidth(), shape.getHeight()).isTrue();
    }

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
