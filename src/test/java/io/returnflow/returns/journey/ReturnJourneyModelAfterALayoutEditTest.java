package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Documentation;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

import io.returnflow.support.BpmnDiagramChecks;

/**
 * Every check of {@link ReturnJourneyModelTest}, on the journey as an analyst may harmlessly edit it in
 * Modeler: every shape moved, every sequence flow renamed, and an element that does nothing (a none
 * intermediate throw event) put into a flow where the diagram has room for it. None of the checks may
 * notice: they state what the code relies on, not the diagram's arrows.
 */
class ReturnJourneyModelAfterALayoutEditTest extends ReturnJourneyModelTest {

    private static final double SHIFT_X = 40;
    private static final double SHIFT_Y = 30;
    private static final double EVENT_SIZE = 36;
    /** A segment long enough for the event and a visible flow on either side. */
    private static final double ROOM = 200;
    private static final String NO_OP = "Event_CheckpointNoted";

    @Override
    BpmnModelInstance model() throws Exception {
        for (int candidate = 0; ; candidate++) {
            BpmnModelInstance edited = BpmnDiagramChecks.readModel(RESOURCE);
            moveEveryShape(edited);
            renameEveryFlow(edited);
            List<SequenceFlow> roomy = roomyFlows(edited);
            assertThat(candidate).as("a flow with room for one more element").isLessThan(roomy.size());
            insertNoOpEvent(edited, roomy.get(candidate));
            BpmnDiagramChecks checks = new BpmnDiagramChecks(edited);
            // the analyst puts it where it is drawn clear of everything else
            if (checks.overlappingShapes().isEmpty() && checks.flowAndLabelClashes().isEmpty()) {
                Bpmn.validateModel(edited);
                assertThat(edited.<FlowNode>getModelElementById(NO_OP).getIncoming()).hasSize(1);
                return edited;
            }
        }
    }

    private static void moveEveryShape(BpmnModelInstance model) {
        for (Bounds bounds : model.getModelElementsByType(Bounds.class)) {
            bounds.setX(bounds.getX() + SHIFT_X);
            bounds.setY(bounds.getY() + SHIFT_Y);
        }
        for (Waypoint point : model.getModelElementsByType(Waypoint.class)) {
            point.setX(point.getX() + SHIFT_X);
            point.setY(point.getY() + SHIFT_Y);
        }
    }

    /** Modeler's generated ids instead of readable ones; the references (incoming, default, edges) follow. */
    private static void renameEveryFlow(BpmnModelInstance model) {
        int n = 0;
        for (SequenceFlow flow : new ArrayList<>(model.getModelElementsByType(SequenceFlow.class))) {
            flow.setId("Flow_0edit" + n++);
        }
    }

    /** Unnamed flows drawn as one straight line left to right, with room for an event in the middle. */
    private static List<SequenceFlow> roomyFlows(BpmnModelInstance model) {
        List<SequenceFlow> roomy = new ArrayList<>();
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            if (!(edge.getBpmnElement() instanceof SequenceFlow flow) || flow.getName() != null
                    || flow.getSource() instanceof EventBasedGateway) {
                continue;
            }
            List<Waypoint> points = new ArrayList<>(edge.getWaypoints());
            if (points.size() == 2 && points.get(0).getY().equals(points.get(1).getY())
                    && points.get(1).getX() - points.get(0).getX() >= ROOM) {
                roomy.add(flow);
            }
        }
        return roomy;
    }

    private static void insertNoOpEvent(BpmnModelInstance model, SequenceFlow flow) {
        ModelElementInstance scope = flow.getParentElement();
        FlowNode target = flow.getTarget();

        IntermediateThrowEvent event = model.newInstance(IntermediateThrowEvent.class);
        event.setId(NO_OP);
        event.setName("Noted");
        Documentation why = model.newInstance(Documentation.class);
        why.setTextContent("A checkpoint for the analysts' reports; does nothing.");
        event.getDocumentations().add(why);
        scope.addChildElement(event);

        SequenceFlow onwards = model.newInstance(SequenceFlow.class);
        onwards.setId("Flow_0editNoOp");
        scope.addChildElement(onwards);
        onwards.setSource(event);
        onwards.setTarget(target);
        flow.setTarget(event);
        target.getIncoming().remove(flow);
        target.getIncoming().add(onwards);
        event.getIncoming().add(flow);
        event.getOutgoing().add(onwards);

        BpmnEdge edge = model.getModelElementsByType(BpmnEdge.class).stream()
                .filter(e -> e.getBpmnElement() == flow).findFirst().orElseThrow();
        List<Waypoint> points = new ArrayList<>(edge.getWaypoints());
        double y = points.get(0).getY();
        double from = points.get(0).getX();
        double to = points.get(1).getX();
        double middle = Math.round((from + to) / 2);
        double half = EVENT_SIZE / 2;
        points.get(1).setX(middle - half);

        BpmnShape shape = model.newInstance(BpmnShape.class);
        shape.setBpmnElement(event);
        shape.setBounds(bounds(model, middle - half, y - half, EVENT_SIZE, EVENT_SIZE));
        BpmnLabel label = model.newInstance(BpmnLabel.class);
        label.setBounds(bounds(model, middle - 30, y + half + 4, 60, 14));
        shape.setBpmnLabel(label);
        edge.getParentElement().addChildElement(shape);

        BpmnEdge onwardsEdge = model.newInstance(BpmnEdge.class);
        onwardsEdge.setBpmnElement(onwards);
        onwardsEdge.getWaypoints().add(waypoint(model, middle + half, y));
        onwardsEdge.getWaypoints().add(waypoint(model, to, y));
        edge.getParentElement().addChildElement(onwardsEdge);
    }

    private static Bounds bounds(BpmnModelInstance model, double x, double y, double width, double height) {
        Bounds bounds = model.newInstance(Bounds.class);
        bounds.setX(x);
        bounds.setY(y);
        bounds.setWidth(width);
        bounds.setHeight(height);
        return bounds;
    }

    private static Waypoint waypoint(BpmnModelInstance model, double x, double y) {
        Waypoint point = model.newInstance(Waypoint.class);
        point.setX(x);
        point.setY(y);
        return point;
    }
}
