package io.returnflow.returns;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskDecisionRefused;
import io.returnflow.platform.TaskDecisionRules;
import io.returnflow.platform.TaskSubmission;

/**
 * What every exception task's decision listener does the same way (customer service and, once escalated,
 * operations): refuse a decision that cannot be carried out, write to the timeline who decided what, hand
 * the deciding user to the steps that follow ({@value ReturnJourney#VAR_DECIDED_BY}), and clear {@code actionRequired}
 * when the task ends without a decision. Each exception task has its own listener, in the package of the
 * feature it decides for and named after the task, which supplies only the task's rules
 * ({@link #decide(TaskSubmission, List)}):
 * {@code pickup.ResolveFailedPickupDecided}, {@link InvestigateMissingParcelDecided},
 * {@code payment.ResolveRefundFailureDecided}.
 *
 * <p>A decision that cannot be carried out (a window that is not offered, an unknown store, a waiting
 * time in the past, a missing reference) is refused with {@link TaskDecisionRefused}, naming every
 * problem with its form field. Through the engine REST API the refusal is a 400 before the engine sees
 * the submission ({@link io.returnflow.platform.TaskSubmissionCheck}); as the listener it fails any other
 * completion. Either way the task stays open and nothing is written.
 *
 * <p>In the BPMN, a listener is registered on its task's {@code complete} and {@code delete} events; on
 * {@code delete} (the courier came after all, the parcel arrived) it records that nobody decided.
 */
public abstract class ExceptionTaskClosed implements TaskListener, TaskDecisionRules {

    private static final String SUMMARY = "The decision cannot be carried out";

    private final String taskDefinitionKey;
    private final Set<String> inputs;
    private final ReturnProgress progress;

    /**
     * @param taskDefinitionKey the user task's BPMN id
     * @param inputs            the variables a person sets on it: its form's inputs
     */
    protected ExceptionTaskClosed(String taskDefinitionKey, Set<String> inputs, ReturnProgress progress) {
        this.taskDefinitionKey = taskDefinitionKey;
        this.inputs = Set.copyOf(inputs);
        this.progress = progress;
    }

    /**
     * The task's rules: the decision to carry out, with every problem found added to {@code problems}
     * (each with its form field). The result is ignored when a problem was added, and may then be null.
     */
    protected abstract Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems);

    @Override
    public final Set<String> taskDefinitionKeys() {
        return Set.of(taskDefinitionKey);
    }

    @Override
    public final Set<String> inputs(String taskDefinitionKey) {
        return this.taskDefinitionKey.equals(taskDefinitionKey) ? inputs : Set.of();
    }

    @Override
    public final void check(TaskSubmission submission) {
        decision(submission);
    }

    @Override
    public final void notify(DelegateTask task) {
        String returnId = (String) task.getVariable(ReturnJourney.VAR_RETURN_ID);
        if (EVENTNAME_DELETE.equals(task.getEventName())) {
            progress.actionTaken(returnId, "ACTION_WITHDRAWN", "Task '" + task.getName()
                    + "' closed without a decision: " + (task.getDeleteReason() == null ? "the journey moved on"
                    : task.getDeleteReason()), "system");
            return;
        }
        Decision decision = decision(new TaskSubmission(task.getTaskDefinitionKey(), task::getVariable));
        String user = TaskActors.of(task);
        task.getExecution().setVariable(ReturnJourney.VAR_DECIDED_BY, user);
        progress.actionTaken(returnId, decision.type(), "'" + task.getName() + "': " + decision.detail(), user);
    }

    /** The decision to carry out; every problem at once otherwise. */
    private Decision decision(TaskSubmission submission) {
        List<ApiProblem.FieldError> problems = new ArrayList<>();
        Decision decision = decide(submission, problems);
        if (!problems.isEmpty()) {
            throw new TaskDecisionRefused(SUMMARY, problems);
        }
        if (decision == null) {
            throw new IllegalStateException("The rules of " + taskDefinitionKey + " gave no decision and no problem");
        }
        return decision;
    }

    /** The return the task is about, as the task holds it. */
    protected static String returnId(TaskSubmission submission) {
        return submission.text(ReturnJourney.VAR_RETURN_ID);
    }

    /** The chosen decision; {@code null} (and the problem noted) when it is missing or unknown. */
    protected static String choice(TaskSubmission submission, String variable, List<String> allowed,
                                   List<ApiProblem.FieldError> problems) {
        Object chosen = submission.variable(variable);
        String value = chosen == null || chosen.toString().isBlank() ? null : chosen.toString();
        // exactly one of the values: the gateway after the task compares them as they are
        if (value == null || !allowed.contains(value)) {
            problems.add(new ApiProblem.FieldError(variable, "Choose a decision (" + variable + "): one of "
                    + String.join(", ", allowed) + (value == null ? "" : "; '" + value + "' is not one of them")));
            return null;
        }
        return value;
    }

    /**
     * A decision as the timeline shows it.
     *
     * @param type   the timeline entry's type, e.g. {@code FAILED_PICKUP_DECIDED}
     * @param detail what was decided, for people
     */
    public record Decision(String type, String detail) {
    }
}
