package io.returnflow.carrier.tracking;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How waybills are subscribed to and, when their pushes stay away, polled.
 *
 * @param subscribeInterval pause between two runs of the subscriber (its fixed delay)
 * @param retryBackoff      wait after the first failed subscription call; doubled after each further one
 * @param maxRetryBackoff   the longest wait between two subscription calls
 * @param maxFailures       failed subscription calls after which a subscription is parked
 * @param pollInterval      pause between two runs of the poller (its fixed delay)
 * @param pollAfter         a subscribed waybill not heard of (and not polled) for this long is queried
 * @param batchSize         how many subscriptions one run of the subscriber or the poller takes
 * @param maxPollBackoff    the longest wait between two queries of a waybill that stays silent (the wait starts
 *                          at {@code pollAfter} and doubles after each query without news); never below
 *                          {@code pollAfter}
 * @param maxSilence        a waybill the carrier told nothing for this long (since its last update, or its
 *                          subscription) is no longer polled ({@link SubscriptionStatus#SILENT}); keep it longer
 *                          than the journey's lost-parcel timers, so that polling still runs when they fire
 * @param maxSilentPolls    as well: queries in a row without news after which it is no longer polled
 * @param subscribeLease    how long a node holds a waybill it is subscribing (the other nodes leave it meanwhile);
 *                          longer than a subscription call may take (the {@code kdniao} client's connect and read
 *                          timeouts), or another node sends it again during the call and its failure counts twice.
 *                          A node that stops mid-call leaves the waybill to be sent again once it ran out
 */
@ConfigurationProperties("returnflow.carrier.tracking")
record TrackingProperties(Duration subscribeInterval, Duration retryBackoff, Duration maxRetryBackoff,
                                 Integer maxFailures, Duration pollInterval, Duration pollAfter, Integer batchSize,
                                 Duration maxPollBackoff, Duration maxSilence, Integer maxSilentPolls,
                                 Duration subscribeLease) {

    public TrackingProperties {
        subscribeInterval = subscribeInterval != null ? subscribeInterval : Duration.ofSeconds(1);
        retryBackoff = retryBackoff != null ? retryBackoff : Duration.ofSeconds(5);
        maxRetryBackoff = maxRetryBackoff != null ? maxRetryBackoff : Duration.ofMinutes(10);
        maxFailures = maxFailures != null ? maxFailures : 10;
        pollInterval = pollInterval != null ? pollInterval : Duration.ofMinutes(1);
        // production: a carrier that has not pushed for hours is asked; the sandbox sets seconds
        pollAfter = pollAfter != null ? pollAfter : Duration.ofHours(4);
        batchSize = batchSize != null ? batchSize : 50;
        maxPollBackoff = maxPollBackoff != null ? maxPollBackoff : Duration.ofDays(1);
        // production: beyond the journey's lost-parcel timers (days), while customer service looks into it
        maxSilence = maxSilence != null ? maxSilence : Duration.ofDays(30);
        maxSilentPolls = maxSilentPolls != null ? maxSilentPolls : 100;
        if (maxSilentPolls < 1) {
            throw new IllegalArgumentException("returnflow.carrier.tracking.max-silent-polls must be at least 1");
        }
        subscribeLease = subscribeLease != null ? subscribeLease : Duration.ofMinutes(1);
        if (subscribeLease.isNegative() || subscribeLease.isZero()) {
            throw new IllegalArgumentException("returnflow.carrier.tracking.subscribe-lease must be positive");
        }
    }

    /**
     * The wait after the {@code silentPolls}-th query in a row without news: {@link #pollAfter} after the first,
     * doubled after each further one, capped at {@link #maxPollBackoff} (never below {@link #pollAfter}).
     */
    public Duration pollBackoffAfter(int silentPolls) {
        Duration cap = maxPollBackoff.compareTo(pollAfter) > 0 ? maxPollBackoff : pollAfter;
        Duration backoff = pollAfter;
        for (int i = 1; i < silentPolls && backoff.compareTo(cap) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(cap) > 0 ? cap : backoff;
    }

    /** The wait after the {@code failures}-th failed call: doubling from {@link #retryBackoff}, capped. */
    public Duration backoffAfter(int failures) {
        Duration backoff = retryBackoff;
        for (int i = 1; i < failures && backoff.compareTo(maxRetryBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : backoff;
    }
}
