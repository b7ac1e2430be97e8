package io.returnflow.storecredit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.returnflow.platform.TaskDecisionRefused;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnSettlements;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journey's store-credit steps with the real service and ledger on the migrated tables; the credit system is
 * scripted and the settlements port answers the credit the return gives. "Issue store credit" notes the credit
 * once, hands a refusal to customer service as a BPMN error, retries a refusal under a fresh key when customer
 * service says so, and lets a parked answer become an incident; the gateway's listener asks the port; the task's
 * rules refuse a decision that cannot be carried out; "Record store credit issued by hand" records it.
 */
class IssueStoreCreditTest {

    final StoreCreditServiceTest.ScriptedGateway provider = new StoreCreditServiceTest.ScriptedGateway();
    final ReturnSettlements settlements = mock(ReturnSettlements.class);
    final ReturnProgress progress = mock(ReturnProgress.class);
    final DelegateExecution execution = mock(DelegateExecution.class);
    final ReturnSettlements.StoreCreditTerms terms = new ReturnSettlements.StoreCreditTerms("R-1", "SO-1", "cus_1",
            "CNY", new BigDecimal("99.00"), new BigDecimal("10.00"));
    StoreCreditLedger ledger;
    StoreCreditService credits;
    IssueStoreCredit step;

    @BeforeEach
    void aReturnGivingCredit() {
        MigratedDatabase db = MigratedDatabase.migrated();
        ledger = new StoreCreditLedger(db.jdbc());
        credits = new StoreCreditService(ledger, provider, db.transactions(),
                new MutableClock(Instant.parse("2026-12-07T02:00:00Z")), event -> { });
        step = new IssueStoreCredit(settlements, credits, progress);
        when(execution.getVariable("returnId")).thenReturn("R-1");
        when(settlements.storeCredit("R-1")).thenReturn(Optional.of(terms));
    }

    @Test
    void aCreditIssuedIsNotedOnceWithValueAndBonusApart() {
        provider.answers.add(() -> credit("sc_1"));

        step.execute(execution);

        verify(progress).noteOnce(eq("R-1"), eq("STORE_CREDIT_ISSUED"),
                contains("99.00 + bonus 10.00 CNY issued (sc_1)"), eq("store-credit"), eq("store-credit:issued"));
        StoreCredit issued = ledger.find("R-1").orElseThrow();
        assertThat(issued.status()).isEqualTo(StoreCredit.Status.ISSUED);
        assertThat(issued.idempotencyKey()).isEqualTo("credit:R-1");
        assertThat(issued.customerId()).isEqualTo("cus_1");
        assertThat(issued.orderId()).isEqualTo("SO-1");

        step.execute(execution);
        assertThat(provider.sentKeys).as("confirmed, not sent again").hasSize(1);
    }

    @Test
    void aReturnThatGivesNoCreditCallsNothing() {
        when(settlements.storeCredit("R-1")).thenReturn(Optional.empty());

        step.execute(execution);

        assertThat(provider.sentKeys).isEmpty();
        assertThat(ledger.find("R-1")).isEmpty();
    }

    @Test
    void aRefusalIsTheBpmnErrorForCustomerServiceAndIsNotedOncePerTry() {
        provider.answers.add(() -> {
            throw new StoreCreditRefusedException("account_closed", "the account is closed");
        });

        BpmnError error = catchThrowableOfType(BpmnError.class, () -> step.execute(execution));

        assertThat(error.getErrorCode()).isEqualTo(IssueStoreCredit.STORE_CREDIT_FAILED);
        assertThat(error.getMessage()).contains("account_closed: the account is closed");
        verify(progress).noteOnce(eq("R-1"), eq("STORE_CREDIT_FAILED"), contains("account_closed"),
                eq("store-credit"), eq("store-credit:failed:credit:R-1"));

        // met again without a decision (an older journey, a repeated job): the same error, nothing sent
        assertThatThrownBy(() -> step.execute(execution)).isInstanceOf(BpmnError.class);
        assertThat(provider.sentKeys).hasSize(1);
    }

    @Test
    void customerServiceRetryingSendsTheCreditUnderAFreshKey() {
        provider.answers.add(() -> {
            throw new StoreCreditRefusedException("account_closed", "closed");
        });
        assertThatThrownBy(() -> step.execute(execution)).isInstanceOf(BpmnError.class);
        when(execution.getVariable(IssueStoreCredit.VAR_DECISION)).thenReturn("RETRY");
        provider.answers.add(() -> credit("sc_2"));

        step.execute(execution);

        assertThat(provider.sentKeys).containsExactly("credit:R-1", "credit:R-1:2");
        assertThat(ledger.find("R-1").orElseThrow().status()).isEqualTo(StoreCredit.Status.ISSUED);
    }

