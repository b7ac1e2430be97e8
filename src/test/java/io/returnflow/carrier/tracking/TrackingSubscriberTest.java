package io.returnflow.carrier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.returnflow.carrier.CarrierRejectedException;
import io.returnflow.carrier.CarrierUnavailableException;
import io.returnflow.carrier.inbox.NewInboxEntry;
import io.returnflow.support.MutableClock;
import io.returnflow.support.MigratedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrackingSubscriberTest {

    private static final Duration BACKOFF = Duration.ofSeconds(2);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int MAX_FAILURES = 4;
    /** Longer than any call the tests' carrier makes, as the product's is longer than the client's timeouts. */
    private static final Duration LEASE = Duration.ofMinutes(1);
    /** A call to a carrier that does not answer: the kdniao client's connect and read timeouts, beyond BACKOFF. */
    private static final Duration SLOW_CALL = Duration.ofSeconds(6);

    private MutableClock clock;
    private TrackingSubscriptions subscriptions;
    private FakeCarrier carrier;
    private TrackingSubscriber subscriber;

    @BeforeEach
    void setUp() {
        MigratedDatabase db = MigratedDatabase.migrated();
        clock = new MutableClock(Instant.parse("2026-11-27T02:00:00Z"));
        subscriptions = new TrackingSubscriptions(db.jdbc(), db.dataSource());
        carrier = new FakeCarrier();
        TrackingProperties properties = new TrackingProperties(Duration.ofSeconds(1), BACKOFF, MAX_BACKOFF,
                MAX_FAILURES, Duration.ofSeconds(1), Duration.ofSeconds(10), 2, null, null, null, LEASE);
        subscriber = new TrackingSubscriber(subscriptions, carrier, properties, clock);
    }

    @Test
    void aRequestedWaybillIsSubscribedOnce() {
        subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", now());

        assertThat(subscriber.subscribeDue()).isEqualTo(1);
        assertThat(subscriber.subscribeDue()).isZero();

        assertThat(carrier.subscribed).singleElement().satisfies(s -> {
            assertThat(s.waybill()).isEqualTo("SB0000000001");
            assertThat(s.carrier()).isEqualTo("SF");
            assertThat(s.orderCode()).isEqualTo("RF-R-1-1");
            assertThat(s.returnId()).isEqualTo("R-1");
        });
        TrackingSubscription subscribed = subscriptions.find("SB0000000001").orElseThrow();
        assertThat(subscribed.status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        assertThat(subscribed.subscribedAt()).isEqualTo(now());
        assertThat(subscribed.nextAttemptAt()).isNull();
    }

    @Test
    void oneRunTakesABoundedBatch() {
        for (int i = 1; i <= 3; i++) {
            subscriptions.request("SB000000000" + i, "SF", "RF-R-" + i + "-1", "R-" + i, now());
        }

        assertThat(subscriber.subscribeDue()).isEqualTo(2);
        assertThat(subscriber.subscribeDue()).isEqualTo(1);
    }

    @Test
    void anUnreachableCarrierIsTriedAgainWithADoublingBackoffThenSucceeds() {
        subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", now());
        carrier.behaviour = s -> {
            throw new CarrierUnavailableException("Kdniao answered HTTP 503 to 1008");
        };

        subscriber.subscribeDue();
        TrackingSubscription failed = subscriptions.find("SB0000000001").orElseThrow();
        assertThat(failed.status()).isEqualTo(SubscriptionStatus.REQUESTED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("HTTP 503");
        assertThat(failed.nextAttemptAt()).isEqualTo(now().plus(BACKOFF));

        // not before the backoff
        clock.advance(BACKOFF.minusMillis(1));
        subscriber.subscribeDue();
        assertThat(carrier.calls).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        subscriber.subscribeDue();
        assertThat(carrier.calls).isEqualTo(2);
        // the second failure waits twice as long
        assertThat(subscriptions.find("SB0000000001").orElseThrow().nextAttemptAt())
                .isEqualTo(now().plus(BACKOFF.multipliedBy(2)));

        carrier.behaviour = s -> { };
        clock.advance(BACKOFF.multipliedBy(2));
        assertThat(subscriber.subscribeDue()).isEqualTo(1);
        TrackingSubscription subscribed = subscriptions.find("SB0000000001").orElseThrow();
        assertThat(subscribed.status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        assertThat(subscribed.lastError()).isNull();
        // a retry sends the same request
        assertThat(carrier.subscribed).hasSize(3).allSatisfy(s -> assertThat(s.waybill()).isEqualTo("SB0000000001"));
    }

    @Test
    void theBackoffIsCapped() {
        TrackingProperties properties = new TrackingProperties(null, BACKOFF, MAX_BACKOFF, null, null, null, null, null, null,
                null, null);
        assertThat(properties.backoffAfter(1)).isEqualTo(BACKOFF);
        assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(properties.backoffAfter(3)).isEqualTo(MAX_BACKOFF);
        assertThat(properties.backoffAfter(30)).isEqualTo(MAX_BACKOFF);
    }

    @Test
    void aSubscriptionThatKeepsFailingIsParkedWithTheReason() {
        subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", now());
        carrier.behaviour = s -> {
            throw new CarrierUnavailableException("Kdniao could not be reached for 1008");
        };

        for (int i = 0; i < MAX_FAILURES; i++) {
            subscriber.subscribeDue();
            clock.advance(MAX_BACKOFF);
        }

        TrackingSubscription parked = subscriptions.find("SB0000000001").orElseThrow();
        assertThat(parked.status()).isEqualTo(SubscriptionStatus.PARKED);
        assertThat(parked.attempts()).isEqualTo(MAX_FAILURES);
        assertThat(parked.lastError()).startsWith("failed 4 times, last: ").contains("could not be reached");
        assertThat(subscriptions.list(SubscriptionStatus.PARKED, 10))
                .extracting(TrackingSubscription::waybill).containsExactly("SB0000000001");
        clock.advance(Duration.ofHours(1));
        subscriber.subscribeDue();
        assertThat(carrier.calls).isEqualTo(MAX_FAILURES);

        // operations put it back in line once the cause is fixed
        carrier.behaviour = s -> { };
        assertThat(subscriptions.requeue("SB0000000001", now())).isTrue();
        assertThat(subscriptions.requeue("SB0000000001", now())).isFalse();
        assertThat(subscriber.subscribeDue()).isEqualTo(1);
        assertThat(subscriptions.find("SB0000000001").orElseThrow().status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
    }

    @Test
    void aRefusalIsParkedAtOnce() {
        subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", now());
        carrier.behaviour = s -> {
            throw new CarrierRejectedException("102", "Kdniao refused to track waybill SB0000000001: 单号格式错误");
        };

        subscriber.subscribeDue();

        TrackingSubscription parked = subscriptions.find("SB0000000001").orElseThrow();
        assertThat(parked.status()).isEqualTo(SubscriptionStatus.PARKED);
        assertThat(parked.lastError()).startsWith("refused by the carrier: ").contains("单号格式错误");
    }

    @Test
    void twoNodesSendEachWaybillOnceWhetherTheOtherReadItBeforeOrAfterTheClaim() {
        MigratedDatabase db = MigratedDatabase.migrated();
        TrackingProperties properties = new TrackingProperties(Duration.ofSeconds(1), BACKOFF, MAX_BACKOFF,
                MAX_FAILURES, Duration.ofSeconds(1), Duration.ofSeconds(10), 10, null, null, null, LEASE);
        subscriptions = new TrackingSubscriptions(db.jdbc(), db.dataSource());
        subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", now());
        subscriptions.request("SB0000000002", "SF", "RF-R-2-1", "R-2", now());
        FakeCarrier otherCarrier = new FakeCarrier();
        TrackingSubscriber other = new TrackingSubscriber(subscriptions, otherCarrier, properties, clock);
        int[] otherAccepted = new int[2];
        // this node reads the due waybills, then the other node runs a whole round, then this node goes on
        TrackingSubscriptions readFirst = new TrackingSubscriptions(db.jdbc(), db.dataSource()) {
            @Override
            public List<TrackingSubscription> dueForSubscription(OffsetDateTime now, int limit) {
                List<TrackingSubscription> read = super.dueForSubscription(now, limit);
                otherAccepted[0] = other.subscribeDue();
                return read;
            }
        };
        TrackingSubscriber node = new TrackingSubscriber(readFirst, carrier, properties, clock);

        assertThat(node.subscribeDue()).isZero();
        assertThat(otherAccepted[0]).isEqualTo(2);
        assertThat(carrier.calls).as("both were the other node's by then").isZero();

        // the other node reads while this node is calling the carrier: it finds the waybill taken
        subscriptions.request("SB0000000003", "SF", "RF-R-3-1", "R-3", now());
        carrier.behaviour = s -> otherAccepted[1] = other.subscribeDue();
        TrackingSubscriber plain = new TrackingSubscriber(subscriptions, carrier, properties, clock);
        assertThat(plain.subscribeDue()).isEqualTo(1);
        assertThat(otherAccepted[1]).isZero();
        assertThat(otherCarrier.subscribed).extracting(TrackingSubscription::waybill)
                .containsExactly("SB0000000001", "SB0000000002");
        assertThat(carrier.subscribed).extracting(TrackingSubscription::waybill).containsExactly("SB0000000003");
    }

    @Test
    void aCallThatOutlastsTheBackoffIsNotSentAgainByAnotherNodeNorCountedTwice() {
        MigratedDatabase db = MigratedDatabase.migrated();
        TrackingProperties properties = new TrackingProperties(Duration.ofSeconds(1), BACKOFF, MAX_BACKOFF,
                MAX_FAILURES, Duration.ofSeconds(1), Duration.ofSeconds(10), 10, null, null, null, LEASE);
        subscriptions = new TrackingSubscriptions(db.jdbc(), db.dataSource());
        subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", now());
        FakeCarrier otherCarrier = new FakeCarrier();
        TrackingSubscriber other = new TrackingSubscriber(subscriptions, otherCarrier, properties, clock);
        int[] otherAccepted = new int[1];
        // this node's call hangs until the client gives up: meanwhile the other node runs its rounds
        carrier.behaviour = s -> {
            clock.advance(SLOW_CALL);
            otherAccepted[0] = other.subscribeDue();
            throw new CarrierUnavailableException("read timed out");
        };
        TrackingSubscriber node = new TrackingSubscriber(subscriptions, carrier, properties, clock);

        assertThat(node.subscribeDue()).isZero();

        assertThat(otherCarrier.calls).as("sent by the other node during this node's call").isZero();
        assertThat(otherAccepted[0]).isZero();
        TrackingSubscription failed = subscriptions.find("SB0000000001").orElseThrow();
        assertThat(failed.attempts()).as("one failed call, counted once").isEqualTo(1);
        assertThat(failed.nextAttemptAt()).as("the failure's backoff, from the call's end")
                .isEqualTo(now().plus(BACKOFF));
    }

    @Test
    void aNodeThatStopsAfterItsClaimLeavesTheWaybillToBeSentOnceTheLeaseRanOut() {
        subscriptions.request("SB0000000001", "SF", "RF-R-1-1", "R-1", now());
        // the node that took it died before it recorded the call's outcome
        carrier.behaviour = s -> {
            throw new IllegalStateException("the node is gone");
        };
        TrackingSubscriber dead = new TrackingSubscriber(subscriptions, carrier, new TrackingProperties(null, BACKOFF,
                MAX_BACKOFF, MAX_FAILURES, null, null, null, null, null, null, LEASE), clock);
        try {
            dead.subscribeDue();
        } catch (IllegalStateException gone) {
            // as it stopped
        }
        carrier.behaviour = s -> { };

        clock.advance(LEASE.minusMillis(1));
        assertThat(subscriber.subscribeDue()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(subscriber.subscribeDue()).isEqualTo(1);
        assertThat(carrier.calls).isEqualTo(2);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** The carrier, as a test double that records the subscriptions it was sent. */
    static final class FakeCarrier implements TrackingSource {
        final List<TrackingSubscription> subscribed = new ArrayList<>();
        int calls;
        Consumer<TrackingSubscription> behaviour = s -> { };

        @Override
        public void subscribe(TrackingSubscription subscription) {
            calls++;
            subscribed.add(subscription);
            behaviour.accept(subscription);
        }

        @Override
        public Optional<NewInboxEntry> query(TrackingSubscription subscription) {
            throw new UnsupportedOperationException("not queried here");
        }
    }
}
