package io.returnflow.dropoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.returnflow.dropoff.CheckInLimiter.Scope;
import io.returnflow.support.MutableClock;

/** Failed attempts in a sliding window, per client and per store; time moved by hand. */
class CheckInLimiterTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:20:00Z"));
    final CheckInLimiter limiter = new CheckInLimiter(new CheckInProperties(Duration.ofMinutes(1), 5, 8, 100), clock);

    @Test
    void theSixthAttemptAfterFiveFailuresWithinAMinuteWaitsUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.check("clerk@10.0.0.1", "S-1")).isEmpty();
            limiter.failed("clerk@10.0.0.1", "S-1");
            clock.advance(Duration.ofSeconds(2));
        }
        // the first failure was 10 s ago: 50 s to go
        var throttle = limiter.check("clerk@10.0.0.1", "S-1").orElseThrow();
        assertThat(throttle.scope()).isEqualTo(Scope.CLIENT);
        assertThat(throttle.retryAfter()).isEqualTo(Duration.ofSeconds(50));
        assertThat(throttle.retryAfterSeconds()).isEqualTo(50);

        clock.advance(Duration.ofMillis(49_500));
        assertThat(limiter.check("clerk@10.0.0.1", "S-1").orElseThrow().retryAfterSeconds())
                .as("rounded up").isEqualTo(1);
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.check("clerk@10.0.0.1", "S-1")).as("the first failure left the window").isEmpty();

        // one more failure: the window again holds five
        limiter.failed("clerk@10.0.0.1", "S-1");
        assertThat(limiter.check("clerk@10.0.0.1", "S-1")).isPresent();
    }

    @Test
    void anotherClientIsNotLimitedByTheFirstClientsFailuresButTheStoreLimitAppliesToAll() {
        for (int i = 0; i < 5; i++) {
            limiter.failed("clerk@10.0.0.1", "S-1");
        }
        assertThat(limiter.check("clerk@10.0.0.1", "S-1")).isPresent();
        assertThat(limiter.check("clerk@10.0.0.2", "S-1")).as("same user, other address").isEmpty();
        assertThat(limiter.check("other@10.0.0.1", "S-1")).isEmpty();

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.check("other@10.0.0.1", "S-1")).isEmpty();
            limiter.failed("other@10.0.0.1", "S-1");
        }
        var store = limiter.check("other@10.0.0.1", "S-1").orElseThrow();
        assertThat(store.scope()).isEqualTo(Scope.STORE);
        assertThat(limiter.check("third@10.0.0.3", "S-1")).isPresent();
        assertThat(limiter.check("third@10.0.0.3", "S-2")).as("another store").isEmpty();
        assertThat(limiter.check("other@10.0.0.1", "S-2")).isEmpty();
    }

    @Test
    void memoryStaysBoundedUnderManyClients() {
        CheckInLimiter small = new CheckInLimiter(new CheckInProperties(Duration.ofMinutes(1), 2, 1000, 3), clock);
        small.failed("a", "S-1");
        small.failed("a", "S-1");
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            small.failed("client-" + i, "S-" + i);
            clock.advance(Duration.ofMillis(10));
        }
        // "a" was the quietest of the full map: forgotten (at most 3 clients are remembered)
        assertThat(small.check("a", "S-1")).isEmpty();
        small.failed("client-49", "S-49");
        assertThat(small.check("client-49", "S-49")).as("the newest are kept").isPresent();
    }
}
