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
 * @param vanishedHolderAfter how soon PostgreSQL ends the lock's session when the holder's machine or network is
 *                       gone without closing the connection (no TCP reset): the holder's session is idle for its
 *                       whole start, so only TCP keepalive notices; the server's default (the operating system's,
 *                       about two hours) would keep every other start waiting. Split into the session's
 *                       {@code tcp_keepalives_idle} and {@value #KEEPALIVE_PROBES} probes of
 *                       {@code tcp_keepalives_interval}, whole seconds each
 */
@ConfigurationProperties("returnflow.start-lock")
record StartLockProperties(@DefaultValue("10m") Duration maxWait, @DefaultValue("500ms") Duration pollInterval,
                           @DefaultValue("10s") Duration reportInterval,
                           @DefaultValue("40s") Duration vanishedHolderAfter) {

    /** Unanswered keepalive probes after which PostgreSQL gives the connection up. */
    static final int KEEPALIVE_PROBES = 3;

    StartLockProperties {
        if (maxWait.isNegative() || pollInterval.isNegative() || pollInterval.isZero() || reportInterval.isNegative()
                || reportInterval.isZero()) {
            throw new IllegalArgumentException("returnflow.start-lock: max-wait must not be negative, poll-interval"
                    + " and report-interval must be positive");
        }
        if (vanishedHolderAfter == null || vanishedHolderAfter.toSeconds() < KEEPALIVE_PROBES + 1) {
            throw new IllegalArgumentException("returnflow.start-lock.vanished-holder-after must be at least "
                    + (KEEPALIVE_PROBES + 1) + " s (whole seconds: the idle time and each probe's interval)");
        }
    }

    /** The seconds the lock's connection stays idle before PostgreSQL's first keepalive probe, and between probes. */
    long keepaliveSeconds() {
        return vanishedHolderAfter.toSeconds() / (KEEPALIVE_PROBES + 1);
    }
}
