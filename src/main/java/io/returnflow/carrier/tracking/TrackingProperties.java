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
 */
@ConfigurationProperties("returnflow.carrier.tracking")
record TrackingProperties(Duration subscribeInterval, Duration retryBackoff, Duration maxRetryBackoff,
                                 Integer maxFailures, Duration pollInterval, Duration pollAfter, Integer batchSize) {

    public TrackingProperties {
        subscribeInterval = subscribeInterval != null ? subscribeInterval : Duration.ofSeconds(1);
        retryBackoff = retryBackoff != null ? retryBackoff : Duration.ofSeconds(5);
        maxRetryBackoff = maxRetryBackoff != null ? maxRetryBackoff : Duration.ofMinutes(10);
        maxFailures = maxFailures != null ? maxFailures : 10;
        pollInterval = pollInterval != null ? pollInterval : Duration.ofMinutes(1);
        // production: a carrier that has not pushed for hours is asked; the sandbox sets seconds
        pollAfter = pollAfter != null ? pollAfter : Duration.ofHours(4);
        batchSize = batchSize != null ? batchSize : 50;
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
