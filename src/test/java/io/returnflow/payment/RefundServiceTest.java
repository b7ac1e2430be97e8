package io.returnflow.payment;

import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/** The refund ledger and its exactly-once rules, on the real migrations, with a scripted provider. */
class RefundServiceTest {

    private static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");

    private final ScriptedPaymentGateway provider = new ScriptedPaymentGateway();
    private final MutableClock clock = new MutableClock(T0);
    private MigratedDatabase db;
    private RefundService refunds;
    /** What the service told its listeners. */
    private final List<Object> events = new ArrayList<>();

    private final RefundOrder order = RefundOrder.forReturn("R-8F3K2Q", "ch_3PxL2k", new BigDecimal("87.50"), "CNY");

    /** The database the tests run on; H2 here, PostgreSQL in {@link RefundServicePostgresTest}. */
    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }

    @BeforeEach
    void setUp() {
        db = database();
        refunds = new RefundService(new RefundLedger(db.jdbc()), provider, db.transactions(), clock,
                TestPaymentProperties.defaults(), events::add);
    }

    @Test
    void eachSettlementIsToldOnceAndNothingElse() {
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.PENDING, null));
        RefundOrder refused = RefundOrder.forReturn("R-REFUSED", "ch_9", new BigDecimal("12.00"), "CNY");
        provider.answers(() -> {
            throw new RefundRefusedException("refund_failed", "The refund could not be processed.");
        });

        refunds.issue(order);
        assertThat(events).as("a pending refund has not settled").isEmpty();
        clock.advance(Duration.ofMinutes(3));
        refunds.recordProviderStatus(new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null));
        refunds.recordProviderStatus(new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null));
        refunds.issue(order);
        assertThatThrownBy(() -> refunds.issue(refused)).isInstanceOf(RefundRefusedException.class);

        assertThat(events).containsExactly(
                new RefundSettled("R-8F3K2Q", Refund.Status.SUCCEEDED, new BigDecimal("87.50"), "CNY",
                        at(T0.plus(Duration.ofMinutes(3))), false),
                new RefundSettled("R-REFUSED", Refund.Status.FAILED, new BigDecimal("12.00"), "CNY",
                        at(T0.plus(Duration.ofMinutes(3))), false));
    }

    @Test
    void recordsASucceededRefund() {
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null));

        Refund refund = refunds.issue(order);

        assertThat(refund.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(refund.providerRefundId()).isEqualTo("re_1");
        assertThat(refund.idempotencyKey()).isEqualTo("refund:R-8F3K2Q");
        assertThat(refund.amount()).isEqualByComparingTo("87.50");
        assertThat(refund.currency()).isEqualTo("CNY");
        assertThat(refund.attempts()).isEqualTo(1);
        assertThat(refund.firstAttemptAt()).isEqualTo(at(T0));
        assertThat(refund.refundedAt()).isEqualTo(at(T0));
        assertThat(refunds.find("R-8F3K2Q")).contains(refund);
    }

    @Test
    void aSucceededRefundIsNeverSentAgain() {
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null));
        Refund first = refunds.issue(order);
        clock.advance(Duration.ofMinutes(5));

        Refund second = refunds.issue(order);

        assertThat(second).isEqualTo(first);
        assertThat(provider.received).hasSize(1);
    }

    @Test
    void aRetryAfterTheProviderWasUnavailableSendsTheSameKeyAndKeepsTheFirstAttemptsTime() {
        provider.answers(() -> {
            throw new PaymentUnavailableException("The payment provider failed (503)");
        });
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null));

        assertThatThrownBy(() -> refunds.issue(order)).isInstanceOf(PaymentUnavailableException.class);
        Refund afterFailure = refunds.find("R-8F3K2Q").orElseThrow();
        assertThat(afterFailure.status()).isEqualTo(Refund.Status.SENT);
        assertThat(afterFailure.attempts()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(10));
        Refund refund = refunds.issue(order);

        assertThat(refund.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(refund.attempts()).isEqualTo(2);
        assertThat(refund.firstAttemptAt()).isEqualTo(at(T0));
        assertThat(refund.refundedAt()).isEqualTo(at(T0.plus(Duration.ofMinutes(10))));
        assertThat(provider.received).hasSize(2).containsOnly(order);
    }

    @Test
    void aRefusalIsRecordedAsFailedAndRethrown() {
        provider.answers(() -> {
            throw new RefundRefusedException("refund_failed", "The refund could not be processed.");
        });

        assertThatThrownBy(() -> refunds.issue(order))
                .isInstanceOf(RefundRefusedException.class)
                .hasMessage("The refund could not be processed.");

        Refund refund = refunds.find("R-8F3K2Q").orElseThrow();
        assertThat(refund.status()).isEqualTo(Refund.Status.FAILED);
        assertThat(refund.failureReason()).isEqualTo("refund_failed: The refund could not be processed.");
        assertThat(refund.refundedAt()).isNull();
    }

    @Test
    void aPendingRefundIsSentAgainUnderTheSameKeyAndAFailedOneUnderAFreshKey() {
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.PENDING, null));
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.FAILED, "expired_or_canceled_card"));
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null));

        Refund pending = refunds.issue(order);
        assertThat(pending.status()).isEqualTo(Refund.Status.PENDING);
        assertThat(pending.refundedAt()).isNull();

        Refund failed = refunds.issue(order);
        assertThat(failed.status()).isEqualTo(Refund.Status.FAILED);
        assertThat(failed.failureReason()).isEqualTo("expired_or_canceled_card");

        assertThat(refunds.issue(order)).as("failed for good until a person decides: not sent again")
                .isEqualTo(failed);

        Refund succeeded = refunds.retryAfterFailure(order);
        assertThat(succeeded.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(succeeded.failureReason()).isNull();
        assertThat(succeeded.idempotencyKey()).isEqualTo("refund:R-8F3K2Q:2");
        // the provider would replay its failure under the old key; no money moved under it
        assertThat(provider.received).extracting(RefundOrder::idempotencyKey)
                .containsExactly("refund:R-8F3K2Q", "refund:R-8F3K2Q", "refund:R-8F3K2Q:2");
    }

    @Test
    void aRefusedRefundTriedAgainGetsAFreshKeyEachTime() {
        for (int i = 0; i < 2; i++) {
            provider.answers(() -> {
                throw new RefundRefusedException("refund_failed", "The refund could not be processed.");
            });
        }
        provider.answers(() -> new ProviderRefund("re_9", ProviderRefund.Status.SUCCEEDED, null));

        assertThatThrownBy(() -> refunds.issue(order)).isInstanceOf(RefundRefusedException.class);
        assertThatThrownBy(() -> refunds.retryAfterFailure(order)).isInstanceOf(RefundRefusedException.class);
        Refund succeeded = refunds.retryAfterFailure(order);

        assertThat(succeeded.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(provider.received).extracting(RefundOrder::idempotencyKey)
                .containsExactly("refund:R-8F3K2Q", "refund:R-8F3K2Q:2", "refund:R-8F3K2Q:3");
        assertThat(refunds.issue(order)).as("never sent again once it succeeded").isEqualTo(succeeded);
    }

    @Test
    void aSettledFailureIsNotUndoneByALateReplayOfPending() {
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.PENDING, null));
        refunds.issue(order);
        // the provider's webhook says the refund failed
        new RefundLedger(db.jdbc()).recordOutcome("R-8F3K2Q", Refund.Status.FAILED, "re_1", "card expired",
                java.time.OffsetDateTime.now(clock));

        assertThat(refunds.issue(order).status()).as("a job retry finds it failed and sends nothing")
                .isEqualTo(Refund.Status.FAILED);
        new RefundLedger(db.jdbc()).recordOutcome("R-8F3K2Q", Refund.Status.PENDING, "re_1", null,
                java.time.OffsetDateTime.now(clock));
        assertThat(refunds.find("R-8F3K2Q").orElseThrow().status()).isEqualTo(Refund.Status.FAILED);
    }

    @Test
    void aDifferentRefundForTheSameReturnIsRefusedWithoutCallingTheProvider() {
        provider.answers(() -> {
            throw new PaymentUnavailableException("The payment provider failed (503)");
        });
        assertThatThrownBy(() -> refunds.issue(order)).isInstanceOf(PaymentUnavailableException.class);

        assertThatIllegalStateException().isThrownBy(() -> refunds.issue(
                RefundOrder.forReturn("R-8F3K2Q", "ch_3PxL2k", new BigDecimal("99.00"), "CNY")));
        assertThatIllegalStateException().isThrownBy(() -> refunds.issue(
                RefundOrder.forReturn("R-8F3K2Q", "ch_other", new BigDecimal("87.50"), "CNY")));
        assertThatIllegalStateException().isThrownBy(() -> refunds.issue(
                new RefundOrder("R-8F3K2Q", "refund:R-8F3K2Q:2", "ch_3PxL2k", new BigDecimal("87.50"), "CNY")));
        assertThat(provider.received).hasSize(1);
        assertThat(refunds.find("R-8F3K2Q").orElseThrow().amount()).isEqualByComparingTo("87.50");
    }

    @Test
    void theSameAmountWrittenWithAnotherScaleIsTheSameRefund() {
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null));
        refunds.issue(order);

        Refund again = refunds.issue(RefundOrder.forReturn("R-8F3K2Q", "ch_3PxL2k", new BigDecimal("87.5"), "cny"));

        assertThat(again.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(provider.received).hasSize(1);
    }

    @Test
    void aKeyHeldByAnotherReturnIsNeverReused() {
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null));
        refunds.issue(order);

        assertThatIllegalStateException()
                .isThrownBy(() -> refunds.issue(new RefundOrder("R-OTHER", "refund:R-8F3K2Q", "ch_3PxL2k",
                        new BigDecimal("87.50"), "CNY")))
                .withMessageContaining("already used by another return");
        assertThat(refunds.find("R-OTHER")).isEmpty();
        assertThat(provider.received).hasSize(1);
    }

    @Test
    void amountsThatCannotBeRefundedExactlyAreRefusedBeforeAnythingIsRecorded() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                refunds.issue(RefundOrder.forReturn("R-1", "ch_1", new BigDecimal("87.505"), "CNY")));
        assertThatIllegalArgumentException().isThrownBy(() ->
                refunds.issue(RefundOrder.forReturn("R-1", "ch_1", BigDecimal.ZERO, "CNY")));
        assertThat(refunds.find("R-1")).isEmpty();
        assertThat(provider.received).isEmpty();
    }

    @Test
    void theAttemptStaysRecordedWhenTheCallersTransactionRollsBack() {
        provider.answers(() -> {
            throw new PaymentUnavailableException("The payment provider failed (503)");
        });
        TransactionTemplate job = new TransactionTemplate(db.transactions());

        assertThatThrownBy(() -> job.executeWithoutResult(tx -> refunds.issue(order)))
                .isInstanceOf(PaymentUnavailableException.class);

        Refund refund = refunds.find("R-8F3K2Q").orElseThrow();
        assertThat(refund.status()).isEqualTo(Refund.Status.SENT);
        assertThat(refund.attempts()).isEqualTo(1);
        assertThat(refund.firstAttemptAt()).isEqualTo(at(T0));
    }

    @Test
    void aRefusalStaysRecordedWhenTheCallersTransactionRollsBack() {
        provider.answers(() -> {
            throw new RefundRefusedException("refund_failed", "The refund could not be processed.");
        });
        TransactionTemplate job = new TransactionTemplate(db.transactions());

        assertThatThrownBy(() -> job.executeWithoutResult(tx -> refunds.issue(order)))
                .isInstanceOf(RefundRefusedException.class);

        assertThat(refunds.find("R-8F3K2Q").orElseThrow().status()).isEqualTo(Refund.Status.FAILED);
    }

    @Test
    void aCaughtRefusalDoesNotSpoilTheCallersTransaction() {
        provider.answers(() -> {
            throw new RefundRefusedException("refund_failed", "The refund could not be processed.");
        });
        TransactionTemplate job = new TransactionTemplate(db.transactions());

        // as a delegate that turns the refusal into a BPMN error: the job's transaction must still commit
        job.executeWithoutResult(tx -> {
            assertThatThrownBy(() -> refunds.issue(order)).isInstanceOf(RefundRefusedException.class);
            assertThat(tx.isRollbackOnly()).isFalse();
        });
    }

    @Test
    void findIsEmptyForAReturnWithoutRefund() {
        assertThat(refunds.find("R-NONE")).isEmpty();
    }

    // --- the provider forgets keys after a day: an old refund is looked for before it is sent again ------

    @Test
    void aRefundFirstSentLongerAgoThanTheKeyLifetimeIsAdoptedFromTheChargesRefundsInsteadOfSentAgain() {
        provider.answers(() -> {
            throw new PaymentUnavailableException("The payment provider did not answer in time");
        });
        assertThatThrownBy(() -> refunds.issue(order)).isInstanceOf(PaymentUnavailableException.class);
        clock.advance(Duration.ofHours(25));
        provider.lists(() -> List.of(
                chargeRefund("re_other", "R-OTHER", "87.50", ProviderRefund.Status.SUCCEEDED),
                chargeRefund("re_mine", "R-8F3K2Q", "87.50", ProviderRefund.Status.SUCCEEDED)));

        Refund refund = refunds.issue(order);

        assertThat(refund.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(refund.providerRefundId()).isEqualTo("re_mine");
        assertThat(refund.attempts()).as("adopting is not a try").isEqualTo(1);
        assertThat(refund.refundedAt()).isEqualTo(at(T0.plus(Duration.ofHours(25))));
        assertThat(provider.listed).containsExactly("ch_3PxL2k");
        assertThat(provider.received).as("not sent again").hasSize(1);
        assertThat(refunds.issue(order)).isEqualTo(refund);
        assertThat(provider.listed).hasSize(1);
    }

    @Test
    void aPendingRefundFoundAtTheProviderIsAdoptedAsPendingAndASucceededOneIsPreferred() {
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.PENDING, null));
        refunds.issue(order);
        clock.advance(Duration.ofHours(24));
        provider.lists(() -> List.of(chargeRefund("re_1", "R-8F3K2Q", "87.50", ProviderRefund.Status.PENDING)));
        provider.lists(() -> List.of(
                chargeRefund("re_2", "R-8F3K2Q", "87.50", ProviderRefund.Status.PENDING),
                chargeRefund("re_1", "R-8F3K2Q", "87.50", ProviderRefund.Status.SUCCEEDED)));

        Refund stillPending = refunds.issue(order);
        Refund succeeded = refunds.issue(order);

        assertThat(stillPending.status()).isEqualTo(Refund.Status.PENDING);
        assertThat(stillPending.providerRefundId()).isEqualTo("re_1");
        assertThat(succeeded.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(succeeded.providerRefundId()).isEqualTo("re_1");
        assertThat(provider.received).hasSize(1);
    }

    @Test
    void withoutAMatchingRefundAtTheProviderAnOldRefundIsSentAgainUnderItsKey() {
        provider.answers(() -> {
            throw new PaymentUnavailableException("The payment provider failed (503)");
        });
        assertThatThrownBy(() -> refunds.issue(order)).isInstanceOf(PaymentUnavailableException.class);
        clock.advance(Duration.ofHours(30));
        // another return's refund, another amount, and a failed refund (no money moved) do not count
        provider.lists(() -> List.of(
                chargeRefund("re_a", "R-OTHER", "87.50", ProviderRefund.Status.SUCCEEDED),
                chargeRefund("re_b", "R-8F3K2Q", "99.00", ProviderRefund.Status.SUCCEEDED),
                chargeRefund("re_c", "R-8F3K2Q", "87.50", ProviderRefund.Status.FAILED),
                chargeRefund("re_d", null, "87.50", ProviderRefund.Status.SUCCEEDED)));
        provider.answers(() -> new ProviderRefund("re_new", ProviderRefund.Status.SUCCEEDED, null));

        Refund refund = refunds.issue(order);

        assertThat(refund.providerRefundId()).isEqualTo("re_new");
        assertThat(refund.attempts()).isEqualTo(2);
        assertThat(provider.listed).hasSize(1);
        assertThat(provider.received).extracting(RefundOrder::idempotencyKey)
                .containsExactly("refund:R-8F3K2Q", "refund:R-8F3K2Q");
    }

    @Test
    void withinTheKeyLifetimeTheChargesRefundsAreNotListed() {
        provider.answers(() -> {
            throw new PaymentUnavailableException("The payment provider failed (503)");
        });
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null));
        assertThatThrownBy(() -> refunds.issue(order)).isInstanceOf(PaymentUnavailableException.class);
        clock.advance(Duration.ofHours(23).plusMinutes(59));

        assertThat(refunds.issue(order).status()).isEqualTo(Refund.Status.SUCCEEDED);

        assertThat(provider.listed).isEmpty();
        assertThat(provider.received).hasSize(2);
    }

    @Test
    void whenTheChargesRefundsCannotBeListedNothingIsSentBlind() {
        provider.answers(() -> {
            throw new PaymentUnavailableException("The payment provider failed (503)");
        });
        assertThatThrownBy(() -> refunds.issue(order)).isInstanceOf(PaymentUnavailableException.class);
        clock.advance(Duration.ofDays(2));
        provider.lists(() -> {
            throw new PaymentUnavailableException("The payment provider failed (502)");
        });

        assertThatThrownBy(() -> refunds.issue(order)).isInstanceOf(PaymentUnavailableException.class)
                .hasMessageContaining("502");

        assertThat(provider.received).hasSize(1);
        assertThat(refunds.find("R-8F3K2Q").orElseThrow().status()).isEqualTo(Refund.Status.SENT);
    }

    // --- what the provider reports later (webhook, follow-up) --------------------------------------------

    @Test
    void theProvidersReportOnlyMovesARefundForward() {
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.PENDING, null));
        refunds.issue(order);
        clock.advance(Duration.ofMinutes(3));

        assertThat(refunds.recordProviderStatus(new ProviderRefund("re_1", ProviderRefund.Status.PENDING, null)))
                .as("pending again changes nothing").isEmpty();
        Refund succeeded = refunds.recordProviderStatus(
                new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null)).orElseThrow();
        assertThat(succeeded.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(succeeded.refundedAt()).isEqualTo(at(T0.plus(Duration.ofMinutes(3))));

        clock.advance(Duration.ofMinutes(3));
        assertThat(refunds.recordProviderStatus(new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null)))
                .isEmpty();
        assertThat(refunds.recordProviderStatus(new ProviderRefund("re_1", ProviderRefund.Status.PENDING, null)))
                .isEmpty();
        assertThat(refunds.recordProviderStatus(new ProviderRefund("re_1", ProviderRefund.Status.FAILED, "lost")))
                .isEmpty();
        assertThat(refunds.recordProviderStatus(new ProviderRefund("re_unknown", ProviderRefund.Status.FAILED, "x")))
                .isEmpty();
        assertThat(refunds.find("R-8F3K2Q")).contains(succeeded);
    }

    private static ChargeRefund chargeRefund(String id, String returnId, String amount, ProviderRefund.Status status) {
        return new ChargeRefund(id, "ch_3PxL2k", returnId, new BigDecimal(amount), "CNY", status,
                T0.atOffset(ZoneOffset.UTC));
    }

    // ------------------------------------------------------------------ refunds made elsewhere

    @Test
    void aRefusedRefundRecordedAsMadeElsewhereIsFinalAndNeverSentAgain() {
        provider.answers(() -> {
            throw new RefundRefusedException("refund_failed", "The refund could not be processed.");
        });
        assertThatThrownBy(() -> refunds.issue(order)).isInstanceOf(RefundRefusedException.class);
        events.clear();
        clock.advance(Duration.ofHours(2));

        Refund made = refunds.recordMadeElsewhere(order, "  BANK-2026-0042 ", "ops");

        assertThat(made.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(made.madeElsewhere()).isTrue();
        assertThat(made.externalReference()).isEqualTo("BANK-2026-0042");
        assertThat(made.providerRefundId()).isNull();
        assertThat(made.amount()).isEqualByComparingTo("87.50");
        assertThat(db.jdbc().sql("select recorded_by from refunds where return_id = ?").param(order.returnId())
                .query(String.class).single()).isEqualTo("ops");
        assertThat(events).containsExactly(new RefundSettled("R-8F3K2Q", Refund.Status.SUCCEEDED,
                new BigDecimal("87.50"), "CNY", at(T0.plus(Duration.ofHours(2))), true));
        // a late retry, by the refund step or by a person: the provider is not asked (it would fail the test)
        assertThat(refunds.issue(order).externalReference()).isEqualTo("BANK-2026-0042");
        assertThat(refunds.retryAfterFailure(order).externalReference()).isEqualTo("BANK-2026-0042");
        assertThat(provider.received).hasSize(1);
    }

    @Test
    void aReturnTheLedgerDoesNotKnowYetGetsItsRowMadeElsewhere() {
        Refund made = refunds.recordMadeElsewhere(order, "VOUCHER-7", "cs");

        assertThat(made.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(made.idempotencyKey()).isEqualTo("refund:R-8F3K2Q");
        assertThat(made.chargeId()).isEqualTo("ch_3PxL2k");
        assertThat(made.amount()).isEqualByComparingTo("87.50");
        assertThat(made.externalReference()).isEqualTo("VOUCHER-7");
        assertThat(provider.received).isEmpty();
    }

    @Test
    void aRefundTheProviderMayStillPayIsNotRecordedAsMadeElsewhere() {
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.PENDING, null));
        refunds.issue(order);
        events.clear();

        assertThatIllegalStateException().isThrownBy(() -> refunds.recordMadeElsewhere(order, "BANK-1", "ops"))
                .withMessageContaining("PENDING").withMessageContaining("re_1");

        Refund unchanged = refunds.find(order.returnId()).orElseThrow();
        assertThat(unchanged.status()).isEqualTo(Refund.Status.PENDING);
        assertThat(unchanged.externalReference()).isNull();
        assertThat(events).isEmpty();
    }

    @Test
    void aRefundMadeElsewhereNeedsItsReference() {
        assertThatIllegalArgumentException().isThrownBy(() -> refunds.recordMadeElsewhere(order, " ", "ops"));
        assertThatIllegalArgumentException().isThrownBy(() -> refunds.recordMadeElsewhere(order, null, "ops"));
        assertThat(refunds.find(order.returnId())).isEmpty();
    }

    @Test
    void aRefundMadeElsewhereTakesOnlyAReferenceTheTasksFormWouldTake() {
        // the same rule as the decision's (ExternalRefundReference), whoever calls the ledger
        for (String reference : List.of("<b>", "AB", "X".repeat(ExternalRefundReference.MAX_LENGTH + 1),
                "-BANK-1", "BANK\n1")) {
            assertThatIllegalArgumentException().as(reference)
                    .isThrownBy(() -> refunds.recordMadeElsewhere(order, reference, "ops"))
                    .withMessageContaining("reference");
        }
        assertThat(refunds.find(order.returnId())).isEmpty();
        assertThat(refunds.recordMadeElsewhere(order, "X".repeat(ExternalRefundReference.MAX_LENGTH), "ops")
                .externalReference()).hasSize(ExternalRefundReference.MAX_LENGTH);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
