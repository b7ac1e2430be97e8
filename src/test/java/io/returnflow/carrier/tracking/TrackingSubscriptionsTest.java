package io.returnflow.carrier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;

import io.returnflow.carrier.TrackingState;
import io.returnflow.support.MigratedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/** Requesting tracking subscriptions and keeping them current, on H2 (the embedded default). */
class TrackingSubscriptionsTest {

    static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-27T10:00:00+08:00");

    MigratedDatabase db;
    TrackingSubscriptions subscriptions;

    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }

    @BeforeEach
    void setUp() {
        db = database();
        subscriptions = new TrackingSubscriptions(db.jdbc(), db.dataSource());
    }

    @Test
    void aWaybillIsRequestedOnceWithWhatWasKnownFirst() {
        assertThat(subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", T0)).isTrue();
        assertThat(subscriptions.request("SB0000000001", "ZTO", "RF-R-1-2", "R-1", T0.plusMinutes(1))).isFalse();
        assertThat(subscriptions.request(" ", "SF", "RF-R-1-1", "R-1", T0)).isFalse();

        TrackingSubscription requested = subscriptions.find("SB0000000001").orElseThrow();
        assertThat(requested.status()).isEqualTo(SubscriptionStatus.REQUESTED);
        assertThat(requested.carrier()).isEqualTo("SF");
        assertThat(requested.orderCode()).isEqualTo("RF-R-1-1");
        assertThat(requested.returnId()).isEqualTo("R-1");
        assertThat(requested.attempts()).isZero();
        assertThat(requested.requestedAt()).isEqualTo(T0);
        assertThat(requested.nextAttemptAt()).isEqualTo(T0);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void aRepeatedRequestInsideACallersTransactionLeavesThatTransactionUsable() {
        subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", T0);
        TransactionTemplate transaction = new TransactionTemplate(db.transactions());

        transaction.executeWithoutResult(status -> {
            assertThat(subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", T0)).isFalse();
            // the caller's own writes after the repeated request still go through and commit
            assertThat(subscriptions.request("SB0000000002", "SF", "RF-R-2-1", "R-2", T0)).isTrue();
        });

        assertThat(count()).isEqualTo(2);
    }

    @Test
    void theInsertItselfIsANoOpForAPresentWaybillEvenWhenTheLookFirstIsRacedPast() {
        subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", T0);
        TransactionTemplate transaction = new TransactionTemplate(db.transactions());

        // what a concurrent request that looked before the first one committed would run
        transaction.executeWithoutResult(status -> {
            assertThat(subscriptions.insertIfAbsent("SB0000000001", "ZTO", "RF-R-1-2", "R-1", T0)).isFalse();
            assertThat(subscriptions.request("SB0000000002", "SF", "RF-R-2-1", "R-2", T0)).isTrue();
        });

        assertThat(count()).isEqualTo(2);
        assertThat(subscriptions.find("SB0000000001").orElseThrow().carrier()).isEqualTo("SF");
    }

    @Test
    void aRequestRollsBackWithTheCallersTransaction() {
        TransactionTemplate transaction = new TransactionTemplate(db.transactions());

        transaction.executeWithoutResult(status -> {
            subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", T0);
            status.setRollbackOnly();
        });

        assertThat(subscriptions.find("SB0000000001")).isEmpty();
    }

    @Test
    void updatesAreRecordedByWaybillOrOrderCodeAndNeverGoBackInTime() {
        subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", T0);

        subscriptions.recordUpdate("SB0000000001", "RF-R-1-1", TrackingState.COLLECTED, T0.plusMinutes(1));
        subscriptions.recordUpdate(null, "RF-R-1-1", TrackingState.IN_TRANSIT, T0.plusMinutes(3));
        subscriptions.recordUpdate("SB0000000001", "RF-R-1-1", TrackingState.COLLECTED, T0.plusMinutes(2));

        TrackingSubscription current = subscriptions.find("SB0000000001").orElseThrow();
        assertThat(current.lastState()).isEqualTo(TrackingState.IN_TRANSIT);
        assertThat(current.lastUpdateAt()).isEqualTo(T0.plusMinutes(3));
    }

    @Test
    void dueForSubscriptionTakesRequestedOnesWhoseAttemptIsDue() {
        subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", T0);
        subscriptions.request("SB0000000002", "SF", "RF-R-2-1", "R-2", T0.plusSeconds(1));
        subscriptions.request("SB0000000003", "SF", "RF-R-3-1", "R-3", T0);
        subscriptions.subscribed("SB0000000003", T0);
        subscriptions.failed("SB0000000001", "down", T0.plus(Duration.ofMinutes(1)));

        assertThat(subscriptions.dueForSubscription(T0.plusSeconds(1), 10))
                .extracting(TrackingSubscription::waybill).containsExactly("SB0000000002");
        assertThat(subscriptions.dueForSubscription(T0.plusMinutes(1), 10))
                .extracting(TrackingSubscription::waybill).containsExactly("SB0000000002", "SB0000000001");
    }

    private long count() {
        return db.jdbc().sql("select count(*) from tracking_subscriptions").query(Long.class).single();
    }

    TrackingSubscription subscribedAndRead(String waybill) {
        subscriptions.request(waybill, "SF", "RF-" + waybill, "R-1", T0);
        subscriptions.subscribed(waybill, T0);
        return subscriptions.find(waybill).orElseThrow();
    }

    @Test
    void aWaybillReadByTwoNodesInOneRoundIsClaimedByOne() {
        TrackingSubscription readByA = subscribedAndRead("SB0000000101");
        TrackingSubscription readByB = subscriptions.find("SB0000000101").orElseThrow();

        assertThat(subscriptions.claim(readByA, T0.plusMinutes(5))).isTrue();
        assertThat(subscriptions.claim(readByB, T0.plusMinutes(5))).as("node B queries nothing").isFalse();
        assertThat(subscriptions.find("SB0000000101").orElseThrow().polledAt()).isEqualTo(T0.plusMinutes(5));
    }

    @Test
    void aPushWhileTheCarrierIsQueriedKeepsItsFreshStart() {
        TrackingSubscription read = subscribedAndRead("SB0000000102");
        OffsetDateTime claimedAt = T0.plusMinutes(5);
        assertThat(subscriptions.claim(read, claimedAt)).isTrue();

        subscriptions.recordUpdate("SB0000000102", null, TrackingState.IN_TRANSIT, T0.plusMinutes(6));

        assertThat(subscriptions.polledWithoutNews(read, claimedAt, null, T0.plusHours(1))).isFalse();
        TrackingSubscription now = subscriptions.find("SB0000000102").orElseThrow();
        assertThat(now.silentPolls()).isZero();
        assertThat(now.nextPollAt()).isNull();
        assertThat(subscriptions.claim(read, T0.plusMinutes(7))).as("the row changed since it was read").isFalse();
    }

    @Test
    void aQueryWithoutNewsCountsOnceWhenNothingCameMeanwhile() {
        TrackingSubscription read = subscribedAndRead("SB0000000103");
        OffsetDateTime claimedAt = T0.plusMinutes(5);
        assertThat(subscriptions.claim(read, claimedAt)).isTrue();

        assertThat(subscriptions.polledWithoutNews(read, claimedAt, "query failed: 503", T0.plusHours(1))).isTrue();
        TrackingSubscription now = subscriptions.find("SB0000000103").orElseThrow();
        assertThat(now.silentPolls()).isEqualTo(1);
        assertThat(now.nextPollAt()).isEqualTo(T0.plusHours(1));
        assertThat(now.lastError()).isEqualTo("query failed: 503");
    }

    @Test
    void aPushAfterTheWaybillWasReadIsNotSilenced() {
        TrackingSubscription read = subscribedAndRead("SB0000000104");

        subscriptions.recordUpdate("SB0000000104", null, TrackingState.IN_TRANSIT, T0.plusDays(40));

        assertThat(subscriptions.silenced(read, "no news")).isFalse();
        assertThat(subscriptions.find("SB0000000104").orElseThrow().status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        TrackingSubscription fresh = subscriptions.find("SB0000000104").orElseThrow();
        assertThat(subscriptions.silenced(fresh, "no news")).as("as read, nothing new").isTrue();
        assertThat(subscriptions.find("SB0000000104").orElseThrow().status()).isEqualTo(SubscriptionStatus.SILENT);
    }
}
