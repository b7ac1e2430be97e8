package io.returnflow.dropoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.dropoff.CheckInAudit.Attempt;
import io.returnflow.dropoff.CheckInAudit.Kind;
import io.returnflow.dropoff.CheckInAudit.Outcome;
import io.returnflow.dropoff.CheckInLimiter.Scope;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;

/**
 * Failed attempts in a sliding window, per client and per store, counted from the audit on a migrated database;
 * time moved by hand. Two limiters with audits of their own on one database stand for two nodes.
 */
class CheckInLimiterTest {

    static final CheckInProperties LIMITS = new CheckInProperties(Duration.ofMinutes(1), 5, 8);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:20:00Z"));
    MigratedDatabase db;
    /** One node: its limiter and its audit. */
    Node node;

    /** The database the tests run on; H2 here, PostgreSQL in {@link CheckInLimiterPostgresTest}. */
    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }

    @BeforeEach
    void setUp() {
        db = database();
        node = new Node();
    }

    /** What one node holds: nothing of the counts, which are the database's. */
    final class Node {
        final CheckInLimiter limiter = new CheckInLimiter(db.jdbc(), LIMITS, clock);
        final CheckInAudit audit = new CheckInAudit(db.jdbc(), db.transactions());

        boolean allowed(String clerk, String address, String store) {
            return limiter.check(clerk, address, store).isEmpty();
        }

        void attempted(String clerk, String address, String store, Outcome outcome) {
            audit.record(new Attempt(OffsetDateTime.now(clock), store, clerk, address, Kind.CHECK_IN, outcome, null,
                    null, 3));
        }

        void failed(String clerk, String address, String store) {
            attempted(clerk, address, store, Outcome.UNKNOWN);
        }
    }

    @Test
    void theSixthAttemptAfterFiveFailuresWithinAMinuteWaitsUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < 5; i++) {
            assertThat(node.limiter.check("clerk", "10.0.0.1", "S-1")).isEmpty();
            node.failed("clerk", "10.0.0.1", "S-1");
            clock.advance(Duration.ofSeconds(2));
        }
        // the first failure was 10 s ago: 50 s to go
        var throttle = node.limiter.check("clerk", "10.0.0.1", "S-1").orElseThrow();
        assertThat(throttle.scope()).isEqualTo(Scope.CLIENT);
        assertThat(throttle.retryAfter()).isEqualTo(Duration.ofSeconds(50));
        assertThat(throttle.retryAfterSeconds()).isEqualTo(50);

        clock.advance(Duration.ofMillis(49_500));
        assertThat(node.limiter.check("clerk", "10.0.0.1", "S-1").orElseThrow().retryAfterSeconds())
                .as("rounded up").isEqualTo(1);
        clock.advance(Duration.ofMillis(500));
        assertThat(node.limiter.check("clerk", "10.0.0.1", "S-1")).as("the first failure left the window").isEmpty();

        // one more failure: the window again holds five
        node.failed("clerk", "10.0.0.1", "S-1");
        assertThat(node.limiter.check("clerk", "10.0.0.1", "S-1")).isPresent();
    }

    @Test
    void anotherClientIsNotLimitedByTheFirstClientsFailuresButTheStoreLimitAppliesToAll() {
        for (int i = 0; i < 5; i++) {
            node.failed("clerk", "10.0.0.1", "S-1");
        }
        assertThat(node.limiter.check("clerk", "10.0.0.1", "S-1")).isPresent();
        assertThat(node.allowed("clerk", "10.0.0.2", "S-1")).as("same user, other address").isTrue();
        assertThat(node.allowed("other", "10.0.0.1", "S-1")).isTrue();

        for (int i = 0; i < 3; i++) {
            assertThat(node.allowed("other", "10.0.0.1", "S-1")).isTrue();
            node.failed("other", "10.0.0.1", "S-1");
        }
        var store = node.limiter.check("other", "10.0.0.1", "S-1").orElseThrow();
        assertThat(store.scope()).isEqualTo(Scope.STORE);
        assertThat(node.allowed("third", "10.0.0.3", "S-1")).isFalse();
        assertThat(node.allowed("third", "10.0.0.3", "S-2")).as("another store").isTrue();
        assertThat(node.allowed("other", "10.0.0.1", "S-2")).isTrue();
    }

    @Test
    void onlyWrongCodesCount() {
        for (Outcome outcome : Outcome.values()) {
            if (!outcome.isWrongCode()) {
                for (int i = 0; i < 8; i++) {
                    node.attempted("clerk", "10.0.0.1", "S-1", outcome);
                }
            }
        }
        assertThat(node.allowed("clerk", "10.0.0.1", "S-1")).isTrue();

        for (Outcome outcome : Outcome.values()) {
            if (outcome.isWrongCode()) {
                node.attempted("clerk", "10.0.0.1", "S-1", outcome);
            }
        }
        assertThat(Outcome.values()).filteredOn(Outcome::isWrongCode).hasSizeGreaterThanOrEqualTo(5);
        assertThat(node.allowed("clerk", "10.0.0.1", "S-1")).as("each kind of wrong code counts").isFalse();
    }

    @Test
    void twoNodesEnforceTheLimitsTogetherAndARestartForgetsNothing() {
        Node other = new Node();
        for (int i = 0; i < 3; i++) {
            node.failed("clerk", "10.0.0.1", "S-1");
            other.failed("clerk", "10.0.0.1", "S-1");
            clock.advance(Duration.ofSeconds(1));
        }
        // six failures, three on each node: each node would still allow one by its own count (limit 5)
        assertThat(node.limiter.check("clerk", "10.0.0.1", "S-1").orElseThrow().scope()).isEqualTo(Scope.CLIENT);
        assertThat(other.limiter.check("clerk", "10.0.0.1", "S-1").orElseThrow().retryAfter())
                .as("the fifth newest failure (the first on the other node, 3 s ago) leaves in 57 s")
                .isEqualTo(Duration.ofSeconds(57));

        for (int i = 0; i < 2; i++) {
            node.failed("other", "10.0.0.2", "S-1");
        }
        assertThat(other.limiter.check("someone", "10.0.0.3", "S-1").orElseThrow().scope())
                .as("eight failures at the store, from both nodes").isEqualTo(Scope.STORE);

        Node restarted = new Node();
        assertThat(restarted.allowed("clerk", "10.0.0.1", "S-1")).isFalse();
        assertThat(restarted.allowed("someone", "10.0.0.3", "S-1")).isFalse();
    }

    @Test
    void concurrentAttemptsOnTwoNodesAreAllCountedAndPassTheLimitByAtMostOneEach() throws Exception {
        int nodes = 2;
        List<Node> cluster = List.of(node, new Node());
        CyclicBarrier together = new CyclicBarrier(nodes);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<Integer>> allowed = new ArrayList<>();
            for (Node each : cluster) {
                allowed.add(pool.submit(() -> {
                    int passed = 0;
                    // every round both nodes check at the same moment, then record a wrong code if allowed
                    try {
                        for (int round = 0; round < 10; round++) {
                            together.await();
                            if (each.allowed("clerk", "10.0.0.1", "S-1")) {
                                each.failed("clerk", "10.0.0.1", "S-1");
                                passed++;
                            }
                        }
                        return passed;
                    } catch (RuntimeException failed) {
                        together.reset();    // the other node stops waiting for this one
                        throw failed;
                    }
                }));
            }
            int passed = 0;
            for (Future<Integer> each : allowed) {
                passed += each.get();
            }
            // alone, each node's memory would have let 5 through: 10 in all
            assertThat(passed).as("the limit, plus at most one attempt in flight on the other node")
                    .isBetween(LIMITS.clientFailures(), LIMITS.clientFailures() + nodes - 1);
            assertThat(db.jdbc().sql("select count(*) from check_in_attempts").query(Integer.class).single())
                    .as("no failure lost").isEqualTo(passed);
        } finally {
            pool.shutdownNow();
        }
    }
}
