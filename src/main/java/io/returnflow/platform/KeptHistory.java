package io.returnflow.platform;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.camunda.bpm.engine.ActivityTypes;
import org.camunda.bpm.engine.impl.history.event.HistoricActivityInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricDecisionEvaluationEvent;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricJobLogEvent;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;

/**
 * The engine's history as the product reads it, written by the engine's own database handler: the level
 * stays {@code full} (the level is stored with the database, and an existing installation would refuse to
 * start on another), and this handler leaves out what nobody reads.
 *
 * <p>Kept: process instances (Cockpit's "Finished journeys" tab, the end activity), user tasks and their
 * identity links (who did what, Tasklist's history), incidents, the user operation log (people's actions in
 * Cockpit and Tasklist), failed job attempts (the exception behind an incident), batches, and the latest
 * value of the variables {@link HistoryProperties#variables()} names (the journey's outcome).
 * Left out: activity instances other than user tasks (every gateway, event and service step of every
 * journey; Cockpit CE draws its diagrams from the runtime), all other variables and every variable's
 * change-by-change details, the job log of jobs that simply ran, and decision evaluations of tables that
 * {@link HistoryProperties#decisions()} does not name.
 *
 * <p>Never kept, filter or not: the variables {@link HistoryProperties#personalData()} names (the facts a task
 * shows its holder about the buyer), neither as variables nor as their changes. Nor is anything a task holder
 * sends that is not one of the task's own inputs ({@link TaskDecisionRules#inputs(String)}): the values of a form
 * submission, which sends the form's read-only facts back, and the task's local variables (the facts themselves,
 * which a submission overwrites). That is an allow list because the facts are free text from outside (a carrier's
 * tracking line names its courier and their phone) that no list of names can keep up with. A person's data then
 * live in the return's tables only, with the retention those have, and in the open task's runtime variables,
 * which end with the task.
 */
class KeptHistory extends DbHistoryEventHandler {

    private final Set<String> variables;
    private final Set<String> decisions;
    private final Set<String> personalData;
    private final boolean filter;
    private final Function<String, Set<String>> taskInputs;

    /**
     * @param taskInputs the inputs of a task by its id (none for a task without {@link TaskDecisionRules}, or one
     *                   that cannot be found)
     */
    public KeptHistory(HistoryProperties properties, Function<String, Set<String>> taskInputs) {
        this.taskInputs = taskInputs;
        this.variables = Set.copyOf(properties.variables());
        this.decisions = Set.copyOf(properties.decisions());
        this.personalData = Set.copyOf(properties.personalData());
        this.filter = properties.filter();
    }

    @Override
    public void handleEvent(HistoryEvent event) {
        if (kept(event)) {
            super.handleEvent(event);
        }
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
        events.forEach(this::handleEvent);
    }

    /** No variable's every change: its latest value in the variable's own history row is what is read. */
    @Override
    protected boolean shouldWriteHistoricDetail(HistoricVariableUpdateEventEntity event) {
        return !filter && super.shouldWriteHistoricDetail(event);
    }

    /**
     * Decides by what an event is about, never by its kind alone: a start, its updates and its end are all
     * kept or all left out, as the handler updates the row its start inserted.
     */
    boolean kept(HistoryEvent event) {
        if (personal(event) || !ownInputOfItsTask(event)) {
            return false;
        }
        if (!filter) {
            return true;
        }
        if (event instanceof HistoricActivityInstanceEventEntity activity) {
            return ActivityTypes.TASK_USER_TASK.equals(activity.getActivityType());
        }
        if (event instanceof HistoricVariableUpdateEventEntity variable) {
            return variables.contains(variable.getVariableName());
        }
        if (event instanceof HistoricDecisionEvaluationEvent decision) {
            return decisions.contains(decision.getRootHistoricDecisionInstance().getDecisionDefinitionKey());
        }
        if (event instanceof HistoricJobLogEvent) {
            return event.isEventOfType(HistoryEventTypes.JOB_FAIL);
        }
        return true;
    }

    /**
     * False for a submitted form value, and a task's local variable, that is not one of the task's inputs; true
     * for every other event.
     */
    private boolean ownInputOfItsTask(HistoryEvent event) {
        if (event instanceof HistoricFormPropertyEventEntity formValue) {
            return formValue.getTaskId() != null
                    && taskInputs.apply(formValue.getTaskId()).contains(formValue.getPropertyId());
        }
        if (event instanceof HistoricVariableUpdateEventEntity variable && variable.getTaskId() != null) {
            return taskInputs.apply(variable.getTaskId()).contains(variable.getVariableName());
        }
        return true;
    }

    /** A variable, a change of it or a submitted form value that holds a person's data. */
    private boolean personal(HistoryEvent event) {
        if (event instanceof HistoricVariableUpdateEventEntity variable) {
            return personalData.contains(variable.getVariableName());
        }
        if (event instanceof HistoricFormPropertyEventEntity formValue) {
            return personalData.contains(formValue.getPropertyId());
        }
        return false;
    }
}
