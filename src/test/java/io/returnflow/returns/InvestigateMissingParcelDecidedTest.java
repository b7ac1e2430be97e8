package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;

import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.returnflow.platform.TaskDecisionRefused;

/** What customer service may decide on a missing parcel. */
class InvestigateMissingParcelDecidedTest {

    final ExceptionTaskFixture fixture = new ExceptionTaskFixture(InvestigateMissingParcelDecided.TASK);
    final InvestigateMissingParcelDecided listener = new InvestigateMissingParcelDecided(fixture.progress,
            ZoneId.of("Asia/Shanghai"), ExceptionTaskFixture.NOW);

    @Test
    void waitingForAMissingParcelIsBoundedInTime() {
        fixture.variables.put("missingParcelDecision", "KEEP_WAITING");
        fixture.variables.put("waitUntil", "2026-11-25T10:00+08:00");
        assertThatThrownBy(() -> listener.notify(fixture.task)).as("in the past")
                .isInstanceOf(TaskDecisionRefused.class);
        fixture.variables.put("waitUntil", "2062-11-26T10:00+08:00");
        assertThatThrownBy(() -> listener.notify(fixture.task)).as("a typo decades ahead")
                .isInstanceOf(TaskDecisionRefused.class);
        fixture.variables.put("waitUntil", "2026-11-29T10:00+08:00");
        assertThatCode(() -> listener.notify(fixture.task)).doesNotThrowAnyException();
    }

    /** Each decision value: on the timeline, by the user who completed the task. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "REFUND_ANYWAY, , , refund the buyer",
            "KEEP_WAITING, waitUntil, 2026-11-29T10:00+08:00, keep waiting until",
            "CLOSE_AS_LOST, , , close as lost"})
    void everyDecisionIsOnTheTimelineWithTheUserWhoTookIt(String decision, String extra, String extraValue,
                                                          String detail) {
        fixture.variables.put("missingParcelDecision", decision);
        if (extra != null) {
            fixture.variables.put(extra, extraValue);
        }
        fixture.completedBy("ops");

        listener.notify(fixture.task);

        verify(fixture.progress).actionTaken(eq("R-1"), eq("MISSING_PARCEL_DECIDED"), contains(detail), eq("ops"));
        verify(fixture.task.getExecution()).setVariable(ReturnJourney.VAR_DECIDED_BY, "ops");
    }
}
