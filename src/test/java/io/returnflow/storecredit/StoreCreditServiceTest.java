package io.returnflow.storecredit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store-credit ledger's rules against a scripted provider: the intent is recorded before the first call, every
 * try carries the same key, an issued credit is never sent again, a lost outcome is looked up before it is re-sent,
 * a refusal is final until a person tries again under a fresh key, and a parked answer records nothing as issued.
 */
class StoreCreditServiceTest {

    private final ScriptedGateway provider = new ScriptedGateway();
    private final List<Object> settled = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private MigratedDatabase db;
    private StoreCreditService credits;
    private final CreditOrder order = new CreditOrder(CreditOrder.keyOf("R-1"), "R-1", "cus_1", "SO-1", "CNY",
            new BigDecimal("99.00"), new BigDecimal("10.00"));

    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }

    @BeforeEach
    void setUp() {
        db = database();
        credits = new StoreCreditService(new StoreCreditLedger(db.jdbc()), provider, db.transactions(), clock,
                settled::add);
    }

    @Test
    void issuesOnceAndNeverCallsAgainOnceIssued() {
        provider.answers.add(() -> credit("sc_1"));

        StoreCredit issued = credits.issue(order);
        StoreCredit again = credits.issue(order);

        assertThat(issued.status()).isEqualTo(StoreCredit.Status.ISSUED);
        assertThat(issued.providerCreditId()).isEqualTo("sc_1");
        assertThat(issued.bonus()).isEqualByComparingTo("10.00");
        assertThat(issued.amount()).isEqualByComparingTo("99.00");
        assertThat(issued.attempts()).isEqualTo(1);
        assertThat(again).isEqualTo(issued);
        assertThat(provider.sentKeys).containsExactly("credit:R-1");
        assertThat(settled).as("told once, with the bonus apart").singleElement()
                .isEqualTo(new StoreCreditSettled("R-1", StoreCredit.Status.ISSUED, new BigDecimal("99.00"),
                        new BigDecimal("10.00"), "CNY", false, issued.issuedAt()));
    }

    @Test
    void theIntentIsRecordedBeforeTheCallAndStaysWhenTheCallFails() {
        provider.answers.add(() -> {
            assertThat(credits.find("R-1")).map(StoreCredit::status).contains(StoreCredit.Status.SENT);
            throw new StoreCreditUnavailableException("down");
        });

        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditUnavailableException.class);

        StoreCredit sent = credits.find("R-1").orElseThrow();
        assertThat(sent.status()).isEqualTo(StoreCredit.Status.SENT);
        assertThat(sent.attempts()).isEqualTo(1);
        assertThat(sent.firstAttemptAt()).isNotNull();
    }

    @Test
    void anOutcomeLostIsLookedUpAndAdoptedInsteadOfSendingAgain() {
        provider.answers.add(() -> {
            throw new StoreCreditUnavailableException("read timed out");
        });
        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditUnavailableException.class);
        provider.held = Optional.of(credit("sc_lost"));

        StoreCredit adopted = credits.issue(order);

        assertThat(adopted.status()).isEqualTo(StoreCredit.Status.ISSUED);
        assertThat(adopted.providerCreditId()).isEqualTo("sc_lost");
        assertThat(provider.sentKeys).as("sent once, then only looked up").containsExactly("credit:R-1");
        assertThat(provider.lookups).containsExactly("R-1");
    }

    @Test
    void anOutcomeLostThatTheProviderDoesNotHoldIsSentAgainUnderTheSameKey() {
        provider.answers.add(() -> {
            throw new StoreCreditUnavailableException("503");
        });
        provider.answers.add(() -> credit("sc_2"));
        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditUnavailableException.class);

        StoreCredit issued = credits.issue(order);

        assertThat(issued.providerCreditId()).isEqualTo("sc_2");
        assertThat(issued.attempts()).isEqualTo(2);
        assertThat(provider.sentKeys).containsExactly("credit:R-1", "credit:R-1");
        assertThat(provider.lookups).containsExactly("R-1");
    }

    @Test
    void aLookupThatFailsSendsNothingBlind() {
        provider.answers.add(() -> {
            throw new StoreCreditUnavailableException("503");
        });
        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditUnavailableException.class);
        provider.lookupFails = true;

        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditUnavailableException.class);

        assertThat(provider.sentKeys).hasSize(1);
    }

    @Test
    void aCreditTheProviderHoldsForOtherMoneyIsParkedNotAdopted() {
        provider.answers.add(() -> {
            throw new StoreCreditUnavailableException("503");
        });
        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditUnavailableException.class);
        provider.held = Optional.of(new ProviderCredit("sc_other", ProviderCredit.Status.ISSUED,
                new BigDecimal("50.00"), BigDecimal.ZERO, "CNY", "R-1", null, null));

        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditParkedException.class);

        assertThat(credits.find("R-1")).map(StoreCredit::status).contains(StoreCredit.Status.SENT);
    }

    @Test
    void anAnswerForAnotherReturnOrAnotherBuyerIsParkedNeverRecordedAsIssued() {
        provider.answers.add(() -> new ProviderCredit("sc_theirs", ProviderCredit.Status.ISSUED,
                new BigDecimal("99.00"), new BigDecimal("10.00"), "CNY", "R-2", null, null));

        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditParkedException.class)
                .hasMessageContaining("reference R-2");

        StoreCredit parked = credits.find("R-1").orElseThrow();
        assertThat(parked.status()).isEqualTo(StoreCredit.Status.SENT);
        assertThat(parked.providerCreditId()).isNull();
        assertThat(parked.failureReason()).startsWith("parked: ");
        assertThat(settled).isEmpty();

        // the next try looks the credit up first: one on another buyer's account is not adopted either
        provider.held = Optional.of(new ProviderCredit("sc_other_buyer", ProviderCredit.Status.ISSUED,
                new BigDecimal("99.00"), new BigDecimal("10.00"), "CNY", "R-1", "cus_2", null));

        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditParkedException.class)
                .hasMessageContaining("customer cus_2");
        assertThat(credits.find("R-1")).map(StoreCredit::status).contains(StoreCredit.Status.SENT);
        assertThat(settled).isEmpty();

        // the buyer's own credit, naming the account, is adopted
        provider.held = Optional.of(new ProviderCredit("sc_ours", ProviderCredit.Status.ISSUED,
                new BigDecimal("99.00"), new BigDecimal("10.00"), "CNY", "R-1", "cus_1", null));
        assertThat(credits.issue(order).providerCreditId()).isEqualTo("sc_ours");
        assertThat(provider.sentKeys).as("sent once, then only looked up").containsExactly("credit:R-1");
    }

    @Test
    void aRefusalIsFinalUntilAPersonTriesAgainUnderAFreshKey() {
        provider.answers.add(() -> {
            throw new StoreCreditRefusedException("account_closed", "closed");
        });
        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditRefusedException.class);
        StoreCredit failed = credits.find("R-1").orElseThrow();
        assertThat(failed.status()).isEqualTo(StoreCredit.Status.FAILED);
        assertThat(failed.failureReason()).isEqualTo("account_closed: closed");

        assertThat(credits.issue(order).status()).as("not sent again by itself").isEqualTo(StoreCredit.Status.FAILED);
        assertThat(settled).extracting(event -> ((StoreCreditSettled) event).status())
                .containsExactly(StoreCredit.Status.FAILED);
        assertThat(provider.sentKeys).hasSize(1);

        provider.answers.add(() -> credit("sc_3"));
        StoreCredit retried = credits.retryAfterRefusal(order);

        assertThat(retried.status()).isEqualTo(StoreCredit.Status.ISSUED);
        assertThat(retried.idempotencyKey()).isEqualTo("credit:R-1:2");
        assertThat(provider.sentKeys).containsExactly("credit:R-1", "credit:R-1:2");
        assertThat(provider.lookups).as("a refused credit moved nothing: no lookup").isEmpty();
    }

    @Test
    void aParkedAnswerRecordsNothingAsIssuedAndIsLookedUpNextTime() {
        provider.answers.add(() -> {
            throw new StoreCreditParkedException("account_under_review", "unknown code account_under_review");
        });

        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditParkedException.class);

        StoreCredit parked = credits.find("R-1").orElseThrow();
        assertThat(parked.status()).isEqualTo(StoreCredit.Status.SENT);
        assertThat(parked.providerCreditId()).isNull();
        assertThat(parked.failureReason()).startsWith("parked: unknown code account_under_review");

        provider.answers.add(() -> credit("sc_4"));
        assertThat(credits.issue(order).status()).isEqualTo(StoreCredit.Status.ISSUED);
        assertThat(provider.lookups).containsExactly("R-1");
    }

    @Test
    void aSecondCreditOfOtherMoneyForTheReturnIsRefused() {
        provider.answers.add(() -> credit("sc_1"));
        credits.issue(order);

        CreditOrder more = new CreditOrder(order.idempotencyKey(), "R-1", "cus_1", "SO-1", "CNY",
                new BigDecimal("120.00"), new BigDecimal("10.00"));

        assertThatThrownBy(() -> credits.issue(more)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has a store credit");
        assertThat(provider.sentKeys).hasSize(1);
    }

    @Test
    void refusesMoneyThatIsNotACredit() {
        assertThatThrownBy(() -> credits.issue(new CreditOrder("credit:R-2", "R-2", "cus_1", "SO-1", "CNY",
                BigDecimal.ZERO, BigDecimal.ZERO))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> credits.issue(new CreditOrder("credit:R-2", "R-2", "cus_1", "SO-1", "CNY",
                new BigDecimal("1.005"), BigDecimal.ZERO))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> credits.issue(new CreditOrder("credit:R-2", "R-2", "cus_1", "SO-1", "CNY",
                BigDecimal.ONE, new BigDecimal("-1")))).isInstanceOf(IllegalArgumentException.class);
        assertThat(credits.find("R-2")).isEmpty();
    }

    @Test
    void aCreditRefusedIsRecordedAsIssuedByHandOnceButNotOneSentToTheProvider() {
        provider.answers.add(() -> {
            throw new StoreCreditRefusedException("account_closed", "closed");
        });
        assertThatThrownBy(() -> credits.issue(order)).isInstanceOf(StoreCreditRefusedException.class);

        StoreCredit byHand = credits.recordIssuedByHand(order, " GC-2026-0042 ", "cs");

        assertThat(byHand.status()).isEqualTo(StoreCredit.Status.ISSUED);
        assertThat(byHand.externalReference()).isEqualTo("GC-2026-0042");
        assertThat(byHand.recordedBy()).isEqualTo("cs");
        assertThat(settled).extracting(event -> ((StoreCreditSettled) event).byHand()).containsExactly(false, true);
        assertThat(credits.issue(order).status()).isEqualTo(StoreCredit.Status.ISSUED);
        assertThat(provider.sentKeys).hasSize(1);

        CreditOrder sentOne = new CreditOrder(CreditOrder.keyOf("R-3"), "R-3", "cus_1", "SO-3", "CNY",
                BigDecimal.TEN, BigDecimal.ZERO);
        provider.answers.add(() -> {
            throw new StoreCreditUnavailableException("503");
        });
        assertThatThrownBy(() -> credits.issue(sentOne)).isInstanceOf(StoreCreditUnavailableException.class);
        assertThatThrownBy(() -> credits.recordIssuedByHand(sentOne, "GC-1", "cs"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SENT");
        assertThatThrownBy(() -> credits.recordIssuedByHand(order, " ", "cs"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renewedKeysCount() {
        assertThat(StoreCreditService.renewedKey("credit:R-1", "credit:R-1")).isEqualTo("credit:R-1:2");
        assertThat(StoreCreditService.renewedKey("credit:R-1:2", "credit:R-1")).isEqualTo("credit:R-1:3");
    }

    private static ProviderCredit credit(String id) {
        return new ProviderCredit(id, ProviderCredit.Status.ISSUED, new BigDecimal("99.00"), new BigDecimal("10.00"),
                "CNY", "R-1", null, null);
    }

    /** Answers in the order scripted; records what was sent and looked up. */
    static final class ScriptedGateway implements StoreCreditGateway {

        final Deque<Supplier<ProviderCredit>> answers = new ArrayDeque<>();
        final List<String> sentKeys = new ArrayList<>();
        final List<String> lookups = new ArrayList<>();
        Optional<ProviderCredit> held = Optional.empty();
        boolean lookupFails;

        @Override
        public ProviderCredit issue(CreditOrder order) {
            sentKeys.add(order.idempotencyKey());
            return answers.removeFirst().get();
        }

        @Override
        public Optional<ProviderCredit> findByReference(String reference) {
            lookups.add(reference);
            if (lookupFails) {
                throw new StoreCreditUnavailableException("lookup down");
            }
            return held;
        }
    }
}
