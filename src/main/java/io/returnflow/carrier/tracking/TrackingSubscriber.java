package io.returnflow.carrier.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import io.returnflow.carrier.CarrierRejectedException;
import io.returnflow.carrier.CarrierUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tells the carrier about the waybills whose tracking was requested: without a subscription the carrier
 * pushes no tracking, and the journey would never learn that the parcel arrived.
 *
 * <ul>
 *   <li>accepted → SUBSCRIBED;</li>
 *   <li>the carrier could not be reached → stays REQUESTED and is tried again after a backoff that
 *       doubles with each failure (a retry sends the same request; subscribing is idempotent at the
 *       carrier); PARKED with the reason after {@code max-failures} failures;</li>
 *   <li>the carrier refused → PARKED with its reason at once (the same request would be refused again).</li>
 * </ul>
 * Parked subscriptions are listed for operations under {@code /api/carrier-inbox/tracking}.
 *
 * <p>Several nodes subscribe from the same table: a node claims each waybill before it calls the carrier
 * ({@link TrackingSubscriptions#claimForSubscription}: its next attempt moves on by {@code subscribe-lease}, longer
 * than a call may take; the call's outcome then sets it), so a waybill is sent by one node at a time and its failures
 * are counted once. A node that stops mid-call leaves the waybill to be sent again once the lease ran out;
 * subscribing is idempotent at the carrier.
 */
@Component
public class TrackingSubscriber {

    private static final Logger log = LoggerFactory.getLogger(TrackingSubscriber.class);

    private final TrackingSubscriptions subscriptions;
    private final TrackingSource carrier;
    private final TrackingProperties properties;
    private final Clock clock;

    public TrackingSubscriber(TrackingSubscriptions subscriptions, TrackingSource carrier,
                              TrackingProperties properties, Clock clock) {
        this.subscriptions = subscriptions;
        this.carrier = carrier;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${returnflow.carrier.tracking.subscribe-interval:1s}")
    public void run() {
        try {
            subscribeDue();
        } catch (RuntimeException e) {
            // e.g. the database is briefly away: the next run tries again
            log.warn("Tracking subscriber run failed: {}", e.toString());
        }
    }

    /**
     * Sends the due subscriptions (at most a batch).
     *
     * @return how many the carrier accepted
     */
    public int subscribeDue() {
        int accepted = 0;
        for (TrackingSubscription subscription : subscriptions.dueForSubscription(now(), properties.batchSize())) {
            if (subscription.returnId() != null) {
                MDC.put("returnId", subscription.returnId());
            }
            try {
                if (subscribe(subscription)) {
                    accepted++;
                }
            } finally {
                MDC.remove("returnId");
            }
        }
        return accepted;
    }

    private boolean subscribe(TrackingSubscription subscription) {
        String waybill = subscription.waybill();
        OffsetDateTime now = now();
        // held for the lease, not the backoff: a call may outlast the backoff (a carrier that does not answer takes
        // the client's whole read timeout), and another node must not send the waybill again meanwhile
        if (!subscriptions.claimForSubscription(waybill, now, now.plus(properties.subscribeLease()))) {
            // another node took it (or settled it) since it was read
            return false;
        }
        try {
            carrier.subscribe(subscription);
        } catch (CarrierUnavailableException e) {
            int failures = subscription.attempts() + 1;
            String error = e.getMessage();
            if (failures >= properties.maxFailures()) {
                subscriptions.park(waybill, true, "failed " + failures + " times, last: " + error);
                log.warn("Tracking of waybill {} parked after {} failed subscriptions: {}", waybill, failures, error);
            } else {
                Duration backoff = properties.backoffAfter(failures);
                subscriptions.failed(waybill, error, now().plus(backoff));
                log.info("Subscribing to waybill {} failed ({} of {}), trying again in {}: {}", waybill, failures,
                        properties.maxFailures(), backoff, error);
            }
            return false;
        } catch (CarrierRejectedException e) {
            subscriptions.park(waybill, true, "refused by the carrier: " + e.getMessage());
            log.warn("Tracking of waybill {} parked: the carrier refused the subscription: {}", waybill,
                    e.getMessage());
            return false;
        }
        boolean changed = subscriptions.subscribed(waybill, now());
        if (changed) {
            log.info("Tracking of waybill {} (order {}) subscribed", waybill, subscription.orderCode());
        }
        return changed;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
