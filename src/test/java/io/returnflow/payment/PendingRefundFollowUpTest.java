package io.returnflow.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refunds left pending are asked about at the provider, once they waited long enough, and settled. */
class PendingRefundFollowUpTest {

    private static final Duration PENDING_AFTER = TestPaymentProperties.PENDING_AFTER;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
    private final ScriptedPaymentGateway provider = new ScriptedPaymentGateway();
    private MigratedDatabase db;
    private RefundLedger ledger;
    private RefundService refunds;
    private PendingRefundFollowUp followUp;

    /** The database the tests run on; H2 here, PostgreSQL in {@link PendingRefundFollowUpPostgresTest}. */
    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }

    @BeforeEach
    void setUp() {
        db = database();
        ledger = new RefundLedger(db.jdbc());
        refunds = new RefundService(ledger, provider, db.transactions(), clock, TestPaymentProperties.defaults(),
                event -> { });
        followUp = new PendingRefundFollowUp(ledger, refunds, provider, TestPaymentProperties.defaults(), clock);
    }

    @Test
    void aRefundPendingLongEnoughIsAskedAboutAndItsSuccessRecorded() {
        RefundOrder order = pending("R-F1", "re_1");
        clock.advance(PENDING_AFTER.minusSeconds(1));
        assertThat(followUp.followUpDue()).isZero();
        assertThat(provider.looked).as("not yet").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        provider.looksUp(() -> new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null));
        assertThat(followUp.followUpDue()).isEqualTo(1);

        Refund refund = refunds.find("R-F1").orElseThrow();
        assertThat(refund.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(refund.refundedAt()).isEqualTo(clock.instant().atOffset(java.time.ZoneOffset.UTC));
        assertThat(provider.looked).containsExactly("re_1");
        assertThat(followUp.followUpDue()).as("a settled refund is not asked about").isZero();
        // the refund step's next try returns without calling the provider
        assertThat(refunds.issue(order)).isEqualTo(refund);
        assertThat(provider.received).hasSize(1);
    }

    @Test
    void aRefundStillPendingIsAskedAgainOnlyAWhileLaterAndItsFailureRecorded() {
        pending("R-F2", "re_2");
        clock.advance(PENDING_AFTER);
        provider.looksUp(() -> new ProviderRefund("re_2", ProviderRefund.Status.PENDING, null));
        assertThat(followUp.followUpDue()).isZero();

        clock.advance(PENDING_AFTER.minusSeconds(1));
        assertThat(followUp.followUpDue()).isZero();
        assertThat(provider.looked).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        provider.looksUp(() -> new ProviderRefund("re_2", ProviderRefund.Status.FAILED, "expired_or_canceled_card"));
        assertThat(followUp.followUpDue()).isEqualTo(1);

        Refund refund = refunds.find("R-F2").orElseThrow();
        assertThat(refund.status()).isEqualTo(Refund.Status.FAILED);
        assertThat(refund.failureReason()).isEqualTo("expired_or_canceled_card");
        assertThat(provider.looked).containsExactly("re_2", "re_2");
    }

    @Test
    void aProviderThatCannotBeReachedIsAskedAgainLaterAndOtherRefundsAreStillFollowedUp() {
        pending("R-F3", "re_3");
        clock.advance(Duration.ofMinutes(1));
        pending("R-F4", "re_4");
        clock.advance(PENDING_AFTER);
        provider.looksUp(() -> {
            throw new PaymentUnavailableException("The payment provider failed (503)");
        });
        provider.looksUp(() -> new ProviderRefund("re_4", ProviderRefund.Status.SUCCEEDED, null));

        assertThat(followUp.followUpDue()).isEqualTo(1);

        assertThat(provider.looked).as("longest waiting first").containsExactly("re_3", "re_4");
        assertThat(refunds.find("R-F3").orElseThrow().status()).isEqualTo(Refund.Status.PENDING);
        assertThat(refunds.find("R-F4").orElseThrow().status()).isEqualTo(Refund.Status.SUCCEEDED);

        clock.advance(PENDING_AFTER);
        provider.looksUp(() -> new ProviderRefund("re_3", ProviderRefund.Status.SUCCEEDED, null));
        assertThat(followUp.followUpDue()).isEqualTo(1);
        assertThat(refunds.find("R-F3").orElseThrow().status()).isEqualTo(Refund.Status.SUCCEEDED);
    }

    @Test
    void aRetriedStepDoesNotPostponeTheFollowUp() {
        RefundOrder order = pending("R-F5", "re_5");
        // the refund step retries the pending refund meanwhile; the provider replays "pending"
        clock.advance(PENDING_AFTER.dividedBy(2));
        provider.answers(() -> new ProviderRefund("re_5", ProviderRefund.Status.PENDING, null));
        refunds.issue(order);

        clock.advance(PENDING_AFTER.dividedBy(2));
        provider.looksUp(() -> new ProviderRefund("re_5", ProviderRefund.Status.SUCCEEDED, null));

        assertThat(followUp.followUpDue()).isEqualTo(1);
    }

    @Test
    void twoNodesAskAboutEachRefundOnceWhetherTheOtherReadItBeforeOrAfterTheClaim() {
        pending("R-F6", "re_6");
        pending("R-F7", "re_7");
        clock.advance(PENDING_AFTER);
        ScriptedPaymentGateway otherProvider = new ScriptedPaymentGateway();
        otherProvider.looksUp(() -> new ProviderRefund("re_6", ProviderRefund.Status.PENDING, null));
        otherProvider.looksUp(() -> new ProviderRefund("re_7", ProviderRefund.Status.SUCCEEDED, null));
        PendingRefundFollowUp other = new PendingRefundFollowUp(ledger, refunds, otherProvider,
                TestPaymentProperties.defaults(), clock);
        // this node reads the due refunds, then the other node runs a whole round, then this node goes on
        RefundLedger readFirst = new RefundLedger(db.jdbc()) {
            @Override
            List<Refund> pendingSince(OffsetDateTime before, int limit) {
                List<Refund> read = super.pendingSince(before, limit);
                other.followUpDue();
                return read;
            }
        };
        PendingRefundFollowUp node = new PendingRefundFollowUp(readFirst, refunds, provider,
                TestPaymentProperties.defaults(), clock);

        assertThat(node.followUpDue()).isZero();
        assertThat(provider.looked).as("the other node asked about both in this round").isEmpty();
        assertThat(otherProvider.looked).containsExactly("re_6", "re_7");

        // the other node reads while this node is asking: it finds the refund taken
        clock.advance(PENDING_AFTER);
        provider.looksUp(() -> {
            assertThat(other.followUpDue()).isZero();
            return new ProviderRefund("re_6", ProviderRefund.Status.SUCCEEDED, null);
        });
        assertThat(followUp.followUpDue()).isEqualTo(1);
        assertThat(provider.looked).containsExactly("re_6");
        assertThat(otherProvider.looked).hasSize(2);
    }

    private RefundOrder pending(String returnId, String providerRefundId) {
        RefundOrder order = RefundOrder.forReturn(returnId, "ch_" + returnId, new BigDecimal("10.00"), "CNY");
        provider.answers(() -> new ProviderRefund(providerRefundId, ProviderRefund.Status.PENDING, null));
        assertThat(refunds.issue(order).status()).isEqualTo(Refund.Status.PENDING);
        return order;
    }
}
