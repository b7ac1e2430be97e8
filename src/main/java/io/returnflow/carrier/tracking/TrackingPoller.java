package io.returnflow.carrier.tracking;

import java.time.Clock;
import java.time.OffsetDateTime;
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
 * A failed query is noted on the subscription and tried again {@code poll-after} later.
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
                : subscriptions.dueForPolling(now.minus(properties.pollAfter()), properties.batchSize())) {
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
        Optional<NewInboxEntry> answer;
        try {
            answer = carrier.query(subscription);
        } catch (CarrierUnavailableException | CarrierRejectedException e) {
            subscriptions.polled(waybill, now, "query failed: " + e.getMessage());
            log.info("Querying the tracking of waybill {} failed, trying again in {}: {}", waybill,
                    properties.pollAfter(), e.getMessage());
            return false;
        }
        boolean stored = answer.map(entry -> inbox.storeIfAbsent(entry, now)).orElse(false);
        subscriptions.polled(waybill, now, null);
        if (stored) {
            log.info("Tracking of waybill {} was silent for {}: queried, the answer is new", waybill,
                    properties.pollAfter());
        } else {
            log.debug("Tracking of waybill {} queried: {}", waybill, answer.isPresent() ? "unchanged" : "no trace yet");
        }
        return stored;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
