package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.camunda.bpm.engine.impl.history.event.HistoricActivityInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricDecisionEvaluationEvent;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricDecisionInstanceEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricIncidentEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricTaskInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.history.event.UserOperationLogEntryEventEntity;
import org.camunda.bpm.engine.impl.persistence.entity.HistoricJobLogEventEntity;
import org.junit.jupiter.api.Test;

class KeptHistoryTest {

    /** The one task with rules here, and its inputs. */
    private static final String TASK = "task-1";
    private static final Function<String, Set<String>> INPUTS = taskId -> TASK.equals(taskId)
            ? Set.of("failedPickupDecision", "cancelReason") : Set.of();

    private final KeptHistory history = new KeptHistory(
            new HistoryProperties(List.of("returnOutcome", "refundStatus", "customerName"), List.of("return-eligibility"),
                    List.of("customerName", "addressSummary"), true), INPUTS);

    @Test
    void keepsInstancesTasksIncidentsAndPeoplesOperations() {
        assertThat(history.kept(new HistoricProcessInstanceEventEntity())).isTrue();
        assertThat(history.kept(new HistoricTaskInstanceEventEntity())).isTrue();
        assertThat(history.kept(new HistoricIncidentEventEntity())).isTrue();
        assertThat(history.kept(new UserOperationLogEntryEventEntity())).isTrue();
    }

    @Test
    void keepsUserTaskActivitiesOnlyWithTheirStartsAndEnds() {
        assertThat(history.kept(activity("userTask", HistoryEventTypes.ACTIVITY_INSTANCE_START))).isTrue();
        assertThat(history.kept(activity("userTask", HistoryEventTypes.ACTIVITY_INSTANCE_END))).isTrue();
        assertThat(history.kept(activity("serviceTask", HistoryEventTypes.ACTIVITY_INSTANCE_START))).isFalse();
        assertThat(history.kept(activity("serviceTask", HistoryEventTypes.ACTIVITY_INSTANCE_END))).isFalse();
        assertThat(history.kept(activity("exclusiveGateway", HistoryEventTypes.ACTIVITY_INSTANCE_START))).isFalse();
        assertThat(history.kept(activity("intermediateMessageCatch", HistoryEventTypes.ACTIVITY_INSTANCE_END)))
                .isFalse();
    }

    @Test
    void keepsTheNamedVariablesInEveryStateAndNoOther() {
        for (HistoryEventTypes type : List.of(HistoryEventTypes.VARIABLE_INSTANCE_CREATE,
                HistoryEventTypes.VARIABLE_INSTANCE_UPDATE, HistoryEventTypes.VARIABLE_INSTANCE_DELETE)) {
            assertThat(history.kept(variable("returnOutcome", type))).isTrue();
            assertThat(history.kept(variable("refundStatus", type))).isTrue();
            assertThat(history.kept(variable("pickupDeadline", type))).isFalse();
        }
    }

    @Test
    void neverKeepsAPersonsDataNotEvenWhenNamedOrWithoutTheFilter() {
        KeptHistory full = new KeptHistory(new HistoryProperties(List.of(), List.of(),
                List.of("customerName", "addressSummary"), false), INPUTS);
        for (KeptHistory handler : List.of(history, full)) {
            for (HistoryEventTypes type : List.of(HistoryEventTypes.VARIABLE_INSTANCE_CREATE,
                    HistoryEventTypes.VARIABLE_INSTANCE_UPDATE, HistoryEventTypes.VARIABLE_INSTANCE_DELETE)) {
                assertThat(handler.kept(variable("customerName", type))).isFalse();
                assertThat(handler.kept(variable("addressSummary", type))).isFalse();
            }
            // a form submission sends the form's read-only facts back
            assertThat(handler.kept(formValue(TASK, "addressSummary"))).isFalse();
        }
        assertThat(full.kept(variable("pickupDeadline", HistoryEventTypes.VARIABLE_INSTANCE_CREATE))).isTrue();
        assertThat(full.kept(formValue(TASK, "failedPickupDecision"))).isTrue();
        assertThat(full.kept(activity("serviceTask", HistoryEventTypes.ACTIVITY_INSTANCE_START))).isTrue();
    }

