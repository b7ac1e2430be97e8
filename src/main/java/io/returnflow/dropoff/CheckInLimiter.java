package io.returnflow.dropoff;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Counts failed check-in attempts (wrong codes) in a sliding window, per client and per store, and
 * says when the next attempt must wait.
 *
 * <p><b>Per node:</b> the counts live in this node's memory (a check-in stays one database lookup),
 * so behind a load balancer spreading one client over n nodes the effective limits are up to n times
 * the configured ones, and a restart forgets them. That still bounds guessing: a code has 44 random
 * bits. Memory is bounded: each key keeps only its newest {@code limit} failure times, and at most
 * {@link CheckInProperties#maxTracked()} keys are kept (stale ones are swept first, then the
 * quietest forgotten).
 *
 * <p>Two wrong attempts racing past the check at the same instant may both be answered; the limit
 * is a brake on guessing, not an exact quota.
 */
@Component
class CheckInLimiter {

    private final CheckInProperties properties;
    private final Clock clock;
    /** client key → epoch millis of its newest failures, oldest first (replaced, never mutated). */
    private final Map<String, long[]> clients = new ConcurrentHashMap<>();
    private final Map<String, long[]> stores = new ConcurrentHashMap<>();

    public CheckInLimiter(CheckInProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** Whose failures stopped the attempt. */
    public enum Scope { CLIENT, STORE }

    /** The attempt must wait this long, because of the client's or the store's failures. */
    public record Throttle(Scope scope, Duration retryAfter) {

        /** Whole seconds for a {@code Retry-After} header, rounded up, at least 1. */
        public long retryAfterSeconds() {
            long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }
    }

    /** Empty when an attempt by this client at this store may go ahead now. */
    public Optional<Throttle> check(String client, String storeId) {
        long now = clock.millis();
        Optional<Duration> byClient = waitFor(clients.get(client), properties.clientFailures(), now);
        Optional<Duration> byStore = waitFor(stores.get(storeId), properties.storeFailures(), now);
        if (byClient.isPresent() && (byStore.isEmpty() || byClient.get().compareTo(byStore.get()) >= 0)) {
            return Optional.of(new Throttle(Scope.CLIENT, byClient.get()));
        }
        return byStore.map(wait -> new Throttle(Scope.STORE, wait));
    }

    /** Records a failed attempt (a wrong code) by this client at this store. */
    public void failed(String client, String storeId) {
        long now = clock.millis();
        record(clients, client, properties.clientFailures(), now);
        record(stores, storeId, properties.storeFailures(), now);
    }

    private Optional<Duration> waitFor(long[] failures, int limit, long now) {
        if (failures == null || failures.length < limit) {
            return Optional.empty();
        }
        // the array holds the newest `limit` failures: the oldest of them frees a place when it leaves the window
        long freeAt = failures[failures.length - limit] + properties.window().toMillis();
        return freeAt > now ? Optional.of(Duration.ofMillis(freeAt - now)) : Optional.empty();
    }

    private void record(Map<String, long[]> failures, String key, int limit, long now) {
        if (failures.size() >= properties.maxTracked() && !failures.containsKey(key)) {
            makeRoom(failures, now);
        }
        failures.compute(key, (k, previous) -> {
            long[] kept = previous == null ? new long[0] : previous;
            int from = Math.max(0, kept.length + 1 - limit);
            long[] next = Arrays.copyOf(Arrays.copyOfRange(kept, from, kept.length), kept.length - from + 1);
            next[next.length - 1] = now;
            return next;
        });
    }

    private void makeRoom(Map<String, long[]> failures, long now) {
        long windowStart = now - properties.window().toMillis();
        failures.entrySet().removeIf(e -> e.getValue()[e.getValue().length - 1] <= windowStart);
        while (failures.size() >= properties.maxTracked()) {
            failures.entrySet().stream()
                    .min(Comparator.comparingLong(e -> e.getValue()[e.getValue().length - 1]))
                    .ifPresent(e -> failures.remove(e.getKey(), e.getValue()));
        }
    }
}
