package io.returnflow.journey;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.returnflow.dropoff.Store;
import io.returnflow.dropoff.Stores;
import io.returnflow.payment.Refund;
import io.returnflow.payment.RefundLedger;
import io.returnflow.pickup.PickupProperties;
import io.returnflow.pickup.PickupWindows;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskDecisionRefused;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/** What customer service may decide in a task: a refused decision keeps the task open and changes nothing. */
class ExceptionTaskClosedTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T02:00:00Z"), ZoneOffset.UTC);

    final ReturnProgress progress = mock(ReturnProgress.class);
    final Stores stores = mock(Stores.class);
    final PickupProperties pickup = new PickupProperties(ZoneId.of("Asia/Shanghai"), 7,
            null, null);
    final ReturnRepository returns = mock(ReturnRepository.class);
    final PickupWindows windows = mock(PickupWindows.class);
    final RefundLedger ledger = mock(RefundLedger.class);
    final ExceptionTaskClosed listener = new ExceptionTaskClosed(returns, progress, windows, pickup, stores, ledger,
            NOW);
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
    void everyProblemOfADecisionIsNamedWithItsField() {
        on(ExceptionTaskClosed.RESOLVE_REFUND_FAILURE);
        variables.put("refundFailureDecision", "REFUNDED_ELSEWHERE");
        variables.put("externalRefundReference", "<b");

        TaskDecisionRefused refused = catchThrowableOfType(() -> listener.notify(task), TaskDecisionRefused.class);

        assertThat(refused.errors()).extracting(ApiProblem.FieldError::field)
                .containsExactly("externalRefundReference", "externalRefundReference");
        assertThat(refused.errors().get(0).message()).contains("3 to 64 characters");
        assertThat(refused.errors().get(1).message()).contains("letters, digits");
        verifyNoInteractions(progress);
    }

    @Test
    void theReferenceAndTheReasonFollowWhatTheFormsAsk() {
        on(ExceptionTaskClosed.RESOLVE_REFUND_FAILURE);
        variables.put("refundFailureDecision", "REFUNDED_ELSEWHERE");
        variables.put("externalRefundReference", "A".repeat(65));
        assertThatThrownBy(() -> listener.notify(task)).isInstanceOf(TaskDecisionRefused.class)
                .hasMessageContaining("not 65");
        variables.put("externalRefundReference", " BANK-2026/0042 #7 ");
        assertThatCode(() -> listener.notify(task)).doesNotThrowAnyException();

        on(ExceptionTaskClosed.RESOLVE_FAILED_PICKUP);
        variables.put("failedPickupDecision", "CANCEL");
        variables.put("cancelReason", " no ");
        assertThatThrownBy(() -> listener.notify(task)).isInstanceOf(TaskDecisionRefused.class)
                .hasMessageContaining("5 to 500 characters");
    }

    @Test
    void aRefundThePaymentProviderStillHoldsCannotBeRecordedAsMadeElsewhere() {
        on(ExceptionTaskClosed.RESOLVE_REFUND_FAILURE);
        variables.put("refundFailureDecision", "REFUNDED_ELSEWHERE");
        variables.put("externalRefundReference", "BANK-1");
        for (Refund.Status status : List.of(Refund.Status.SENT, Refund.Status.PENDING, Refund.Status.SUCCEEDED)) {
            when(ledger.find("R-1")).thenReturn(Optional.of(new Refund("R-1", "refund:R-1", "ch_1", BigDecimal.TEN,
                    "CNY", status, "re_1", null, 1, null, null, null)));
            assertThatThrownBy(() -> listener.notify(task)).as(status.name()).isInstanceOf(TaskDecisionRefused.class)
                    .satisfies(e -> assertThat(((TaskDecisionRefused) e).errors()).singleElement()
                            .extracting(ApiProblem.FieldError::field).isEqualTo("refundFailureDecision"));
        }
        when(ledger.find("R-1")).thenReturn(Optional.of(new Refund("R-1", "refund:R-1", "ch_1", BigDecimal.TEN,
                "CNY", Refund.Status.FAILED, null, "card_declined", 1, null, null, null)));
        assertThatCode(() -> listener.notify(task)).doesNotThrowAnyException();
    }

    /** Each decision value of each exception task: on the timeline, by the user who completed the task. */
    @ParameterizedTest(name = "{0} {2}")
    @CsvSource({
            "Activity_ResolveFailedPickup, failedPickupDecision, REBOOK, rebookWindowStart, 2026-11-27T09:00+08:00, FAILED_PICKUP_DECIDED, rebook for",
            "Activity_ResolveFailedPickup, failedPickupDecision, SWITCH_TO_DROP_OFF, dropOffStoreId, S-SZ-001, FAILED_PICKUP_DECIDED, switch to store drop-off at S-SZ-001",
            "Activity_ResolveFailedPickup, failedPickupDecision, CANCEL, cancelReason, The buyer keeps it, FAILED_PICKUP_DECIDED, cancel the return (The buyer keeps it)",
            "Activity_InvestigateMissingParcel, missingParcelDecision, REFUND_ANYWAY, , , MISSING_PARCEL_DECIDED, refund the buyer",
            "Activity_InvestigateMissingParcel, missingParcelDecision, KEEP_WAITING, waitUntil, 2026-11-29T10:00+08:00, MISSING_PARCEL_DECIDED, keep waiting until",
            "Activity_InvestigateMissingParcel, missingParcelDecision, CLOSE_AS_LOST, , , MISSING_PARCEL_DECIDED, close as lost",
            "Activity_ResolveRefundFailure, refundFailureDecision, RETRY, , , REFUND_FAILURE_DECIDED, retry the refund",
            "Activity_ResolveRefundFailure, refundFailureDecision, REFUNDED_ELSEWHERE, externalRefundReference, BANK-2026-0042, REFUND_FAILURE_DECIDED, reference BANK-2026-0042",
            "Activity_ResolveRefundFailure, refundFailureDecision, ESCALATE, , , REFUND_FAILURE_DECIDED, escalate to operations"})
    void everyDecisionIsOnTheTimelineWithTheUserWhoTookIt(String taskKey, String decisionVariable, String decision,
                                                          String extra, String extraValue, String type,
                                                          String detail) {
        on(taskKey);
        variables.put(decisionVariable, decision);
        if (extra != null) {
            variables.put(extra, extraValue);
        }
        CustomerReturn r = mock(CustomerReturn.class, org.mockito.Mockito.RETURNS_DEEP_STUBS);
        when(r.pickupAddress().city()).thenReturn("深圳市");
        when(returns.get("R-1")).thenReturn(r);
        when(windows.bookableStartingAt(any(), eq("深圳市"), any())).thenAnswer(call -> {
            java.time.OffsetDateTime start = call.getArgument(2);
            return Optional.of(new PickupWindows.Window(start, start.plusHours(2)));
        });
        // the user of the call, not the task's assignee: operations may complete a task customer service claimed
        Authentication ops = new Authentication("ops", List.of("ops"));
        when(task.getProcessEngineServices().getIdentityService().getCurrentAuthentication()).thenReturn(ops);

        listener.notify(task);

        verify(progress).actionTaken(eq("R-1"), eq(type), contains(detail), eq("ops"));
        verify(task.getExecution()).setVariable(ExceptionTaskClosed.VAR_DECIDED_BY, "ops");
    }

    @Test
    void aWithdrawnTaskRecordsThatNobodyDecided() {
        when(task.getEventName()).thenReturn(TaskListener.EVENTNAME_DELETE);
        listener.notify(task);
        verify(progress).actionTaken(eq("R-1"), eq("ACTION_WITHDRAWN"), anyString(), eq("system"));
    }
}
