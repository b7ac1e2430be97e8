package io.returnflow.carrier.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.TrackingUpdateHandler;
import io.returnflow.carrier.TrackingUpdateHandler.Outcome;
import io.returnflow.carrier.kdniao.KdniaoInboxEntryReader;
import io.returnflow.support.MutableClock;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.carrier.tracking.SubscriptionStatus;
import io.returnflow.carrier.tracking.TrackingSubscription;
import io.returnflow.carrier.tracking.TrackingSubscriptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

class CarrierInboxProcessorTest {

    private static final Duration BACKOFF = Duration.ofSeconds(2);
    private static final Duration MAX_NOT_READY = Duration.ofMinutes(1);
    private static final int MAX_FAILURES = 3;

    private MigratedDatabase db;
    private CarrierInbox inbox;
    private MutableClock clock;
    private RecordingHandler handler;
    private CarrierInboxProcessor processor;
    private TrackingSubscriptions subscriptions;

    @BeforeEach
    void setUp() {
        db = MigratedDatabase.migrated();
        inbox = new CarrierInbox(db.jdbc());
        clock = new MutableClock(Instant.parse("2026-11-27T02:00:00Z"));
        handler = new RecordingHandler();
        CarrierInboxProperties properties = new CarrierInboxProperties(Duration.ofMillis(500), BACKOFF,
                MAX_NOT_READY, MAX_FAILURES, 50, null);
        processor = new CarrierInboxProcessor(inbox, new KdniaoInboxEntryReader(), handler,
                subscriptions = new TrackingSubscriptions(db.jdbc(), db.dataSource()), db.transactions(), properties,
                clock);
    }

    @Test
    void anAppliedEntryIsProcessedOnce() {
        long id = store("101", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"1\","
                + "\"LogisticCode\":\"SF1\",\"Traces\":[{\"AcceptTime\":\"2026-11-27 10:00:00\",\"AcceptStation\":\"已揽收\"}]}");

        assertThat(processor.processDue()).isEqualTo(1);
        assertThat(processor.processDue()).isZero();

        assertThat(handler.seen).singleElement().satisfies(u -> {
            assertThat(u.returnId()).isEqualTo("R-1");
            assertThat(u.orderCode()).isEqualTo("RF-R-1-1");
            assertThat(u.waybill()).isEqualTo("SF1");
            assertThat(u.state()).isEqualTo(TrackingState.COLLECTED);
            assertThat(u.at()).isEqualTo(OffsetDateTime.parse("2026-11-27T10:00:00+08:00"));
        });
        InboxEntry entry = inbox.find(id).orElseThrow();
        assertThat(entry.status()).isEqualTo(InboxStatus.PROCESSED);
        assertThat(entry.attempts()).isEqualTo(1);
        assertThat(entry.processedAt()).isNotNull();
    }

    @Test
    void entriesOfOneOrderAreHandledInArrivalOrderAndALaterOneWaitsForAnEarlierOne() {
        long collected = store("103", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"301\"}");
        long signed = store("101", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"3\"}");
        long other = store("101", "RF-R-2-1", "{\"OrderCode\":\"RF-R-2-1\",\"CallBack\":\"R-2\",\"State\":\"2\"}");
        // the journey is still booking R-1: the collection is not ready yet
        handler.answer = u -> u.returnId().equals("R-1") ? new Outcome.NotReady("still booking") : new Outcome.Applied();

        processor.processDue();

        // the signed snapshot did not overtake the pending collection; the other order went ahead
        assertThat(handler.seen).extracting(TrackingUpdate::state)
                .containsExactly(TrackingState.COLLECTED, TrackingState.IN_TRANSIT);
        assertThat(inbox.find(signed).orElseThrow().status()).isEqualTo(InboxStatus.PENDING);
        assertThat(inbox.find(signed).orElseThrow().attempts()).isZero();
        assertThat(inbox.find(other).orElseThrow().status()).isEqualTo(InboxStatus.PROCESSED);

        handler.answer = u -> new Outcome.Applied();
        clock.advance(BACKOFF);
        processor.processDue();
        processor.processDue();

        assertThat(handler.seen).extracting(TrackingUpdate::state).containsExactly(TrackingState.COLLECTED,
                TrackingState.IN_TRANSIT, TrackingState.COLLECTED, TrackingState.SIGNED);
        assertThat(inbox.find(collected).orElseThrow().status()).isEqualTo(InboxStatus.PROCESSED);
        assertThat(inbox.find(signed).orElseThrow().status()).isEqualTo(InboxStatus.PROCESSED);
    }

