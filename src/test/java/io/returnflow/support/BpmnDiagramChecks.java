package io.returnflow.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.Documentation;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * The rules every process model of the product keeps, whatever it draws: each element is named, each
 * choice decided, and the diagram opens and reads well in Camunda Modeler (a shape for every node, an
 * edge for every flow, right-angled edges that meet their shapes, nothing drawn over anything else,
 * labels wide enough for their names).
 *
 * <p>Each check returns the problems it finds, one readable line each, so that a test asserts the list
 * is empty and a failure names every offending element at once. The process-specific seams (which
 * tasks, beans, messages) stay in each model's own test.
 */
public final class BpmnDiagramChecks {

    /** Modeler's external labels: 11 px text, about this wide a character, lines this high. */
    private static final double LABEL_PX_PER_CHAR = 6;
    private static final double LABEL_LINE_HEIGHT = 13.5;

    private final BpmnModelInstance model;

    public BpmnDiagramChecks(BpmnModelInstance model) {
        this.model = model;
    }

    /** Reads a process model from the test classpath; fails if it is not there. */
    public static BpmnModelInstance readModel(String resource) throws IOException {
        try (InputStream in = BpmnDiagramChecks.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError(resource + " is not on the classpath");
            }
            return Bpmn.readModelFromStream(in);
        }
    }

    /** The retry cycle configured on a service task, or null when it has none. */
    public static String retryCycle(ServiceTask task) {
        if (task.getExtensionElements() == null) {
            return null;
        }
        List<CamundaFailedJobRetryTimeCycle> cycles = task.getExtensionElements().getElementsQuery()
                .filterByType(CamundaFailedJobRetryTimeCycle.class).list();
        return cycles.isEmpty() ? null : cycles.get(0).getTextContent().trim();
    }

    /**
     * Problems with the process itself: another name, not executable, or another history time to live
     * (Camunda refuses to deploy a process without one).
     */
    public List<String> processProblems(String processId, String name, String historyTimeToLive) {
        List<String> problems = new ArrayList<>();
        if (!(model.getModelElementById(processId) instanceof Process process)) {
            problems.add(processId + " is not a process of this model");
            return problems;
        }
        expect(problems, processId + " name", process.getName(), name);
        expect(problems, processId + " executable", process.isExecutable(), true);
        expect(problems, processId + " history time to live", process.getCamundaHistoryTimeToLiveString(),
                historyTimeToLive);
        return problems;
    }

    /**
     * Service tasks that differ from what the application provides. {@code expected} maps each task id
     * to its delegate expression, followed by its retry cycle when the task is an asynchronous job (a
     * call to a provider, retried on its own); a task with no cycle runs in the caller's transaction.
     */
    public List<String> serviceTasksOtherThan(Map<String, List<String>> expected) {
        List<String> problems = new ArrayList<>();
        Set<String> modelled = new TreeSet<>();
        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            String id = task.getId();
            modelled.add(id);
            List<String> seam = expected.get(id);
            if (seam == null) {
                problems.add(id + " is not expected");
                continue;
            }
            String cycle = seam.size() > 1 ? seam.get(1) : null;
            expect(problems, id + " delegate expression", task.getCamundaDelegateExpression(), seam.get(0));
            expect(problems, id + " asyncAfter", task.isCamundaAsyncAfter(), false);
            expect(problems, id + " asyncBefore", task.isCamundaAsyncBefore(), cycle != null);
            expect(problems, id + " retry cycle", retryCycle(task), cycle);
        }
        for (String id : new TreeSet<>(expected.keySet())) {
            if (!modelled.contains(id)) {
                problems.add(id + " is missing");
            }
        }
        return problems;
    }

    /**
     * Flow nodes and messages without a name, and choices without one: a flow with a condition, or any
     * flow leaving an exclusive gateway that offers more than one way (the default included), is what
     * an analyst reads on the diagram.
     */
    public List<String> unnamedElements() {
        List<String> unnamed = new ArrayList<>();
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if (isBlank(node.getName())) {
                unnamed.add(node.getId());
            }
        }
        for (Message message : model.getModelElementsByType(Message.class)) {
            if (isBlank(message.getName())) {
                unnamed.add(message.getId());
            }
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            boolean choice = flow.getConditionExpression() != null
                    || flow.getSource() instanceof ExclusiveGateway && flow.getSource().getOutgoing().size() > 1;
            if (choice && isBlank(flow.getName())) {
                unnamed.add(flow.getId());
            }
        }
        return unnamed;
    }

    /** Activities, catch events and event-based gateways (where the process acts or waits) without documentation. */
    public List<String> undocumentedElements() {
        List<String> undocumented = new ArrayList<>();
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            boolean acts = node instanceof Activity || node instanceof IntermediateCatchEvent
                    || node instanceof EventBasedGateway;
            if (acts && node.getDocumentations().stream().map(Documentation::getTextContent).allMatch(
                    BpmnDiagramChecks::isBlank)) {
                undocumented.add(node.getId() + " (documentation)");
            }
        }
        return undocumented;
    }

    /** Flows leaving an exclusive gateway with a choice that are neither conditional nor the default. */
    public List<String> undecidedChoices() {
        List<String> undecided = new ArrayList<>();
        for (ExclusiveGateway gateway : model.getModelElementsByType(ExclusiveGateway.class)) {
            if (gateway.getOutgoing().size() < 2) {
                continue;
            }
            for (SequenceFlow flow : gateway.getOutgoing()) {
                if (!flow.equals(gateway.getDefault()) && flow.getConditionExpression() == null) {
                    undecided.add(flow.getId() + " leaving " + gateway.getId()
                            + " has neither a condition nor is the default");
                }
            }
        }
        return undecided;
    }

    /** Flow nodes without a shape and sequence flows without an edge: Modeler would not show them. */
    public List<String> undrawnElements() {
        List<String> undrawn = new ArrayList<>();
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if (!(node.getDiagramElement() instanceof BpmnShape)) {
                undrawn.add(node.getId() + " has no shape");
            }
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            if (!(flow.getDiagramElement() instanceof BpmnEdge)) {
                undrawn.add(flow.getId() + " has no edge");
            }
        }
        return undrawn;
    }

    /**
     * Edges that do not start and end on the outline of their shapes, or that have a slanted segment.
     * A task or sub-process can be entered anywhere on its outline; a round event or a diamond gateway
     * only touches its bounding box at the middle of each side.
     */
    public List<String> misroutedEdges() {
        List<String> misrouted = new ArrayList<>();
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            List<Waypoint> points = waypoints(flow, misrouted);
            if (points == null) {
                continue;
            }
            if (points.size() < 2) {
                misrouted.add(flow.getId() + " has " + points.size() + " waypoint(s), needs at least 2");
                continue;
            }
            checkTouches(flow.getId() + " start", points.get(0), flow.getSource(), misrouted);
            checkTouches(flow.getId() + " end", points.get(points.size() - 1), flow.getTarget(), misrouted);
            for (int i = 1; i < points.size(); i++) {
                Waypoint a = points.get(i - 1);
                Waypoint b = points.get(i);
                if (!a.getX().equals(b.getX()) && !a.getY().equals(b.getY())) {
                    misrouted.add(flow.getId() + " segment " + i + " is neither horizontal nor vertical");
                }
            }
        }
        return misrouted;
    }

    /** Boundary events whose centre is not on the outline of the activity they are attached to. */
    public List<String> detachedBoundaryEvents() {
        List<String> detached = new ArrayList<>();
        for (BoundaryEvent boundaryEvent : model.getModelElementsByType(BoundaryEvent.class)) {
            Bounds event = bounds(boundaryEvent, detached);
            Bounds host = bounds(boundaryEvent.getAttachedTo(), detached);
            if (event == null || host == null) {
                continue;
            }
            double centreX = event.getX() + event.getWidth() / 2;
            double centreY = event.getY() + event.getHeight() / 2;
            if (!onBorder(centreX, centreY, host)) {
                detached.add("the centre of " + boundaryEvent.getId() + " is not on the border of "
                        + boundaryEvent.getAttachedTo().getId());
            }
        }
        return detached;
    }

    /**
     * Flows that run through a shape other than their ends (a sub-process is a frame flows run in, not
     * an obstacle) or through a label other than their own, and labels drawn over a shape or another
     * label.
     */
    public List<String> flowAndLabelClashes() {
        Map<String, Bounds> shapes = new LinkedHashMap<>();
        Map<String, Bounds> labels = new LinkedHashMap<>();
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
            List<Waypoint> points = waypoints(flow, clashes);
            if (points == null) {
                continue;
            }
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
            // its own shape too: an external label sits beside the event or gateway, not on it
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
        return clashes;
    }

    /**
     * Missing or cramped labels: every shape but an activity (which writes its name inside) and every
     * named flow needs an external label, and Modeler draws those in 11 px text, about
     * {@value #LABEL_PX_PER_CHAR} px a character, wrapping at spaces; a box too narrow for its name
     * makes the text spill over flows and shapes.
     */
    public List<String> crampedLabels() {
        List<String> cramped = new ArrayList<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            if (!(shape.getBpmnElement() instanceof Activity) && shape.getBpmnLabel() == null) {
                cramped.add(shape.getBpmnElement().getId() + " has no label");
            }
            checkLabel(shape.getBpmnElement(), shape.getBpmnLabel(), cramped);
        }
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            BaseElement element = edge.getBpmnElement();
            if (element instanceof FlowElement named && named.getName() != null && edge.getBpmnLabel() == null) {
                cramped.add(element.getId() + " has no label");
            }
            checkLabel(element, edge.getBpmnLabel(), cramped);
        }
        return cramped;
    }

    /**
     * Shapes drawn over each other, children of a sub-process that stick out of it, and shapes outside
     * a sub-process drawn over it. A boundary event lies on its host by design (where exactly is
     * {@link #detachedBoundaryEvents()}).
     */
    public List<String> overlappingShapes() {
        List<BpmnShape> shapes = List.copyOf(model.getModelElementsByType(BpmnShape.class));
        List<String> overlaps = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            for (int j = i + 1; j < shapes.size(); j++) {
                BaseElement a = shapes.get(i).getBpmnElement();
                BaseElement b = shapes.get(j).getBpmnElement();
                if (a instanceof SubProcess || b instanceof SubProcess || isAttachedTo(a, b) || isAttachedTo(b, a)) {
                    continue; // a sub-process frames its children: checked below
                }
                if (overlap(shapes.get(i).getBounds(), shapes.get(j).getBounds())) {
                    overlaps.add(a.getId() + " overlaps " + b.getId());
                }
            }
        }
        for (BpmnShape frame : shapes) {
            if (!(frame.getBpmnElement() instanceof SubProcess subProcess)) {
                continue;
            }
            for (BpmnShape shape : shapes) {
                BaseElement element = shape.getBpmnElement();
                if (element.equals(subProcess) || isAttachedTo(element, subProcess)) {
                    continue;
                }
                if (isInside(element, subProcess)) {
                    if (!contains(frame.getBounds(), shape.getBounds())) {
                        overlaps.add(element.getId() + " is not inside " + subProcess.getId());
                    }
                } else if (overlap(frame.getBounds(), shape.getBounds())) {
                    overlaps.add(element.getId() + " overlaps the sub-process " + subProcess.getId());
                }
            }
        }
        return overlaps;
    }

    private static void checkLabel(BaseElement element, BpmnLabel label, List<String> cramped) {
        if (label == null || !(element instanceof FlowElement named) || named.getName() == null) {
            return;
        }
        Bounds box = label.getBounds();
        int lines = (int) Math.round(box.getHeight() / LABEL_LINE_HEIGHT);
        int needed = wrappedLines(named.getName(), box.getWidth());
        if (needed > lines) {
            cramped.add(element.getId() + ": '" + named.getName() + "' needs "
                    + (needed == Integer.MAX_VALUE ? "more" : needed) + " line(s) in " + box.getWidth()
                    + " px, has " + lines);
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

    /** The waypoints of a flow's edge, or null (and a problem) when it has none. */
    private static List<Waypoint> waypoints(SequenceFlow flow, List<String> problems) {
        BpmnEdge edge = flow.getDiagramElement();
        if (edge == null) {
            problems.add(flow.getId() + " has no edge");
            return null;
        }
        return List.copyOf(edge.getWaypoints());
    }

    /** The bounds of a node's shape, or null (and a problem) when it has none. */
    private static Bounds bounds(FlowNode node, List<String> problems) {
        if (!(node.getDiagramElement() instanceof BpmnShape shape)) {
            problems.add(node.getId() + " has no shape");
            return null;
        }
        return shape.getBounds();
    }

    private static void checkTouches(String what, Waypoint point, FlowNode node, List<String> problems) {
        Bounds shape = bounds(node, problems);
        if (shape == null) {
            return;
        }
        boolean touches = node instanceof Activity
                ? onBorder(point.getX(), point.getY(), shape)
                : isSideMiddle(point.getX(), point.getY(), shape);
        if (!touches) {
            problems.add(String.format("%s (%s,%s) is not on the border of %s [%s,%s %sx%s]", what, point.getX(),
                    point.getY(), node.getId(), shape.getX(), shape.getY(), shape.getWidth(), shape.getHeight()));
        }
    }

    private static boolean isAttachedTo(BaseElement event, BaseElement host) {
        return event instanceof BoundaryEvent boundary && boundary.getAttachedTo().equals(host);
    }

    /** Whether an element is modelled within the sub-process, at any depth. */
    private static boolean isInside(BaseElement element, SubProcess subProcess) {
        for (ModelElementInstance parent = element.getParentElement(); parent != null;
                parent = parent.getParentElement()) {
            if (parent.equals(subProcess)) {
                return true;
            }
        }
        return false;
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

    /** Strictly inside: a child touching the frame would hide its outline. */
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

    private static void expect(List<String> problems, String what, Object actual, Object expected) {
        if (actual == null ? expected != null : !actual.equals(expected)) {
            problems.add(what + " is " + actual + ", expected " + expected);
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
