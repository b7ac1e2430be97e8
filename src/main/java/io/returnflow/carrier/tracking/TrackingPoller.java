package io.returnflow.carrier.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.returnflow.carrier.CarrierRejectedException;
import io.returnflow.carrier.CarrierUnavailableException;
import io.returnflow.carrier.inbox.CarrierInbox;
import io.returnflow.carrier.inbox.NewInboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The fallback for pushes that never come: a subscribed waybill that is not yet signed for (or returned)
 * and was neither heard of nor polled for {@code poll-after} is queried. The answer is stored in the
 * carrier inbox exactly as a push entry would be, with the same de-duplication, so an unchanged answer
 * is a duplicate and the journey sees each answer once, in order with the pushes of the same order.
 * A failed query is noted on the subscription.
 *
 * <p>Polling is bounded, since a lost parcel is never signed for: each query in a row that brings no news (or
 * fails) waits longer before the next, from {@code poll-after} doubling up to {@code max-poll-backoff}, and a
 * waybill the carrier told nothing for {@code max-silence} (or after {@code max-silent-polls} such queries) is no
 * longer polled ({@link SubscriptionStatus#SILENT}) until the carrier speaks of it again. Nothing is concluded
 * about the parcel: the journey waits on the carrier's signature, and its lost-parcel timer hands it to customer
 * service.
 *
 * <p>Several nodes poll the same table: a node claims each waybill before it queries it
 * ({@link TrackingSubscriptions#claim}), and every write is conditional on the row as read, so a push that arrives
 * meanwhile is never silenced nor its fresh start overwritten, and a waybill is queried by one node per round.
 */
@Component
public class TrackingPoller {

    private static final Logger log = LoggerFactory.getLogger(TrackingPoller.class);

    private final TrackingSubscriptions subscriptions;
    private final TrackingSource carrier;
    private final CarrierInbox inbox;
    private final TrackingProperties properties;
    private final Clock clock;

    public TrackingPoller(TrackingSubscriptions subscriptions, TrackingSource carrier, CarrierInbox inbox,
                          TrackingProperties properties, Clock clock) {
        this.subscriptions = subscriptions;
        this.carrier = carrier;
        this.inbox = inbox;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${returnflow.carrier.tracking.poll-interval:1m}")
    public void run() {
        try {
            pollDue();
        } catch (RuntimeException e) {
            log.warn("Tracking poller run failed: {}", e.toString());
        }
    }

    /**
     * Queries the due waybills (at most a batch).
     *
     * @return how many answers were new and stored in the inbox
     */
    public int pollDue() {
        OffsetDateTime now = now();
        int stored = 0;
        for (TrackingSubscription subscription
                : subscriptions.dueForPolling(now.minus(properties.pollAfter()), now, properties.batchSize())) {
            if (subscription.returnId() != null) {
                MDC.put("returnId", subscription.returnId());
            }
            try {
                if (poll(subscription, now)) {
                    stored++;
                }
            } finally {
                MDC.remove("returnId");
            }
        }
        return stored;
    }

    private boolean poll(TrackingSubscription subscription, OffsetDateTime now) {
        String waybill = subscription.waybill();
        if (silentTooLong(subscription, now)) {
            return false;
        }
        if (!subscriptions.claim(subscription, now)) {
            // a push came, or another node took it for this round, since it was read
            return false;
        }
        Optional<NewInboxEntry> answer;
        try {
            answer = carrier.query(subscription);
        } catch (CarrierUnavailableException | CarrierRejectedException e) {
            Duration wait = properties.pollBackoffAfter(subscription.silentPolls() + 1);
            subscriptions.polledWithoutNews(subscription, now, "query failed: " + e.getMessage(), now.plus(wait));
            log.info("Querying the tracking of waybill {} failed, trying again in {}: {}", waybill, wait,
                    e.getMessage());
            return false;
        }
        boolean stored = answer.map(entry -> inbox.storeIfAbsent(entry, now)).orElse(false);
        if (stored) {
            subscriptions.polled(waybill, now, now.plus(properties.pollAfter()));
            log.info("Tracking of waybill {} was silent for {}: queried, the answer is new", waybill,
                    properties.pollAfter());
        } else {
            Duration wait = properties.pollBackoffAfter(subscription.silentPolls() + 1);
            subscriptions.polledWithoutNews(subscription, now, null, now.plus(wait));
            log.debug("Tracking of waybill {} queried: {}; next query in {}", waybill,
                    answer.isPresent() ? "unchanged" : "no trace yet", wait);
        }
        return stored;
    }

    /** Stops polling a waybill past the bound; answers whether it did. */
    private boolean silentTooLong(TrackingSubscription subscription, OffsetDateTime now) {
        OffsetDateTime lastHeard = subscription.lastUpdateAt() != null ? subscription.lastUpdateAt()
                : subscription.subscribedAt();
        Duration silence = lastHeard == null ? Duration.ZERO : Duration.between(lastHeard, now);
        if (silence.compareTo(properties.maxSilence()) < 0
                && subscription.silentPolls() < properties.maxSilentPolls()) {
            return false;
        }
        String reason = "no news from the carrier for " + silence + " (" + subscription.silentPolls()
                + " queries without news): polling stopped until it speaks again";
        if (subscriptions.silenced(subscription, reason)) {
            log.warn("Tracking of waybill {} (order {}): {}; the journey's lost-parcel timer decides",
                    subscription.waybill(), subscription.orderCode(), reason);
        }
        return true;
    }

    private OffsetDateTime now() {
        // as the database keeps it (microseconds), so that a write conditional on the claim's moment matches it
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
