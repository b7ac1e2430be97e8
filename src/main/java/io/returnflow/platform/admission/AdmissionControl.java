package io.returnflow.platform.admission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, in memory and without waiting, whether a request that gives the engine work is taken or refused
 * (503 with {@code Retry-After}), so that the journeys already started keep the machine when more arrive than it
 * can carry:
 * <ul>
 *   <li>each kind of work ({@link Work}) has an in-flight limit on this node: one request more is refused at
 *       once instead of queueing for a thread, a database connection and the CPU the job executor needs;</li>
 *   <li>new returns are refused while the engine's backlog (due jobs, cluster-wide, counted by one thread every
 *       {@code sample-interval}) is at or above the high-water mark, until it is back at the low-water mark
 *       (hysteresis). Check-ins and cancellations move journeys already taken on, and only meet their
 *       in-flight limit.</li>
 * </ul>
 * A refusal's {@code Retry-After} is the backlog above the low-water mark divided by the rate at which it was
 * last seen to drain, within {@code retry-after.min} and {@code max}. Counted as
 * {@code returnflow_requests_shed_total{endpoint, reason}}; the backlog is the gauge {@code returnflow_jobs_backlog}.
 *
 * <p><b>Per node on purpose:</b> the in-flight limits guard this node's threads, connections and CPU, so each node
 * counts only its own requests (n nodes take n times the limit, having n times the capacity), and a restart starts
 * from zero, as its capacity does. The backlog is the cluster's: counted from the shared database, so every node
 * refuses new returns at the same mark.
 */
class AdmissionControl {

    private static final Logger log = LoggerFactory.getLogger(AdmissionControl.class);
    /** Weight of the newest drain rate seen against the ones before it. */
    private static final double DRAIN_SMOOTHING = 0.5;

    /** What a request does to the journeys. */
    public enum Work {
        /** starts a journey */
        CREATE,
        /** moves a started journey on */
        PROGRESS
    }

    /** The endpoints admission control guards, named as in the metric's {@code endpoint} tag. */
    public enum Endpoint {
        CREATE_RETURN("create-return", Work.CREATE),
        CHECK_IN("check-in", Work.PROGRESS),
        CANCEL_RETURN("cancel-return", Work.PROGRESS);

        private final String tag;
        private final Work work;

        Endpoint(String tag, Work work) {
            this.tag = tag;
            this.work = work;
        }

        public String tag() {
            return tag;
        }

        public Work work() {
            return work;
        }
    }

    /** Why a request was refused, as in the metric's {@code reason} tag. */
    public enum Reason {
        /** the engine's backlog is above its mark */
        BACKLOG("backlog"),
        /** this node handles as many of these requests as it may at once */
        IN_FLIGHT("in-flight");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** The answer to a request. */
    public sealed interface Decision permits Admitted, Shed {
    }

    /** Taken: {@link #close()} when the request has been answered, to free its place. */
    public static final class Admitted implements Decision, AutoCloseable {

        private static final Admitted UNLIMITED = new Admitted(null);
        private final Semaphore places;
        private boolean closed;

        private Admitted(Semaphore places) {
            this.places = places;
        }

        @Override
        public void close() {
            if (places != null && !closed) {
                closed = true;
                places.release();
            }
        }
    }

    /** Refused: answer 503, and tell the client to repeat the request after {@code retryAfterSeconds}. */
    public record Shed(Endpoint endpoint, Reason reason, long retryAfterSeconds) implements Decision {
    }

    /** The last count of the backlog and what was concluded from it. */
    private record BacklogState(long jobs, Instant sampledAt, boolean shedding, double drainPerSecond) {
    }

    private final AdmissionProperties properties;
    private final Clock clock;
    private final Map<Work, Semaphore> places = new EnumMap<>(Work.class);
    private final Map<Endpoint, Map<Reason, Counter>> shed = new EnumMap<>(Endpoint.class);
    private volatile BacklogState backlog;

