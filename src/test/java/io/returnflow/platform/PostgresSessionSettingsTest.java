package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.returnflow.support.SharedPostgres;

/**
 * The PostgreSQL sessions of the {@code postgres} profile: PostgreSQL ends a session left idle inside a transaction
 * (a node that vanished mid-transaction) after 45 s, sooner than the job lock expires, and later than a live job's
 * transaction may sit idle while the job waits on other systems (its call budget); statements and lock waits stay
 * unbounded (schema creation, migrations, history cleanup, the concurrent index build).
 */
class PostgresSessionSettingsTest {

    @Test
    void theProfilesConnectionsEndSessionsIdleInATransactionBeforeTheJobLockExpires() throws Exception {
        var binder = JobCallBudgetCheckTest.binder(List.of("application.yaml", "application-postgres.yaml"));
        Map<String, String> driverProperties = binder.bind("spring.datasource.hikari.data-source-properties",
                Bindable.mapOf(String.class, String.class)).get();
        Properties properties = new Properties();
        properties.putAll(driverProperties);
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(SharedPostgres.newDatabase("session_settings"));
            dataSource.setUsername("postgres");
            dataSource.setPassword("postgres");
            dataSource.setDataSourceProperties(properties);
            JdbcClient jdbc = JdbcClient.create(dataSource);

            long idleInTransaction = jdbc.sql("select setting::bigint from pg_settings where name = "
                    + "'idle_in_transaction_session_timeout'").query(Long.class).single();
            long lockTime = binder.bind(JobCallBudgetCheck.LOCK_TIME, Long.class).get();
            // a job's transaction waits idle while the job calls other systems, up to the call budget the start
            // allows (JobCallBudgetCheck): PostgreSQL must not end a live job's session at its budget's end
            double callShare = binder.bind(JobCallBudgetCheck.BUDGET, JobCallBudgetProperties.class).get()
                    .maxShareOfLock();
            long callBudget = (long) (lockTime * callShare);
            assertThat(idleInTransaction).isEqualTo(45_000).isGreaterThan(callBudget).isLessThan(lockTime);
            assertThat(jdbc.sql("show statement_timeout").query(String.class).single()).isEqualTo("0");
            assertThat(jdbc.sql("show lock_timeout").query(String.class).single()).isEqualTo("0");
        }
    }
}
