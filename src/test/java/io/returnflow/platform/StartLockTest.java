package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.returnflow.support.SharedPostgres;

/**
 * The start lock on a real PostgreSQL: one holder at a time, the next waits until it is given back, closed, or its
 * holder's connection dies; a wait longer than allowed fails naming the holder. Each test has a database of its own
 * (advisory locks belong to one database).
 */
class StartLockTest {

    private static final Duration VANISHED_HOLDER_AFTER = Duration.ofSeconds(40);
    private static final StartLockProperties WAIT_LONG = new StartLockProperties(Duration.ofMinutes(10),
            Duration.ofMillis(50), Duration.ofSeconds(10), VANISHED_HOLDER_AFTER);
    private static final StartLockProperties NO_WAIT = new StartLockProperties(Duration.ZERO,
            Duration.ofMillis(50), Duration.ofSeconds(10), VANISHED_HOLDER_AFTER);

    private DataSource database;

    @BeforeEach
    void database() {
        String url = SharedPostgres.newDatabase("start_lock");
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        database = SharedPostgres.server().getDatabase("postgres", name);
    }

    @Test
    void aSecondNodeWaitsUntilTheFirstGivesTheLockBack() throws Exception {
        StartLock first = new StartLock(database, WAIT_LONG);
        first.acquire();
        Integer firstSession = first.sessionPid();
        CountDownLatch secondWaits = new CountDownLatch(1);
        AtomicReference<StartLock.Holder> holderSeen = new AtomicReference<>();
        StartLock second = new StartLock(database, WAIT_LONG, (holder, waited) -> {
            holderSeen.compareAndSet(null, holder);
            secondWaits.countDown();
        });
        try {
            CompletableFuture<Void> secondStart = CompletableFuture.runAsync(second::acquire);
            secondWaits.await();

            assertThat(second.held()).isFalse();
            assertThat(secondStart).isNotDone();
            assertThat(holderSeen.get().pid()).isEqualTo(firstSession);
            assertThat(holderSeen.get().application()).startsWith("returnflow start ");

            first.release();
            secondStart.get();
            assertThat(second.held()).isTrue();
            assertThat(first.held()).isFalse();
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void closingGivesTheLockBackAndTakingItTwiceIsTakingItOnce() {
        StartLock first = new StartLock(database, NO_WAIT);
        first.acquire();
        first.acquire();
        first.close();
        StartLock second = new StartLock(database, NO_WAIT);
        try {
            second.acquire();
            assertThat(second.held()).isTrue();
        } finally {
            second.close();
        }
    }

    @Test
    void aHolderWhoseConnectionDiesGivesTheLockBack() throws Exception {
        StartLock first = new StartLock(database, WAIT_LONG);
        first.acquire();
        JdbcClient.create(database).sql("select pg_terminate_backend(?)").param(first.sessionPid())
                .query(Boolean.class).single();
        StartLock second = new StartLock(database, WAIT_LONG);
        try {
            second.acquire();
            assertThat(second.held()).isTrue();
            // the dead holder gives back what it no longer has without failing
            first.release();
            assertThat(first.held()).isFalse();
        } finally {
            second.close();
        }
    }

    /**
     * A holder whose machine vanishes sends no reset: its idle session would hold the lock until the operating
     * system's keepalive (about two hours) while every other start gives up after max-wait. The lock's session asks
     * PostgreSQL to probe it, so that it ends within vanished-holder-after.
     */
    @Test
    void aHolderThatVanishesWithoutClosingIsNoticedWithinVanishedHolderAfter() throws Exception {
        StartLock lock = new StartLock(database, WAIT_LONG);
        try {
            lock.acquire();
            assertThat(lock.sessionSetting("tcp_keepalives_idle")).as("a TCP session, not a Unix socket's")
                    .isNotEqualTo("0");
            long idle = seconds(lock.sessionSetting("tcp_keepalives_idle"));
            long interval = seconds(lock.sessionSetting("tcp_keepalives_interval"));
            long count = Long.parseLong(lock.sessionSetting("tcp_keepalives_count"));
            assertThat(Duration.ofSeconds(idle + interval * count)).as("a vanished holder's session ends after")
                    .isPositive().isLessThanOrEqualTo(VANISHED_HOLDER_AFTER);
        } finally {
            lock.close();
        }
    }

    /** PostgreSQL shows these settings in seconds, with their unit ("10s"), or "0". */
    private static long seconds(String setting) {
        return Long.parseLong(setting.replaceAll("s$", ""));
    }

    @Test
    void waitingLongerThanAllowedFailsTheStartNamingTheHolder() throws Exception {
        StartLock first = new StartLock(database, WAIT_LONG);
        first.acquire();
        StartLock second = new StartLock(database, NO_WAIT);
        try {
            assertThatThrownBy(second::acquire).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("returnflow.start-lock.max-wait")
                    .hasMessageContaining("PostgreSQL session " + first.sessionPid());
            assertThat(second.held()).isFalse();
        } finally {
            first.close();
        }
    }

    @Test
    void onH2ThereIsNothingToLock() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:start-lock-" + System.nanoTime());
        StartLock lock = new StartLock(h2, NO_WAIT);
        lock.acquire();
        assertThat(lock.held()).isFalse();
        lock.release();
    }
}
