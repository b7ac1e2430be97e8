package io.returnflow.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.returns.ReturnProgress;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;

/**
 * "Refund at hand-over" never holds the parcel up: whatever the refund attempt meets, the step
 * completes, says on the timeline what became of the money, and leaves the ledger where the refund at
 * receipt takes it on. The real {@link RefundService} and ledger run on the migrated tables; only the
 * provider is scripted.
 */
class RefundAtHandOverTest {

    private static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");

    final ScriptedPaymentGateway provider = new ScriptedPaymentGateway();
    final PlannedRefunds planned = mock(PlannedRefunds.class);
    final ReturnProgress progress = mock(ReturnProgress.class);
    final DelegateExecution execution = mock(DelegateExecution.class);
    final RefundOrder order = RefundOrder.forReturn("R-EARLY", "ch_1", new BigDecimal("59.00"), "CNY");
    final List<Object> events = new ArrayList<>();
    MigratedDatabase db;
    RefundLedger ledger;
    RefundService refunds;
    RefundAtHandOver step;

    @BeforeEach
    void aPlannedRefund() {
        db = MigratedDatabase.migrated();
        ledger = new RefundLedger(db.jdbc());
        refunds = new RefundService(ledger, provider, db.transactions(), new MutableClock(T0),
                TestPaymentProperties.defaults(), events::add);
        step = new RefundAtHandOver(planned, refunds, progress);
        when(execution.getVariable("returnId")).thenReturn("R-EARLY");
        when(planned.of("R-EARLY")).thenReturn(Optional.of(new PlannedRefunds.Planned(order)));
    }

    @Test
    void aRefundThatSucceedsIsNotedAsRefundedAndIsNeverSentAgain() {
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null));

        step.execute(execution);

        verify(progress).noteOnce(eq("R-EARLY"), eq("REFUNDED"), contains("59.00 CNY to charge ch_1"), eq("payment"),
                eq("refund:succeeded"));
        Refund recorded = ledger.find("R-EARLY").orElseThrow();
        assertThat(recorded.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(recorded.providerRefundId()).isEqualTo("re_1");
        assertThat(recorded.amount()).isEqualByComparingTo("59.00");
        assertThat(events).containsExactly(new RefundSettled("R-EARLY", Refund.Status.SUCCEEDED,
                new BigDecimal("59.00"), "CNY", OffsetDateTime.ofInstant(T0, java.time.ZoneOffset.UTC), false));

        // the refund at receipt finds it succeeded: the provider is not asked again (it would fail the test)
        assertThat(refunds.issue(order).status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(provider.received).hasSize(1);
    }

    @Test
    void aPendingRefundIsNotedAsPendingAndLeftToTheFollowUp() {
        provider.answers(() -> new ProviderRefund("re_2", ProviderRefund.Status.PENDING, null));

        step.execute(execution);

        verify(progress).note(eq("R-EARLY"), eq("REFUND_PENDING"), contains("PENDING at the provider (re_2)"),
                eq("payment"));
        assertThat(ledger.find("R-EARLY").orElseThrow().status()).isEqualTo(Refund.Status.PENDING);
    }

    @Test
    void aRefusalIsRecordedAndLeftToTheRefundAtReceipt() {
        provider.answers(() -> {
            throw new RefundRefusedException("charge_disputed", "disputed");
        });

        assertThatCode(() -> step.execute(execution)).doesNotThrowAnyException();

        verify(progress).noteOnce(eq("R-EARLY"), eq("REFUND_FAILED"), contains("settled when the parcel is received"),
                eq("payment"), eq("refund:failed:refund:R-EARLY"));
        Refund recorded = ledger.find("R-EARLY").orElseThrow();
        assertThat(recorded.status()).isEqualTo(Refund.Status.FAILED);
        assertThat(recorded.failureReason()).contains("charge_disputed");
        // the refund at receipt does not send a refused refund again: a person decides
        assertThat(refunds.issue(order).status()).isEqualTo(Refund.Status.FAILED);
        assertThat(provider.received).hasSize(1);
    }

    @Test
    void anUnreachableProviderLeavesTheRefundSentUnderItsKeyForTheRefundAtReceipt() {
        provider.answers(() -> {
            throw new PaymentUnavailableException("connect timed out");
        });
        provider.answers(() -> new ProviderRefund("re_3", ProviderRefund.Status.SUCCEEDED, null));

        assertThatCode(() -> step.execute(execution)).doesNotThrowAnyException();

        verify(progress).note(eq("R-EARLY"), eq("REFUND_DEFERRED"), contains("could not be reached"),
                eq("payment"));
        assertThat(ledger.find("R-EARLY").orElseThrow().status()).isEqualTo(Refund.Status.SENT);
        // at receipt the very same request goes again, under the same key
        assertThat(refunds.issue(order).status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(provider.received).extracting(RefundOrder::idempotencyKey)
                .containsExactly("refund:R-EARLY", "refund:R-EARLY");
    }

    @Test
    void aLedgerThatDisagreesIsLeftToTheRefundAtReceiptWithoutAskingTheProvider() {
        // the return's ledger row is for another amount: no second refund under a second key
        provider.answers(() -> new ProviderRefund("re_4", ProviderRefund.Status.PENDING, null));
        refunds.issue(RefundOrder.forReturn("R-EARLY", "ch_1", new BigDecimal("40.00"), "CNY"));

        assertThatCode(() -> step.execute(execution)).doesNotThrowAnyException();

        verify(progress).note(eq("R-EARLY"), eq("REFUND_DEFERRED"), contains("IllegalStateException"),
                eq("payment"));
        verify(progress, never()).noteOnce(anyString(), eq("REFUNDED"), anyString(), anyString(), anyString());
        assertThat(provider.received).hasSize(1);
        assertThat(ledger.find("R-EARLY").orElseThrow().amount()).isEqualByComparingTo("40.00");
    }
}
