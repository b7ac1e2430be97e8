package io.returnflow.carrier.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How the carrier inbox works off what carriers pushed.
 *
 * @param pollInterval    pause between two polls (the poller's fixed delay)
 * @param retryBackoff    how long an entry waits after "not ready yet" or a failure
 * @param maxNotReadyAge  how long after receipt an entry may stay "not ready" before it is parked
 * @param maxFailures     how many failed attempts (exceptions) park an entry
 * @param batchSize       how many due entries one poll takes
 * @param maxPushSize     the largest body a carrier webhook takes; a larger one is refused with 413
 *                        ({@link PushSizeLimit})
 */
@ConfigurationProperties("returnflow.carrier.inbox")
public record CarrierInboxProperties(Duration pollInterval, Duration retryBackoff, Duration maxNotReadyAge,
                                     Integer maxFailures, Integer batchSize, DataSize maxPushSize) {

    public CarrierInboxProperties {
        pollInterval = pollInterval != null ? pollInterval : Duration.ofMillis(500);
        retryBackoff = retryBackoff != null ? retryBackoff : Duration.ofSeconds(2);
        maxNotReadyAge = maxNotReadyAge != null ? maxNotReadyAge : Duration.ofHours(1);
        maxFailures = maxFailures != null ? maxFailures : 10;
        batchSize = batchSize != null ? batchSize : 50;
        maxPushSize = maxPushSize != null ? maxPushSize : DataSize.ofMegabytes(1);
        // the body is held in memory as one array
        if (maxPushSize.toBytes() < 1 || maxPushSize.toBytes() >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("returnflow.carrier.inbox.max-push-size must be between 1B and 2GB, not "
                    + maxPushSize);
        }
    }

    /** All defaults. */
    public static CarrierInboxProperties defaults() {
        return new CarrierInboxProperties(null, null, null, null, null, null);
    }
}
