package io.returnflow.pickup;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.returnflow.dropoff.SwitchToDropOff;
import io.returnflow.platform.TaskDecisionRefused;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.DropOffStoreDirectory;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ExceptionTaskFixture;
import io.returnflow.returns.ReturnRepository;

/** What customer service may decide on a failed pickup: a refused decision keeps the task open and changes nothing. */
class ResolveFailedPickupDecidedTest {

    final ExceptionTaskFixture fixture = new ExceptionTaskFixture(ResolveFailedPickupDecided.TASK);
    final DropOffStoreDirectory stores = mock(DropOffStoreDirectory.class);
    final PickupProperties pickup = new PickupProperties(ZoneId.of("Asia/Shanghai"), 7,
            null, null);
    final ReturnRepository returns = mock(ReturnRepository.class);
    final PickupWindows windows = mock(PickupWindows.class);
    final ResolveFailedPickupDecided listener = new ResolveFailedPickupDecided(returns, fixture.progress, windows,
            pickup, stores);

    @BeforeEach
    void storesAndWindows() {
        when(stores.takesDropOffs(anyString())).thenReturn(false);
        when(stores.takesDropOffs("S-SZ-001")).thenReturn(true);
        CustomerReturn r = mock(CustomerReturn.class, org.mockito.Mockito.RETURNS_DEEP_STUBS);
        when(r.pickupAddress().city()).thenReturn("深圳市");
        when(returns.get("R-1")).thenReturn(r);
        when(windows.bookableStartingAt(any(), eq("深圳市"), any())).thenAnswer(call -> {
            java.time.OffsetDateTime start = call.getArgument(2);
            return start.getHour() == 9 ? Optional.of(new PickupWindows.Window(start, start.plusHours(2)))
                    : Optional.empty();
        });
    }

    @Test
    void theStoreIsAskedForUnderTheNameTheSwitchReads() {
        org.assertj.core.api.Assertions.assertThat(ResolveFailedPickupDecided.DROP_OFF_STORE_ID)
                .isEqualTo(SwitchToDropOff.VAR_DROP_OFF_STORE_ID);
    }

    @Test
    void aFailedPickupNeedsADecisionItKnows() {
        assertThatThrownBy(() -> listener.notify(fixture.task)).isInstanceOf(TaskDecisionRefused.class);
        fixture.variables.put("failedPickupDecision", "SHRUG");
        assertThatThrownBy(() -> listener.notify(fixture.task)).isInstanceOf(TaskDecisionRefused.class);
        verifyNoInteractions(fixture.progress);
    }

    @Test
    void aRebookingNeedsAnOfferedWindow() {
        fixture.variables.put("failedPickupDecision", "REBOOK");
        assertThatThrownBy(() -> listener.notify(fixture.task)).isInstanceOf(TaskDecisionRefused.class)
                .hasMessageContaining("Choose the new pickup window");
        fixture.variables.put("rebookWindowStart", "2026-11-27T13:00+08:00");
        assertThatThrownBy(() -> listener.notify(fixture.task)).isInstanceOf(TaskDecisionRefused.class)
                .hasMessageContaining("No bookable pickup window starts at");
        verifyNoInteractions(fixture.progress);
    }

    @Test
    void aSwitchNeedsARealStoreAndACancellationAReason() {
        fixture.variables.put("failedPickupDecision", "SWITCH_TO_DROP_OFF");
        fixture.variables.put("dropOffStoreId", "S-NOWHERE");
        assertThatThrownBy(() -> listener.notify(fixture.task)).isInstanceOf(TaskDecisionRefused.class)
                .hasMessageContaining("S-NOWHERE");

        fixture.variables.put("dropOffStoreId", " S-SZ-001 ");
        assertThatCode(() -> listener.notify(fixture.task)).doesNotThrowAnyException();

        fixture.variables.put("failedPickupDecision", "CANCEL");
        assertThatThrownBy(() -> listener.notify(fixture.task)).isInstanceOf(TaskDecisionRefused.class)
                .hasMessageContaining("why");
        fixture.variables.put("cancelReason", "buyer keeps the item");
        assertThatCode(() -> listener.notify(fixture.task)).doesNotThrowAnyException();
        verify(fixture.progress, org.mockito.Mockito.times(2)).actionTaken(eq("R-1"), eq("FAILED_PICKUP_DECIDED"),
                anyString(), eq("cs"));
    }

    @Test
    void theReasonFollowsWhatTheFormAsks() {
        fixture.variables.put("failedPickupDecision", "CANCEL");
        fixture.variables.put("cancelReason", " no ");
        assertThatThrownBy(() -> listener.notify(fixture.task)).isInstanceOf(TaskDecisionRefused.class)
                .hasMessageContaining("5 to 500 characters");
    }

    /** Each decision value: on the timeline, by the user who completed the task. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "REBOOK, rebookWindowStart, 2026-11-27T09:00+08:00, rebook for",
            "SWITCH_TO_DROP_OFF, dropOffStoreId, S-SZ-001, switch to store drop-off at S-SZ-001",
            "CANCEL, cancelReason, The buyer keeps it, cancel the return (The buyer keeps it)"})
    void everyDecisionIsOnTheTimelineWithTheUserWhoTookIt(String decision, String extra, String extraValue,
                                                          String detail) {
        fixture.variables.put("failedPickupDecision", decision);
        fixture.variables.put(extra, extraValue);
        fixture.completedBy("ops");

        listener.notify(fixture.task);

        verify(fixture.progress).actionTaken(eq("R-1"), eq("FAILED_PICKUP_DECIDED"), contains(detail), eq("ops"));
        verify(fixture.task.getExecution()).setVariable(ReturnJourney.VAR_DECIDED_BY, "ops");
    }
}
