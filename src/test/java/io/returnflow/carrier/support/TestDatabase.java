package io.returnflow.carrier.support;

import java.util.UUID;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** A fresh database with the application's migrations applied (no Spring context). */
public record TestDatabase(DataSource dataSource, JdbcClient jdbc, DataSourceTransactionManager transactions) {

    /** In-memory H2, as the embedded default runs. */
    public static TestDatabase migrated() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:carrier-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return migrated(ds);
    }

    /** A fresh database on a running PostgreSQL, as production runs. */
    public static TestDatabase migrated(EmbeddedPostgres postgres) {
        String name = "carrier_" + UUID.randomUUID().toString().replace("-", "");
        JdbcClient.create(postgres.getPostgresDatabase()).sql("create database " + name).update();
        return migrated(postgres.getDatabase("postgres", name));
    }

    private static TestDatabase migrated(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new TestDatabase(ds, JdbcClient.create(ds), new DataSourceTransactionManager(ds));
    }
}
