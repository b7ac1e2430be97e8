package io.returnflow.support;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A fresh database with the product's migrations applied. */
public record MigratedDatabase(DataSource dataSource, JdbcClient jdbc, DataSourceTransactionManager transactions) {

    /** H2, as the embedded default runs. */
    public static MigratedDatabase migrated() {
        // a connection per use (not one shared connection), so that transactions of their own are real
        return migrated(new DriverManagerDataSource(
                "jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
    }

    /** A fresh database on the shared PostgreSQL, as production runs. */
    public static MigratedDatabase onPostgres() {
        return migrated(new DriverManagerDataSource(SharedPostgres.newDatabase("test"), "postgres", "postgres"));
    }

    private static MigratedDatabase migrated(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return new MigratedDatabase(dataSource, JdbcClient.create(dataSource), new DataSourceTransactionManager(dataSource));
    }
}
