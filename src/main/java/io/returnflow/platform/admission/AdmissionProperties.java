package io.returnflow.platform.admission;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When the endpoints that give the engine work take no more of it ({@code returnflow.admission}): README,
 * "Capacity and overload".
 *
 * @param enabled  off: every request is let through, whatever the load
 * @param inFlight requests of each kind this node handles at once; one more is answered 503 at once
 * @param backlog  the engine's due jobs (cluster-wide) above which new returns are refused until they drain
 * @param retryAfter the bounds of the {@code Retry-After} a refused request is given
 */
@ConfigurationProperties("returnflow.admission")
record AdmissionProperties(boolean enabled, InFlight inFlight, Backlog backlog, RetryAfter retryAfter) {

    public AdmissionProperties {
        if (inFlight == null || backlog == null || retryAfter == null) {
            throw new IllegalArgumentException("returnflow.admission needs in-flight, backlog and retry-after");
        }
    }

    /**
     * @param create   creates of a return (each starts a journey) at once on this node
     * @param progress check-ins and cancellations (each moves a journey on) at once on this node
     */
    public record InFlight(int create, int progress) {

        public InFlight {
            if (create < 1 || progress < 1) {
                throw new IllegalArgumentException("returnflow.admission.in-flight.* must be at least 1");
            }
        }
    }

    /**
     * @param highWater      due jobs at which new returns are refused
     * @param lowWater       due jobs at or below which they are taken again (below the high-water mark, so that
     *                       the node does not flap at the mark)
     * @param sampleInterval how often one thread of each node counts the due jobs
     * @param staleAfter     a count older than this (the database did not answer) refuses nothing: the requests
     *                       then meet the database's own answer
     */
    public record Backlog(long highWater, long lowWater, Duration sampleInterval, Duration staleAfter) {

        public Backlog {
            if (lowWater < 0 || highWater <= lowWater) {
                throw new IllegalArgumentException(
                        "returnflow.admission.backlog: high-water must be above low-water, low-water at least 0");
            }
            if (sampleInterval == null || sampleInterval.isNegative() || sampleInterval.isZero()
                    || staleAfter == null || staleAfter.compareTo(sampleInterval) <= 0) {
                throw new IllegalArgumentException("returnflow.admission.backlog: sample-interval must be positive "
                        + "and stale-after longer");
            }
        }
    }

    /**
     * @param min what a request refused for the in-flight limit is told, and the least any refusal is told
     * @param max the most a refusal is told, also when the backlog's drain rate is not known yet
     */
    public record RetryAfter(Duration min, Duration max) {

        public RetryAfter {
            if (min == null || max == null || min.toSeconds() < 1 || max.compareTo(min) < 0) {
                throw new IllegalArgumentException(
                        "returnflow.admission.retry-after: min at least 1s, max at least min");
            }
        }
    }
}
