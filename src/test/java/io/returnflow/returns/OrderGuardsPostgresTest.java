package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.returnflow.support.Eventually;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.SharedPostgres;

/** The order's payment on PostgreSQL, as production fixes it: the same answers as on H2, and under a race. */
class OrderGuardsPostgresTest extends OrderGuardsTest {

    /** How long a step of the race may take on a busy machine; the wait ends as soon as it is seen. */
    static final Duration PATIENCE = Duration.ofMinutes(2);

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }

    @Override
    protected DataSource emptyDatabase() {
        return new DriverManagerDataSource(SharedPostgres.newDatabase("test"), "postgres", "postgres");
    }

    @Test
    void twoFirstReturnsOfAnOrderAtOnceFixOnePayment() throws Exception {
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Future<OrderGuards.OrderPayment> first = nodes.submit(() -> inTransaction(() -> {
                OrderGuards.OrderPayment paid = guards.lock("SO-RACE", PAID_100);
                firstHolds.countDown();
                awaitUninterruptibly(firstMayCommit);
                return paid;
            }));
            firstHolds.await();
            Future<OrderGuards.OrderPayment> second = nodes.submit(() -> inTransaction(
                    () -> guards.lock("SO-RACE", PAID_300)));
            // the second return's insert waits for the first's uncommitted guard row
            Eventually.await("the second return waiting for the order's guard row", PATIENCE,
                    () -> db.jdbc().sql("select count(*) from pg_stat_activity where datname = current_database()"
                            + " and wait_event_type = 'Lock'").query(Long.class).single() > 0);
            firstMayCommit.countDown();

            assertThat(first.get()).isEqualTo(PAID_100);
            assertThat(second.get()).as("the payment the first return fixed, not the one it stated")
                    .isEqualTo(PAID_100);
            assertThat(guards.payment("SO-RACE")).contains(PAID_100);
        } finally {
            firstMayCommit.countDown();
            nodes.shutdown();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