    @Test
    void notReadyWaitsForTheBackoffAndIsParkedWhenItNeverBecomesReady() {
        long id = store("103", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"301\"}");
        handler.answer = u -> new Outcome.NotReady("no booking yet");

        processor.processDue();
        InboxEntry waiting = inbox.find(id).orElseThrow();
        assertThat(waiting.status()).isEqualTo(InboxStatus.PENDING);
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.lastError()).isEqualTo("no booking yet");
        assertThat(waiting.nextAttemptAt().toInstant()).isEqualTo(clock.instant().plus(BACKOFF));

        // not before the backoff
        clock.advance(BACKOFF.minusMillis(1));
        processor.processDue();
        assertThat(handler.seen).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        processor.processDue();
        assertThat(handler.seen).hasSize(2);

        clock.advance(MAX_NOT_READY);
        processor.processDue();
        InboxEntry parked = inbox.find(id).orElseThrow();
        assertThat(parked.status()).isEqualTo(InboxStatus.PARKED);
        assertThat(parked.lastError()).contains("not ready for PT1M").contains("no booking yet");
        assertThat(inbox.list(InboxStatus.PARKED, 10)).extracting(InboxEntry::id).containsExactly(id);
    }

    @Test
    void drainingTakesAWaitingEntryAsSoonAsTheEarlierOneIsDone() {
        store("103", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"301\"}");
        store("101", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"1\"}");
        store("101", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"3\"}");

        assertThat(processor.drain()).isEqualTo(3);

        assertThat(handler.seen).extracting(TrackingUpdate::state)
                .containsExactly(TrackingState.COLLECTED, TrackingState.COLLECTED, TrackingState.SIGNED);
    }

    @Test
    void drainingStopsAtEntriesThatAreNotReady() {
        store("103", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"301\"}");
        handler.answer = u -> new Outcome.NotReady("later");

        assertThat(processor.drain()).isEqualTo(1);
        assertThat(handler.seen).hasSize(1);
    }

    @Test
    void aRejectedEntryIsParkedWithTheReason() {
        long id = store("101", "RF-R-9-1", "{\"OrderCode\":\"RF-R-9-1\",\"CallBack\":\"R-9\",\"State\":\"2\"}");
        handler.answer = u -> new Outcome.Rejected("unknown return R-9");

        processor.processDue();

        InboxEntry entry = inbox.find(id).orElseThrow();
        assertThat(entry.status()).isEqualTo(InboxStatus.PARKED);
        assertThat(entry.lastError()).isEqualTo("rejected: unknown return R-9");
    }

    @Test
    void anUnreadableEntryIsParkedWithoutBotheringTheJourney() {
        long unknownState = store("101", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"State\":\"77\"}");
        long unknownType = store("107", "RF-R-2-1", "{\"OrderCode\":\"RF-R-2-1\"}");

        processor.processDue();

        assertThat(handler.seen).isEmpty();
        assertThat(inbox.find(unknownState).orElseThrow().lastError()).contains("unknown Kdniao 101 state 77");
        assertThat(inbox.find(unknownType).orElseThrow().lastError()).contains("107 is not handled");
    }

    @Test
    void aFailureRollsBackTheJourneysWritesRetriesAndParksAfterTheLimit() {
        long id = store("101", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"2\"}");
        handler.answer = u -> {
            // the journey writes, then the engine fails (e.g. optimistic locking): nothing must stay
            db.jdbc().sql("insert into carrier_inbox (dedup_key, request_type, payload, status, received_at,"
                            + " pending_since, next_attempt_at) values ('side-effect', 'x', 'x', 'PROCESSED',"
                            + " current_timestamp, current_timestamp, current_timestamp)").update();
            throw new IllegalStateException("ENGINE-03005 Execution of 'UPDATE ExecutionEntity' failed");
        };

        processor.processDue();

        InboxEntry failed = inbox.find(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(InboxStatus.PENDING);
        assertThat(failed.failures()).isEqualTo(1);
        assertThat(failed.lastError()).startsWith("IllegalStateException: ENGINE-03005");
        assertThat(failed.nextAttemptAt().toInstant()).isEqualTo(clock.instant().plus(BACKOFF));
        assertThat(db.jdbc().sql("select count(*) from carrier_inbox where dedup_key = 'side-effect'")
                .query(Long.class).single()).isZero();

        for (int i = 1; i < MAX_FAILURES; i++) {
            clock.advance(BACKOFF);
            processor.processDue();
        }
        InboxEntry parked = inbox.find(id).orElseThrow();
        assertThat(parked.status()).isEqualTo(InboxStatus.PARKED);
        assertThat(parked.lastError()).startsWith("failed 3 times");
        assertThat(handler.seen).hasSize(MAX_FAILURES);
    }

    @Test
    void aFailureThenSuccessIsProcessed() {
        long id = store("101", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"2\"}");
        handler.answer = u -> {
            throw new IllegalStateException("optimistic locking");
        };
        processor.processDue();
        handler.answer = u -> new Outcome.Applied();
        clock.advance(BACKOFF);
        processor.processDue();

        assertThat(inbox.find(id).orElseThrow().status()).isEqualTo(InboxStatus.PROCESSED);
        assertThat(inbox.find(id).orElseThrow().lastError()).isNull();
    }

    @Test
    void aRequeuedEntryIsTriedAgainWithAFreshNotReadyAllowance() {
        long id = store("101", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"2\"}");
        handler.answer = u -> new Outcome.Rejected("unknown return");
        processor.processDue();
        clock.advance(MAX_NOT_READY.multipliedBy(2));

        assertThat(inbox.requeue(id, OffsetDateTime.now(clock))).isTrue();
        assertThat(inbox.requeue(id, OffsetDateTime.now(clock))).isFalse();
        handler.answer = u -> new Outcome.NotReady("still not there");
        processor.processDue();

        assertThat(inbox.find(id).orElseThrow().status()).isEqualTo(InboxStatus.PENDING);
    }

    @Test
    void anAppliedEntryThatBringsAWaybillRequestsItsTrackingInTheSameTransaction() {
        store("103", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"301\","
                + "\"ShipperCode\":\"ZTO\",\"LogisticCode\":\"7319055310253\"}");
        OffsetDateTime receivedAt = OffsetDateTime.now(clock);
        clock.advance(Duration.ofSeconds(1));

        processor.processDue();

        TrackingSubscription requested = subscriptions.find("7319055310253").orElseThrow();
        assertThat(requested.status()).isEqualTo(SubscriptionStatus.REQUESTED);
        assertThat(requested.carrier()).isEqualTo("ZTO");
        assertThat(requested.orderCode()).isEqualTo("RF-R-1-1");
        assertThat(requested.returnId()).isEqualTo("R-1");
        // the shipment was last heard of when the push arrived, in the state it told
        assertThat(requested.lastState()).isEqualTo(TrackingState.COLLECTED);
        assertThat(requested.lastUpdateAt()).isEqualTo(receivedAt);
    }

    @Test
    void laterEntriesKeepTheLastUpdateCurrentAndAKnownWaybillIsNotRequestedAgain() {
        subscriptions.request("SF1", "SF", "RF-R-1-1", "R-1", OffsetDateTime.now(clock));
        subscriptions.subscribed("SF1", OffsetDateTime.now(clock));
        clock.advance(Duration.ofMinutes(5));
        store("101", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"2\","
                + "\"LogisticCode\":\"SF1\"}");
        // a pickup-status entry without a waybill still counts, by its order code
        clock.advance(Duration.ofMinutes(5));
        store("103", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"103\"}");

        processor.drain();

        TrackingSubscription current = subscriptions.find("SF1").orElseThrow();
        assertThat(current.status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        assertThat(current.lastState()).isEqualTo(TrackingState.COURIER_ASSIGNED);
        assertThat(current.lastUpdateAt()).isEqualTo(OffsetDateTime.now(clock));
        assertThat(db.jdbc().sql("select count(*) from tracking_subscriptions").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aWaybillOfAnEntryTheJourneyDidNotTakeIsNotRequested() {
        store("101", "RF-R-9-1", "{\"OrderCode\":\"RF-R-9-1\",\"State\":\"2\",\"LogisticCode\":\"SF9\"}");
        store("101", "RF-R-8-1", "{\"OrderCode\":\"RF-R-8-1\",\"State\":\"2\",\"LogisticCode\":\"SF8\"}");
        store("101", "RF-R-7-1", "{\"OrderCode\":\"RF-R-7-1\",\"State\":\"2\",\"LogisticCode\":\"SF7\"}");
        handler.answer = u -> switch (u.orderCode()) {
            case "RF-R-9-1" -> new Outcome.Rejected("not ours");
            case "RF-R-8-1" -> new Outcome.NotReady("still booking");
            default -> throw new IllegalStateException("optimistic locking");
        };

        processor.processDue();

        assertThat(subscriptions.find("SF9")).isEmpty();
        assertThat(subscriptions.find("SF8")).isEmpty();
        // the failed entry's transaction is rolled back, the request with it
        assertThat(subscriptions.find("SF7")).isEmpty();
    }

    @Test
    void aTrackingQueryAnswerIsWorkedOffLikeAPush() {
        long id = store("1002", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"3\","
                + "\"StateEx\":\"301\",\"LogisticCode\":\"SF1\"}");

        processor.processDue();

        assertThat(handler.seen).singleElement().satisfies(u -> {
            assertThat(u.state()).isEqualTo(TrackingState.SIGNED);
            assertThat(u.waybill()).isEqualTo("SF1");
        });
        assertThat(inbox.find(id).orElseThrow().status()).isEqualTo(InboxStatus.PROCESSED);
    }

    @Test
    void storingTheSameEntryTwiceKeepsOne() {
        NewInboxEntry entry = NewInboxEntry.pending("101", "RF-R-1-1", "R-1", "{\"State\":\"1\"}", null);
        assertThat(inbox.storeIfAbsent(entry, OffsetDateTime.now(clock))).isTrue();
        assertThat(inbox.storeIfAbsent(entry, OffsetDateTime.now(clock))).isFalse();
        assertThat(inbox.storeIfAbsent(NewInboxEntry.pending("103", "RF-R-1-1", "R-1", "{\"State\":\"1\"}", null),
                OffsetDateTime.now(clock))).isTrue();
        assertThat(entry.dedupKey()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void onPostgresADuplicateInsideATransactionIsRecognisedWithoutAbortingTheTransaction() {
        MigratedDatabase postgres = MigratedDatabase.onPostgres();
        CarrierInbox onPostgres = new CarrierInbox(postgres.jdbc());
        NewInboxEntry entry = NewInboxEntry.pending("101", "RF-R-9-1", "R-9", "{\"State\":\"1\"}", null);
        // on its own: the unique key answers
        assertThat(onPostgres.storeIfAbsent(entry, OffsetDateTime.now(clock))).isTrue();
        assertThat(onPostgres.storeIfAbsent(entry, OffsetDateTime.now(clock))).isFalse();
        // inside a transaction: asked first, so the transaction goes on and commits what follows
        Boolean stored = new TransactionTemplate(postgres.transactions()).execute(status -> {
            boolean again = onPostgres.storeIfAbsent(entry, OffsetDateTime.now(clock));
            onPostgres.storeIfAbsent(NewInboxEntry.pending("103", "RF-R-9-1", "R-9", "{\"State\":\"1\"}", null),
                    OffsetDateTime.now(clock));
            return again;
        });
        assertThat(stored).isFalse();
        assertThat(postgres.jdbc().sql("select count(*) from carrier_inbox where order_code = 'RF-R-9-1'")
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void twoNodesThatReadTheSameEntriesHandEachOverOnce() {
        long applied = store("101", "RF-R-1-1", "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"2\"}");
        long notReady = store("103", "RF-R-2-1", "{\"OrderCode\":\"RF-R-2-1\",\"CallBack\":\"R-2\",\"State\":\"301\"}");
        long failing = store("101", "RF-R-3-1", "{\"OrderCode\":\"RF-R-3-1\",\"CallBack\":\"R-3\",\"State\":\"2\"}");
        handler.answer = u -> switch (u.orderCode()) {
            case "RF-R-2-1" -> new Outcome.NotReady("no booking yet");
            case "RF-R-3-1" -> throw new IllegalStateException("optimistic locking");
            default -> new Outcome.Applied();
        };
        CarrierInboxProperties properties = new CarrierInboxProperties(Duration.ofMillis(500), BACKOFF,
                MAX_NOT_READY, MAX_FAILURES, 50, null);
        // this node reads the due entries, then the other node works them off, then this node goes on
        CarrierInbox readFirst = new CarrierInbox(db.jdbc()) {
            @Override
            public List<InboxEntry> due(OffsetDateTime now, int limit) {
                List<InboxEntry> read = super.due(now, limit);
                assertThat(processor.processDue()).as("the other node").isEqualTo(3);
                return read;
            }
        };
        CarrierInboxProcessor node = new CarrierInboxProcessor(readFirst, new KdniaoInboxEntryReader(), handler,
                subscriptions, db.transactions(), properties, clock);

        assertThat(node.processDue()).isZero();

        assertThat(handler.seen).as("each handed over once").hasSize(3);
        assertThat(inbox.find(applied).orElseThrow().status()).isEqualTo(InboxStatus.PROCESSED);
        assertThat(inbox.find(notReady).orElseThrow().attempts()).isEqualTo(1);
        assertThat(inbox.find(failing).orElseThrow().failures()).as("one failure, counted once").isEqualTo(1);
    }

    private long store(String requestType, String orderCode, String payload) {
        assertThat(inbox.storeIfAbsent(NewInboxEntry.pending(requestType, orderCode, null, payload, null),
                OffsetDateTime.now(clock))).isTrue();
        return db.jdbc().sql("select max(id) from carrier_inbox").query(Long.class).single();
    }

    /** The journey's handler, as a test double that records what it was given. */
    private static final class RecordingHandler implements TrackingUpdateHandler {
        final List<TrackingUpdate> seen = new ArrayList<>();
        final Map<String, Integer> calls = new HashMap<>();
        Function<TrackingUpdate, Outcome> answer = u -> new Outcome.Applied();

        @Override
        public Outcome apply(TrackingUpdate update) {
            seen.add(update);
            calls.merge(update.orderCode(), 1, Integer::sum);
            return answer.apply(update);
        }
    }
}