    @Test
    void aParkedAnswerIsNotABusinessOutcomeAndNothingIsNotedAsIssued() {
        provider.answers.add(() -> {
            throw new StoreCreditParkedException("account_under_review", "code account_under_review not listed");
        });

        assertThatThrownBy(() -> step.execute(execution)).isInstanceOf(StoreCreditParkedException.class)
                .hasMessageContaining("account_under_review");

        verify(progress, never()).noteOnce(anyString(), eq("STORE_CREDIT_ISSUED"), anyString(), anyString(),
                anyString());
        assertThat(ledger.find("R-1").orElseThrow().status()).isEqualTo(StoreCredit.Status.SENT);
    }

    @Test
    void theGatewayAsksTheSettlementsPort() {
        StoreCreditToIssue listener = new StoreCreditToIssue(settlements);

        listener.notify(execution);
        verify(execution).setVariable("storeCreditToIssue", true);

        when(settlements.storeCredit("R-1")).thenReturn(Optional.of(new ReturnSettlements.StoreCreditTerms("R-1",
                "SO-1", "cus_1", "CNY", BigDecimal.ZERO.setScale(2), BigDecimal.ZERO)));
        listener.notify(execution);
        verify(execution).setVariable("storeCreditToIssue", false);
    }

    @Test
    void theTaskRefusesADecisionThatCannotBeCarriedOut() {
        ResolveStoreCreditFailureDecided rules = new ResolveStoreCreditFailureDecided(progress, ledger);

        TaskDecisionRefused noReference = catchThrowableOfType(TaskDecisionRefused.class, () -> rules.check(
                submission(Map.of("storeCreditFailureDecision", "ISSUED_BY_HAND"))));
        assertThat(noReference.errors()).extracting(e -> e.field()).containsExactly("storeCreditReference");
        TaskDecisionRefused unknown = catchThrowableOfType(TaskDecisionRefused.class, () -> rules.check(
                submission(Map.of("storeCreditFailureDecision", "REFUND"))));
        assertThat(unknown.errors()).extracting(e -> e.field()).containsExactly("storeCreditFailureDecision");

        // sent without a known answer: the credit system may have credited it
        provider.answers.add(() -> {
            throw new StoreCreditUnavailableException("timeout");
        });
        assertThatThrownBy(() -> step.execute(execution)).isInstanceOf(StoreCreditUnavailableException.class);
        TaskDecisionRefused mayBeCredited = catchThrowableOfType(TaskDecisionRefused.class, () -> rules.check(
                submission(Map.of("storeCreditFailureDecision", "ISSUED_BY_HAND", "storeCreditReference", "GC-1"))));
        assertThat(mayBeCredited.errors()).extracting(e -> e.field()).containsExactly("storeCreditFailureDecision");

        rules.check(submission(Map.of("storeCreditFailureDecision", "RETRY")));
    }

    @Test
    void aCreditIssuedByHandIsRecordedWithItsReference() {
        provider.answers.add(() -> {
            throw new StoreCreditRefusedException("account_closed", "closed");
        });
        assertThatThrownBy(() -> step.execute(execution)).isInstanceOf(BpmnError.class);
        when(execution.getVariable("storeCreditReference")).thenReturn("GC-2026-0042");
        when(execution.getVariable("decidedBy")).thenReturn("cs");

        new RecordStoreCreditIssuedByHand(settlements, credits, progress).execute(execution);

        StoreCredit byHand = ledger.find("R-1").orElseThrow();
        assertThat(byHand.status()).isEqualTo(StoreCredit.Status.ISSUED);
        assertThat(byHand.externalReference()).isEqualTo("GC-2026-0042");
        assertThat(byHand.recordedBy()).isEqualTo("cs");
        verify(progress).noteOnce(eq("R-1"), eq("STORE_CREDIT_ISSUED"), contains("by hand, reference GC-2026-0042"),
                eq("cs"), eq("store-credit:issued"));
    }

    private static TaskSubmission submission(Map<String, Object> variables) {
        Map<String, Object> all = new java.util.HashMap<>(variables);
        all.put("returnId", "R-1");
        return new TaskSubmission(ResolveStoreCreditFailureDecided.TASK, all::get);
    }

    private static ProviderCredit credit(String id) {
        return new ProviderCredit(id, ProviderCredit.Status.ISSUED, new BigDecimal("99.00"), new BigDecimal("10.00"),
                "CNY", "R-1", null, null);
    }
}
