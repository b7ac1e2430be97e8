package io.returnflow.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskDecisionRefused;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ExceptionTaskFixture;

/** What customer service and operations may decide on a failed refund. */
class ResolveRefundFailureDecidedTest {

    final ExceptionTaskFixture fixture = new ExceptionTaskFixture(ResolveRefundFailureDecided.TASK);
    final RefundLedger ledger = mock(RefundLedger.class);
    final ResolveRefundFailureDecided listener = new ResolveRefundFailureDecided(fixture.progress, ledger);

    @Test
    void everyProblemOfADecisionIsNamedWithItsField() {
        fixture.variables.put("refundFailureDecision", "REFUNDED_ELSEWHERE");
        fixture.variables.put("externalRefundReference", "<b");

        TaskDecisionRefused refused = catchThrowableOfType(() -> listener.notify(fixture.task),
                TaskDecisionRefused.class);

        assertThat(refused.errors()).extracting(ApiProblem.FieldError::field)
                .containsExactly("externalRefundReference", "externalRefundReference");
        assertThat(refused.errors().get(0).message()).contains("3 to 64 characters");
        assertThat(refused.errors().get(1).message()).contains("letters, digits");
        verifyNoInteractions(fixture.progress);
    }

    @Test
    void theReferenceFollowsWhatTheFormAsks() {
        fixture.variables.put("refundFailureDecision", "REFUNDED_ELSEWHERE");
        fixture.variables.put("externalRefundReference", "A".repeat(65));
        assertThatThrownBy(() -> listener.notify(fixture.task)).isInstanceOf(TaskDecisionRefused.class)
                .hasMessageContaining("not 65");
        fixture.variables.put("externalRefundReference", " BANK-2026/0042 #7 ");
        assertThatCode(() -> listener.notify(fixture.task)).doesNotThrowAnyException();
    }

    @Test
    void aRefundThePaymentProviderStillHoldsCannotBeRecordedAsMadeElsewhere() {
        fixture.variables.put("refundFailureDecision", "REFUNDED_ELSEWHERE");
        fixture.variables.put("externalRefundReference", "BANK-1");
        for (Refund.Status status : List.of(Refund.Status.SENT, Refund.Status.PENDING, Refund.Status.SUCCEEDED)) {
            when(ledger.find("R-1")).thenReturn(Optional.of(new Refund("R-1", "refund:R-1", "ch_1", BigDecimal.TEN,
                    "CNY", status, "re_1", null, 1, null, null, null)));
            assertThatThrownBy(() -> listener.notify(fixture.task)).as(status.name())
                    .isInstanceOf(TaskDecisionRefused.class)
                    .satisfies(e -> assertThat(((TaskDecisionRefused) e).errors()).singleElement()
                            .extracting(ApiProblem.FieldError::field).isEqualTo("refundFailureDecision"));
        }
        when(ledger.find("R-1")).thenReturn(Optional.of(new Refund("R-1", "refund:R-1", "ch_1", BigDecimal.TEN,
                "CNY", Refund.Status.FAILED, null, "card_declined", 1, null, null, null)));
        assertThatCode(() -> listener.notify(fixture.task)).doesNotThrowAnyException();
    }

    /** Each decision value: on the timeline, by the user who completed the task. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "RETRY, , , retry the refund",
            "REFUNDED_ELSEWHERE, externalRefundReference, BANK-2026-0042, reference BANK-2026-0042",
            "ESCALATE, , , escalate to operations"})
    void everyDecisionIsOnTheTimelineWithTheUserWhoTookIt(String decision, String extra, String extraValue,
                                                          String detail) {
        fixture.variables.put("refundFailureDecision", decision);
        if (extra != null) {
            fixture.variables.put(extra, extraValue);
        }
        fixture.completedBy("ops");

        listener.notify(fixture.task);

        verify(fixture.progress).actionTaken(eq("R-1"), eq("REFUND_FAILURE_DECIDED"), contains(detail), eq("ops"));
        verify(fixture.task.getExecution()).setVariable(ReturnJourney.VAR_DECIDED_BY, "ops");
    }
}