    public AdmissionControl(AdmissionProperties properties, Clock clock, MeterRegistry registry) {
        this.properties = properties;
        this.clock = clock;
        places.put(Work.CREATE, new Semaphore(properties.inFlight().create()));
        places.put(Work.PROGRESS, new Semaphore(properties.inFlight().progress()));
        backlog = new BacklogState(0, Instant.MIN, false, 0);
        for (Endpoint endpoint : Endpoint.values()) {
            Map<Reason, Counter> byReason = new EnumMap<>(Reason.class);
            for (Reason reason : Reason.values()) {
                byReason.put(reason, Counter.builder("returnflow.requests.shed")
                        .description("Requests refused with 503 before any work, by endpoint and reason (this node)")
                        .tag("endpoint", endpoint.tag()).tag("reason", reason.tag())
                        .register(registry));
            }
            shed.put(endpoint, byReason);
        }
        Gauge.builder("returnflow.jobs.backlog", this, control -> control.backlog.jobs())
                .description("Engine jobs due and not yet done, at the last count (cluster-wide)")
                .register(registry);
        Gauge.builder("returnflow.admission.shedding", this, control -> control.sheddingCreates() ? 1 : 0)
                .description("1 while new returns are refused for the engine's backlog (this node)")
                .register(registry);
    }

    /** Takes or refuses one request; never waits. */
    public Decision admit(Endpoint endpoint) {
        if (!properties.enabled()) {
            return Admitted.UNLIMITED;
        }
        if (endpoint.work() == Work.CREATE) {
            BacklogState state = backlog;
            if (state.shedding() && fresh(state)) {
                return refuse(endpoint, Reason.BACKLOG, retryAfter(state));
            }
        }
        Semaphore limit = places.get(endpoint.work());
        if (!limit.tryAcquire()) {
            return refuse(endpoint, Reason.IN_FLIGHT, properties.retryAfter().min().toSeconds());
        }
        return new Admitted(limit);
    }

    /** A new count of the due jobs (the sampler's thread, one writer). */
    public void backlogSampled(long jobs) {
        BacklogState before = backlog;
        Instant now = clock.instant();
        double drain = before.drainPerSecond();
        if (before.sampledAt() != Instant.MIN && jobs < before.jobs()) {
            double seconds = Duration.between(before.sampledAt(), now).toMillis() / 1000.0;
            if (seconds > 0) {
                double seen = (before.jobs() - jobs) / seconds;
                drain = drain == 0 ? seen : DRAIN_SMOOTHING * seen + (1 - DRAIN_SMOOTHING) * drain;
            }
        }
        AdmissionProperties.Backlog marks = properties.backlog();
        boolean shedding = before.shedding() && fresh(before) ? jobs > marks.lowWater() : jobs >= marks.highWater();
        if (shedding != (before.shedding() && fresh(before))) {
            if (shedding) {
                log.warn("Engine backlog at {} due jobs (high-water mark {}): new returns are refused (503) until "
                        + "it is down to {}", jobs, marks.highWater(), marks.lowWater());
            } else {
                log.info("Engine backlog down to {} due jobs: new returns are taken again", jobs);
            }
        }
        backlog = new BacklogState(jobs, now, shedding, drain);
    }

    /** Whether a new return would now be refused for the backlog. */
    public boolean sheddingCreates() {
        BacklogState state = backlog;
        return properties.enabled() && state.shedding() && fresh(state);
    }

    /** The due jobs at the last count. */
    public long backlog() {
        return backlog.jobs();
    }

    private boolean fresh(BacklogState state) {
        return !clock.instant().isAfter(state.sampledAt().plus(properties.backlog().staleAfter()));
    }

    private long retryAfter(BacklogState state) {
        long min = properties.retryAfter().min().toSeconds();
        long max = properties.retryAfter().max().toSeconds();
        if (state.drainPerSecond() <= 0) {
            return max;
        }
        double seconds = (state.jobs() - properties.backlog().lowWater()) / state.drainPerSecond();
        return Math.max(min, Math.min(max, (long) Math.ceil(seconds)));
    }

    private Shed refuse(Endpoint endpoint, Reason reason, long retryAfterSeconds) {
        shed.get(endpoint).get(reason).increment();
        return new Shed(endpoint, reason, retryAfterSeconds);
    }
}
