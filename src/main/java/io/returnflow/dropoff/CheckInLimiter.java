package io.returnflow.dropoff;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.returnflow.dropoff.CheckInAudit.Outcome;
import io.returnflow.platform.Text;

/**
 * Counts failed check-in attempts (wrong codes) in a sliding window, per client (user and address) and per
 * store, and says when the next attempt must wait.
 *
 * <p>The failures are the counter's audit itself ({@code check_in_attempts}, written by {@link CheckInAudit}
 * for every attempt): the limits hold for the whole cluster, every node counts every node's failures, and a
 * restart forgets nothing. A failure costs no extra write; {@link #check} is one statement with two indexed
 * look-ups (client: {@code check_in_attempts_client_idx}, store: {@code check_in_attempts_store_idx}) that
 * read at most the newest {@code limit} failures of each within the window. Storage is the audit's, bounded
 * by its retention ({@link CheckInAuditCleanup}, never shorter than the window).
 *
 * <p>The limit is a brake on guessing, not an exact quota: an attempt is counted when its audit row commits,
 * after the code was looked up, so attempts checked at the same moment (on one node or several) all go ahead
 * before any of them counts: with {@code k} such attempts in flight at most {@code k - 1} wrong codes pass the
 * limit. None is lost: each is a row of its own, and the next check sees them all. An attempt whose audit row
 * could not be written (the database failing) is not counted.
 */
@Component
class CheckInLimiter {

    /** The outcomes counted: wrong codes. */
    private static final List<String> WRONG_CODES = Arrays.stream(Outcome.values())
            .filter(Outcome::isWrongCode).map(Outcome::name).toList();

    private final JdbcClient jdbc;
    private final CheckInProperties properties;
    private final Clock clock;

    public CheckInLimiter(JdbcClient jdbc, CheckInProperties properties, Clock clock) {
        this.jdbc = jdbc;
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

    /**
     * Empty when an attempt by this client at this store may go ahead now.
     *
     * @param clerkId the user, as {@link CheckInAudit} records it ({@code clerk_id})
     * @param address the client's address, as {@link CheckInAudit} records it ({@code client_address})
     */
    public Optional<Throttle> check(String clerkId, String address, String storeId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        // the limit-th newest failure within the window frees a place when it leaves the window: until then wait
        Oldest oldest = jdbc.sql("""
                        select
                          (select attempted_at from check_in_attempts
                            where clerk_id = :clerk and client_address = :address and attempted_at > :since
                              and outcome in (:wrong)
                            order by attempted_at desc offset :clientSkip rows fetch next 1 rows only) as by_client,
                          (select attempted_at from check_in_attempts
                            where store_id = :store and attempted_at > :since and outcome in (:wrong)
                            order by attempted_at desc offset :storeSkip rows fetch next 1 rows only) as by_store
                        """)
                .param("clerk", Text.fit(clerkId, 64)).param("address", Text.fit(address, 64))
                .param("store", Text.fit(storeId, 32)).param("since", now.minus(properties.window()))
                .param("wrong", WRONG_CODES)
                .param("clientSkip", properties.clientFailures() - 1).param("storeSkip", properties.storeFailures() - 1)
                .query((rs, row) -> new Oldest(rs.getObject("by_client", OffsetDateTime.class),
                        rs.getObject("by_store", OffsetDateTime.class)))
                .single();
        Optional<Duration> byClient = waitFor(oldest.byClient(), now);
        Optional<Duration> byStore = waitFor(oldest.byStore(), now);
        if (byClient.isPresent() && (byStore.isEmpty() || byClient.get().compareTo(byStore.get()) >= 0)) {
            return Optional.of(new Throttle(Scope.CLIENT, byClient.get()));
        }
        return byStore.map(wait -> new Throttle(Scope.STORE, wait));
    }

    /** The limit-th newest failure within the window, of the client and of the store; null when fewer. */
    private record Oldest(OffsetDateTime byClient, OffsetDateTime byStore) {
    }

    private Optional<Duration> waitFor(OffsetDateTime limitThNewest, OffsetDateTime now) {
        if (limitThNewest == null) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, limitThNewest.plus(properties.window()));
        return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
    }
}
