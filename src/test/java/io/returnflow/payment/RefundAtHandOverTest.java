package io.returnflow.payment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.returns.ReturnProgress;

/**
 * "Refund at hand-over" never holds the parcel up: whatever the refund attempt meets, the step
 * completes and says on the timeline what became of the money.
 */
class RefundAtHandOverTest {

    final PlannedRefunds planned = mock(PlannedRefunds.class);
    final RefundService refunds = mock(RefundService.class);
    final ReturnProgress progress = mock(ReturnProgress.class);
    final DelegateExecution execution = mock(DelegateExecution.class);
    final RefundAtHandOver step = new RefundAtHandOver(planned, refunds, progress);
    final RefundOrder order = RefundOrder.forReturn("R-EARLY", "ch_1", new BigDecimal("59.00"), "CNY");

    @BeforeEach
    void aPlannedRefund() {
        when(execution.getVariable("returnId")).thenReturn("R-EARLY");
        when(planned.of("R-EARLY")).thenReturn(Optional.of(new PlannedRefunds.Planned(order)));
    }

    @Test
    void aRefundThatSucceedsIsNotedAsRefunded() {
        when(refunds.issue(order)).thenReturn(refund(Refund.Status.SUCCEEDED));

        step.execute(execution);

        verify(progress).note(eq("R-EARLY"), eq("REFUNDED"), contains("59.00 CNY to charge ch_1"), eq("payment"));
    }

    @Test
    void aRefusalIsLeftToTheRefundAtReceipt() {
        when(refunds.issue(order)).thenThrow(new RefundRefusedException("charge_disputed", "disputed"));

        assertThatCode(() -> step.execute(execution)).doesNotThrowAnyException();

        verify(progress).note(eq("R-EARLY"), eq("REFUND_FAILED"), contains("settled when the parcel is received"),
                eq("payment"));
    }

    @Test
    void anythingElseThatGoesWrongIsLeftToTheRefundAtReceiptToo() {
        when(refunds.issue(order)).thenThrow(new IllegalStateException("ledger disagrees"));

        assertThatCode(() -> step.execute(execution)).doesNotThrowAnyException();

        verify(progress).note(eq("R-EARLY"), eq("REFUND_DEFERRED"), contains("IllegalStateException"),
                eq("payment"));
        verify(progress, never()).note(anyString(), eq("REFUNDED"), anyString(), anyString());
    }

    private Refund refund(Refund.Status status) {
        return new Refund("R-EARLY", order.idempotencyKey(), "ch_1", order.amount(), "CNY", status, "re_1", null, 1,
                null, null, null);
    }
}
