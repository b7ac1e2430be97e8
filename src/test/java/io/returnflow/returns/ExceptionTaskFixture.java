package io.returnflow.returns;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * An exception task of return R-1 as its decision listener sees it: its variables, the user completing it
 * (the assignee {@code cs} unless {@link #completedBy(String)}) and the timeline it writes to.
 */
public class ExceptionTaskFixture {

    /** The moment the tests decide at. */
    public static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T02:00:00Z"), ZoneOffset.UTC);

    public final ReturnProgress progress = mock(ReturnProgress.class);
    public final Map<String, Object> variables = new HashMap<>();
    public final DelegateTask task = mock(DelegateTask.class, org.mockito.Mockito.RETURNS_DEEP_STUBS);

    public ExceptionTaskFixture(String taskDefinitionKey) {
        variables.put("returnId", "R-1");
        when(task.getTaskDefinitionKey()).thenReturn(taskDefinitionKey);
        when(task.getEventName()).thenReturn(TaskListener.EVENTNAME_COMPLETE);
        when(task.getName()).thenReturn("a task");
        when(task.getProcessEngineServices().getIdentityService().getCurrentAuthentication()).thenReturn(null);
        when(task.getAssignee()).thenReturn("cs");
        when(task.getExecution()).thenReturn(mock(DelegateExecution.class));
        when(task.getVariable(anyString())).thenAnswer(call -> variables.get(call.<String>getArgument(0)));
    }

    /** The user of the call completing the task, not its assignee. */
    public void completedBy(String user) {
        when(task.getProcessEngineServices().getIdentityService().getCurrentAuthentication())
                .thenReturn(new Authentication(user, List.of(user)));
    }

    /** The task ends without a decision. */
    public void deleted() {
        when(task.getEventName()).thenReturn(TaskListener.EVENTNAME_DELETE);
    }
}
