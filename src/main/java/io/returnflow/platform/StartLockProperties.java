package io.returnflow.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a node waits for the cluster-wide start lock ({@code returnflow.start-lock.*}, read by {@link StartLock}).
 *
 * @param maxWait        how long a node waits for another node's start before it gives up and does not start: a
 *                       normal start holds the lock for seconds (the first on an empty database: the schema, about
 *                       half a minute on a busy machine); a longer wait means a node hangs in its start
 * @param pollInterval   how often a waiting node asks again
 * @param reportInterval how often a waiting node logs who it waits for
 */
@ConfigurationProperties("returnflow.start-lock")
record StartLockProperties(@DefaultValue("10m") Duration maxWait, @DefaultValue("500ms") Duration pollInterval,
                           @DefaultValue("10s") Duration reportInterval) {

    StartLockProperties {
        if (maxWait.isNegative() || pollInterval.isNegative() || pollInterval.isZero() || reportInterval.isNegative()
                || reportInterval.isZero()) {
            throw new IllegalArgumentException("returnflow.start-lock: max-wait must not be negative, poll-interval"
                    + " and report-interval must be positive");
        }
    }
}
