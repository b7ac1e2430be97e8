package io.returnflow.carrier.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the carrier inbox works off what carriers pushed.
 *
 * @param pollInterval    pause between two polls (the poller's fixed delay)
 * @param retryBackoff    how long an entry waits after "not ready yet" or a failure
 * @param maxNotReadyAge  how long after receipt an entry may stay "not ready" before it is parked
 * @param maxFailures     how many failed attempts (exceptions) park an entry
 * @param batchSize       how many due entries one poll takes
 */
@ConfigurationProperties("returnflow.carrier.inbox")
public record CarrierInboxProperties(Duration pollInterval, Duration retryBackoff, Duration maxNotReadyAge,
                                     Integer maxFailures, Integer batchSize) {

    public CarrierInboxProperties {
        pollInterval = pollInterval != null ? pollInterval : Duration.ofMillis(500);
        retryBackoff = retryBackoff != null ? retryBackoff : Duration.ofSeconds(2);
        maxNotReadyAge = maxNotReadyAge != null ? maxNotReadyAge : Duration.ofHours(1);
        maxFailures = maxFailures != null ? maxFailures : 10;
        batchSize = batchSize != null ? batchSize : 50;
    }

    /** All defaults. */
    public static CarrierInboxProperties defaults() {
        return new CarrierInboxProperties(null, null, null, null, null);
    }
}
