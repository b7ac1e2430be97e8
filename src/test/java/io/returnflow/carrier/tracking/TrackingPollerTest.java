package io.returnflow.carrier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.returnflow.carrier.CarrierUnavailableException;
import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.inbox.CarrierInbox;
import io.returnflow.carrier.inbox.InboxEntry;
import io.returnflow.carrier.inbox.InboxStatus;
import io.returnflow.carrier.inbox.NewInboxEntry;
import io.returnflow.support.MutableClock;
import io.returnflow.support.MigratedDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrackingPollerTest {

    private static final Duration POLL_AFTER = Duration.ofSeconds(10);
    private static final Duration MAX_POLL_BACKOFF = Duration.ofSeconds(40);
    private static final Duration MAX_SILENCE = Duration.ofMinutes(3);
    private static final int MAX_SILENT_POLLS = 8;

    private MutableClock clock;
    private TrackingSubscriptions subscriptions;
    private CarrierInbox inbox;
    private FakeCarrier carrier;
    private TrackingPoller poller;

    @BeforeEach
    void setUp() {
        MigratedDatabase db = MigratedDatabase.migrated();
        clock = new MutableClock(Instant.parse("2026-11-27T02:00:00Z"));
        subscriptions = new TrackingSubscriptions(db.jdbc(), db.dataSource());
        inbox = new CarrierInbox(db.jdbc());
        carrier = new FakeCarrier();
        poller = poller(MAX_SILENCE, MAX_SILENT_POLLS);
    }

    private TrackingPoller poller(Duration maxSilence, int maxSilentPolls) {
        TrackingProperties properties = new TrackingProperties(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofMinutes(1), 3, Duration.ofSeconds(1), POLL_AFTER, 50, MAX_POLL_BACKOFF, maxSilence,
                maxSilentPolls, null);
        return new TrackingPoller(subscriptions, carrier, inbox, properties, clock);
    }

    @Test
    void aSubscribedWaybillIsQueriedOnlyOnceItWasSilentForPollAfter() {
        subscribed("SB0000000001");

        clock.advance(POLL_AFTER.minusMillis(1));
        assertThat(poller.pollDue()).isZero();
        assertThat(carrier.queried).isEmpty();

        clock.advance(Duration.ofMillis(1));
        // the carrier knows nothing new: queried, nothing stored
        assertThat(poller.pollDue()).isZero();
        assertThat(carrier.queried).containsExactly("SB0000000001");
        assertThat(subscriptions.find("SB0000000001").orElseThrow().polledAt()).isEqualTo(now());
    }

    @Test
    void theLastUpdateCountsAndAPolledWaybillWaitsPollAfterAgain() {
        subscribed("SB0000000001");
        clock.advance(Duration.ofSeconds(8));
        subscriptions.recordUpdate("SB0000000001", "RF-R-1-1", TrackingState.COLLECTED, now());

        clock.advance(Duration.ofSeconds(8));
        // 16 s after subscribing, but only 8 s after the last push
        assertThat(poller.pollDue()).isZero();

        clock.advance(Duration.ofSeconds(2));
        poller.pollDue();
        assertThat(carrier.queried).hasSize(1);
        clock.advance(POLL_AFTER.minusSeconds(1));
        poller.pollDue();
        assertThat(carrier.queried).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        poller.pollDue();
        assertThat(carrier.queried).hasSize(2);
    }

    @Test
    void finalStatesAndUnsubscribedOrParkedWaybillsAreNotQueried() {
        // silent for an hour: within the bound here
        poller = poller(Duration.ofDays(1), MAX_SILENT_POLLS);
        subscribed("SB-SIGNED");
        subscriptions.recordUpdate("SB-SIGNED", null, TrackingState.SIGNED, now());
        subscribed("SB-BACK");
        subscriptions.recordUpdate("SB-BACK", null, TrackingState.RETURNED_TO_SENDER, now());
        subscribed("SB-PROBLEM");
        subscriptions.recordUpdate("SB-PROBLEM", null, TrackingState.EXCEPTION, now());
        subscriptions.request("SB-REQUESTED", "SF", "RF-R-4-1", "R-4", now());
        subscriptions.request("SB-PARKED", "SF", "RF-R-5-1", "R-5", now());
        subscriptions.park("SB-PARKED", false, "refused");

        clock.advance(Duration.ofHours(1));
        poller.pollDue();

        assertThat(carrier.queried).containsExactly("SB-PROBLEM");
    }

    @Test
    void theAnswerIsStoredAsAnInboxEntryAndAnUnchangedAnswerIsADuplicate() {
        subscribed("SB0000000001");
        carrier.answer = s -> Optional.of(NewInboxEntry.pending("1002", "RF-R-1-1", "R-1",
                "{\"LogisticCode\":\"SB0000000001\",\"OrderCode\":\"RF-R-1-1\",\"State\":\"2\"}", null));

        clock.advance(POLL_AFTER);
        assertThat(poller.pollDue()).isEqualTo(1);
        List<InboxEntry> pending = inbox.list(InboxStatus.PENDING, 10);
        assertThat(pending).singleElement().satisfies(e -> {
            assertThat(e.requestType()).isEqualTo("1002");
            assertThat(e.orderCode()).isEqualTo("RF-R-1-1");
            assertThat(e.returnId()).isEqualTo("R-1");
            assertThat(e.receivedAt()).isEqualTo(now());
        });

        clock.advance(POLL_AFTER);
        assertThat(poller.pollDue()).isZero();
        assertThat(carrier.queried).hasSize(2);
        assertThat(inbox.list(InboxStatus.PENDING, 10)).hasSize(1);

        carrier.answer = s -> Optional.of(NewInboxEntry.pending("1002", "RF-R-1-1", "R-1",
                "{\"LogisticCode\":\"SB0000000001\",\"OrderCode\":\"RF-R-1-1\",\"State\":\"3\"}", null));
        clock.advance(POLL_AFTER);
        assertThat(poller.pollDue()).isEqualTo(1);
        assertThat(inbox.list(InboxStatus.PENDING, 10)).hasSize(2);
    }

    @Test
    void aFailedQueryIsNotedAndTriedAgainPollAfterLater() {
        subscribed("SB0000000001");
        carrier.answer = s -> {
            throw new CarrierUnavailableException("Kdniao answered HTTP 502 to 1002");
        };

        clock.advance(POLL_AFTER);
        assertThat(poller.pollDue()).isZero();
        TrackingSubscription noted = subscriptions.find("SB0000000001").orElseThrow();
        assertThat(noted.lastError()).contains("HTTP 502");
        assertThat(noted.polledAt()).isEqualTo(now());

        clock.advance(POLL_AFTER.minusMillis(1));
        poller.pollDue();
        assertThat(carrier.queried).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        poller.pollDue();
        assertThat(carrier.queried).hasSize(2);
        assertThat(inbox.list(InboxStatus.PENDING, 10)).isEmpty();
    }

    @Test
    void eachQueryWithoutNewsWaitsLongerUpToTheMaximumBackoff() {
        subscribed("SB0000000001");
        clock.advance(POLL_AFTER);
        poller.pollDue();
        assertThat(carrier.queried).hasSize(1);

        // waits after the 1st, 2nd, 3rd, 4th and 5th query without news: 10 s, 20 s, 40 s, then capped at 40 s
        for (Duration wait : List.of(POLL_AFTER, Duration.ofSeconds(20), MAX_POLL_BACKOFF, MAX_POLL_BACKOFF)) {
            int before = carrier.queried.size();
            clock.advance(wait.minusMillis(1));
            poller.pollDue();
            assertThat(carrier.queried).as("not before %s", wait).hasSize(before);
            clock.advance(Duration.ofMillis(1));
            poller.pollDue();
            assertThat(carrier.queried).as("after %s", wait).hasSize(before + 1);
        }
        assertThat(subscriptions.find("SB0000000001").orElseThrow().silentPolls()).isEqualTo(5);
    }

    @Test
    void newsFromTheCarrierStartsTheBackoffAfresh() {
        subscribed("SB0000000001");
        clock.advance(POLL_AFTER);
        poller.pollDue();
        clock.advance(POLL_AFTER);
        poller.pollDue();
        assertThat(subscriptions.find("SB0000000001").orElseThrow().silentPolls()).isEqualTo(2);

        subscriptions.recordUpdate("SB0000000001", null, TrackingState.IN_TRANSIT, now());
        assertThat(subscriptions.find("SB0000000001").orElseThrow().silentPolls()).isZero();
        clock.advance(POLL_AFTER);
        poller.pollDue();
        assertThat(carrier.queried).as("poll-after after the news, not the 20 s of a third silent query").hasSize(3);
    }

    @Test
    void aWaybillSilentForTheMaximumIsNoLongerPolledAndNeverTakenForDelivered() {
        subscribed("SB-LOST");
        clock.advance(POLL_AFTER);
        poller.pollDue();
        clock.advance(Duration.ofSeconds(4));
        subscriptions.recordUpdate("SB-LOST", null, TrackingState.IN_TRANSIT, now());
        OffsetDateTime lastHeard = now();

        // polled with backoff while silent; stopped at the first due query once the silence reached the maximum
        while (now().isBefore(lastHeard.plus(MAX_SILENCE).plus(MAX_POLL_BACKOFF))) {
            clock.advance(Duration.ofSeconds(5));
            poller.pollDue();
            if (now().isBefore(lastHeard.plus(MAX_SILENCE))) {
                assertThat(subscriptions.find("SB-LOST").orElseThrow().status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
            }
        }
        int queries = carrier.queried.size();
        TrackingSubscription silent = subscriptions.find("SB-LOST").orElseThrow();
        assertThat(silent.status()).isEqualTo(SubscriptionStatus.SILENT);
        assertThat(silent.lastError()).contains("no news from the carrier for PT3M");
        assertThat(silent.lastState()).as("nothing concluded about the parcel").isEqualTo(TrackingState.IN_TRANSIT);
        assertThat(inbox.list(InboxStatus.PENDING, 10)).as("no answer made up").isEmpty();
        assertThat(subscriptions.list(SubscriptionStatus.SILENT, 10)).extracting(TrackingSubscription::waybill)
                .containsExactly("SB-LOST");

        clock.advance(Duration.ofDays(30));
        poller.pollDue();
        assertThat(carrier.queried).hasSize(queries);
    }

    @Test
    void aSilentWaybillIsPolledAgainOnceTheCarrierSpeaksOfIt() {
        subscribed("SB-LOST");
        clock.advance(MAX_SILENCE);
        poller.pollDue();
        assertThat(subscriptions.find("SB-LOST").orElseThrow().status()).isEqualTo(SubscriptionStatus.SILENT);
        assertThat(carrier.queried).isEmpty();

        clock.advance(Duration.ofDays(2));
        subscriptions.recordUpdate("SB-LOST", null, TrackingState.EXCEPTION, now());
        assertThat(subscriptions.find("SB-LOST").orElseThrow().status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        clock.advance(POLL_AFTER);
        poller.pollDue();
        assertThat(carrier.queried).containsExactly("SB-LOST");
    }

    @Test
    void onPostgresTooASilentWaybillStopsBeingPolledAndComesBackWithNews() {
        MigratedDatabase postgres = MigratedDatabase.onPostgres();
        subscriptions = new TrackingSubscriptions(postgres.jdbc(), postgres.dataSource());
        inbox = new CarrierInbox(postgres.jdbc());
        poller = poller(MAX_SILENCE, MAX_SILENT_POLLS);
        subscribed("SB-LOST");

        clock.advance(POLL_AFTER);
        poller.pollDue();
        clock.advance(POLL_AFTER.minusMillis(1));
        poller.pollDue();
        assertThat(carrier.queried).hasSize(1);
        clock.advance(MAX_SILENCE);
        poller.pollDue();
        assertThat(subscriptions.find("SB-LOST").orElseThrow().status()).isEqualTo(SubscriptionStatus.SILENT);

        subscriptions.recordUpdate("SB-LOST", null, TrackingState.IN_TRANSIT, now());
        TrackingSubscription revived = subscriptions.find("SB-LOST").orElseThrow();
        assertThat(revived.status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        assertThat(revived.silentPolls()).isZero();
        assertThat(revived.nextPollAt()).isNull();
    }

    @Test
    void aWaybillQueriedTheMaximumNumberOfTimesWithoutNewsIsNoLongerPolled() {
        poller = poller(Duration.ofDays(1), MAX_SILENT_POLLS);
        subscribed("SB0000000001");
        carrier.answer = s -> {
            throw new CarrierUnavailableException("Kdniao answered HTTP 502 to 1002");
        };
        for (int i = 0; i < 100 && subscriptions.find("SB0000000001").orElseThrow().status()
                == SubscriptionStatus.SUBSCRIBED; i++) {
            clock.advance(Duration.ofSeconds(5));
            poller.pollDue();
        }
        assertThat(carrier.queried).hasSize(MAX_SILENT_POLLS);
        assertThat(subscriptions.find("SB0000000001").orElseThrow().status()).isEqualTo(SubscriptionStatus.SILENT);
        assertThat(Duration.between(subscriptions.find("SB0000000001").orElseThrow().subscribedAt(), now()))
                .as("stopped by the count, long before the silence bound").isLessThan(Duration.ofDays(1));
    }

    private void subscribed(String waybill) {
        subscriptions.request(waybill, "SF", "RF-R-1-1", "R-1", now());
        subscriptions.subscribed(waybill, now());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** The carrier, as a test double that answers queries as told. */
    @Test
    void aPushThatArrivesWhileTheCarrierIsQueriedKeepsItsFreshStart() {
        subscribed("SB0000000001");
        clock.advance(POLL_AFTER);
        carrier.answer = s -> {
            subscriptions.recordUpdate(s.waybill(), null, TrackingState.IN_TRANSIT, now());
            return Optional.empty();
        };

        poller.pollDue();

        TrackingSubscription after = subscriptions.find("SB0000000001").orElseThrow();
        assertThat(after.silentPolls()).as("the push's reset stands").isZero();
        assertThat(after.nextPollAt()).isNull();
    }

    static final class FakeCarrier implements TrackingSource {
        final List<String> queried = new ArrayList<>();
        Function<TrackingSubscription, Optional<NewInboxEntry>> answer = s -> Optional.empty();

        @Override
        public void subscribe(TrackingSubscription subscription) {
            throw new UnsupportedOperationException("not subscribed here");
        }

        @Override
        public Optional<NewInboxEntry> query(TrackingSubscription subscription) {
            queried.add(subscription.waybill());
            return answer.apply(subscription);
        }
    }
}
