package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.dropoff.Store;
import io.returnflow.dropoff.Stores;
import io.returnflow.pickup.PickupProperties;
import io.returnflow.pickup.PickupWindows;

/** What customer service may decide in a task: a refused decision keeps the task open and changes nothing. */
class ExceptionTaskClosedTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T02:00:00Z"), ZoneOffset.UTC);

    final ReturnProgress progress = mock(ReturnProgress.class);
    final Stores stores = mock(Stores.class);
    final PickupProperties pickup = new PickupProperties(ZoneId.of("Asia/Shanghai"), 7, java.math.BigDecimal.ONE,
            null, null);
    final ExceptionTaskClosed listener = new ExceptionTaskClosed(mock(ReturnRepository.class), progress,
            mock(PickupWindows.class), pickup, stores, NOW);
    final Map<String, Object> variables = new HashMap<>();
    final DelegateTask task = mock(DelegateTask.class, org.mockito.Mockito.RETURNS_DEEP_STUBS);

    @BeforeEach
    void aTaskOfOneReturn() {
        variables.put("returnId", "R-1");
        when(task.getEventName()).thenReturn(TaskListener.EVENTNAME_COMPLETE);
        when(task.getName()).thenReturn("a task");
        when(task.getProcessEngineServices().getIdentityService().getCurrentAuthentication()).thenReturn(null);
        when(task.getAssignee()).thenReturn("cs");
        when(task.getExecution()).thenReturn(mock(DelegateExecution.class));
        when(task.getVariable(anyString())).thenAnswer(call -> variables.get(call.<String>getArgument(0)));
        when(stores.find(anyString())).thenReturn(Optional.empty());
        when(stores.find("S-SZ-001")).thenReturn(Optional.of(new Store("S-SZ-001", "store", "广东省", "深圳市", null,
                "road 1", null, null, null)));
    }

    void on(String taskDefinitionKey) {
        when(task.getTaskDefinitionKey()).thenReturn(taskDefinitionKey);
    }

    @Test
    void aFailedPickupNeedsADecisionItKnows() {
        on(ExceptionTaskClosed.RESOLVE_FAILED_PICKUP);
        assertThatThrownBy(() -> listener.notify(task)).isInstanceOf(TaskDecisionRefused.class);
        variables.put("failedPickupDecision", "SHRUG");
        assertThatThrownBy(() -> listener.notify(task)).isInstanceOf(TaskDecisionRefused.class);
        verifyNoInteractions(progress);
    }

    @Test
    void aSwitchNeedsARealStoreAndACancellationAReason() {
        on(ExceptionTaskClosed.RESOLVE_FAILED_PICKUP);
        variables.put("failedPickupDecision", "SWITCH_TO_DROP_OFF");
        variables.put("dropOffStoreId", "S-NOWHERE");
        assertThatThrownBy(() -> listener.notify(task)).isInstanceOf(TaskDecisionRefused.class)
                .hasMessageContaining("S-NOWHERE");

        variables.put("dropOffStoreId", " S-SZ-001 ");
        assertThatCode(() -> listener.notify(task)).doesNotThrowAnyException();

        variables.put("failedPickupDecision", "CANCEL");
        assertThatThrownBy(() -> listener.notify(task)).isInstanceOf(TaskDecisionRefused.class)
                .hasMessageContaining("why");
        variables.put("cancelReason", "buyer keeps the item");
        assertThatCode(() -> listener.notify(task)).doesNotThrowAnyException();
        verify(progress, org.mockito.Mockito.times(2)).actionTaken(eq("R-1"), eq("FAILED_PICKUP_DECIDED"), anyString(),
                eq("cs"));
    }

    @Test
    void waitingForAMissingParcelIsBoundedInTime() {
        on(ExceptionTaskClosed.INVESTIGATE_MISSING_PARCEL);
        variables.put("missingParcelDecision", "KEEP_WAITING");
        variables.put("waitUntil", "2026-11-25T10:00+08:00");
        assertThatThrownBy(() -> listener.notify(task)).as("in the past").isInstanceOf(TaskDecisionRefused.class);
        variables.put("waitUntil", "2062-11-26T10:00+08:00");
        assertThatThrownBy(() -> listener.notify(task)).as("a typo decades ahead")
                .isInstanceOf(TaskDecisionRefused.class);
        variables.put("waitUntil", "2026-11-29T10:00+08:00");
        assertThatCode(() -> listener.notify(task)).doesNotThrowAnyException();
    }

    @Test
    void aWithdrawnTaskRecordsThatNobodyDecided() {
        when(task.getEventName()).thenReturn(TaskListener.EVENTNAME_DELETE);
        listener.notify(task);
        verify(progress).actionTaken(eq("R-1"), eq("ACTION_WITHDRAWN"), anyString(), eq("system"));
    }
}