    @Test
    void keepsOfWhatATaskHolderSendsOnlyTheTasksOwnInputsWhateverTheFactIsCalled() {
        KeptHistory full = new KeptHistory(new HistoryProperties(List.of(), List.of(), List.of(), false), INPUTS);
        for (KeptHistory handler : List.of(history, full)) {
            // a fact no list names as a person's data (a tracking line naming the courier and their phone)
            assertThat(handler.kept(formValue(TASK, "trackingSummary"))).isFalse();
            assertThat(handler.kept(formValue(TASK, "anyNewFact"))).isFalse();
            // a task without rules has no inputs to keep
            assertThat(handler.kept(formValue("task-2", "failedPickupDecision"))).isFalse();
            assertThat(handler.kept(formValue(null, "failedPickupDecision"))).isFalse();
            for (HistoryEventTypes type : List.of(HistoryEventTypes.VARIABLE_INSTANCE_CREATE,
                    HistoryEventTypes.VARIABLE_INSTANCE_UPDATE, HistoryEventTypes.VARIABLE_INSTANCE_DELETE)) {
                // the facts are the task's local variables, which a submission overwrites
                assertThat(handler.kept(taskVariable(TASK, "trackingSummary", type))).isFalse();
                assertThat(handler.kept(taskVariable("task-2", "trackingSummary", type))).isFalse();
            }
        }
        assertThat(full.kept(formValue(TASK, "cancelReason"))).isTrue();
        assertThat(full.kept(taskVariable(TASK, "cancelReason", HistoryEventTypes.VARIABLE_INSTANCE_CREATE)))
                .isTrue();
        // the journey's own variables are not a task's
        assertThat(full.kept(variable("trackingSummary", HistoryEventTypes.VARIABLE_INSTANCE_CREATE))).isTrue();
    }

    @Test
    void keepsTheEvaluationsOfTheNamedDecisionTablesOnly() {
        assertThat(history.kept(decision("return-eligibility"))).isTrue();
        assertThat(history.kept(decision("refund-timing"))).isFalse();
    }

    @Test
    void keepsFailedJobAttemptsOnly() {
        assertThat(history.kept(jobLog(HistoryEventTypes.JOB_FAIL))).isTrue();
        assertThat(history.kept(jobLog(HistoryEventTypes.JOB_CREATE))).isFalse();
        assertThat(history.kept(jobLog(HistoryEventTypes.JOB_SUCCESS))).isFalse();
        assertThat(history.kept(jobLog(HistoryEventTypes.JOB_DELETE))).isFalse();
    }

    private static HistoryEvent activity(String type, HistoryEventTypes event) {
        HistoricActivityInstanceEventEntity activity = new HistoricActivityInstanceEventEntity();
        activity.setActivityType(type);
        activity.setEventType(event.getEventName());
        return activity;
    }

    private static HistoryEvent variable(String name, HistoryEventTypes event) {
        HistoricVariableUpdateEventEntity variable = new HistoricVariableUpdateEventEntity();
        variable.setVariableName(name);
        variable.setEventType(event.getEventName());
        return variable;
    }

    private static HistoryEvent taskVariable(String taskId, String name, HistoryEventTypes event) {
        HistoricVariableUpdateEventEntity variable = (HistoricVariableUpdateEventEntity) variable(name, event);
        variable.setTaskId(taskId);
        return variable;
    }

    private static HistoryEvent formValue(String taskId, String name) {
        HistoricFormPropertyEventEntity value = new HistoricFormPropertyEventEntity();
        value.setTaskId(taskId);
        value.setPropertyId(name);
        value.setEventType(HistoryEventTypes.FORM_PROPERTY_UPDATE.getEventName());
        return value;
    }

    private static HistoryEvent decision(String key) {
        HistoricDecisionInstanceEntity root = new HistoricDecisionInstanceEntity();
        root.setDecisionDefinitionKey(key);
        HistoricDecisionEvaluationEvent evaluation = new HistoricDecisionEvaluationEvent();
        evaluation.setRootHistoricDecisionInstance(root);
        return evaluation;
    }

    private static HistoryEvent jobLog(HistoryEventTypes event) {
        HistoricJobLogEventEntity log = new HistoricJobLogEventEntity();
        log.setEventType(event.getEventName());
        return log;
    }
}
