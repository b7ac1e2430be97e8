package io.returnflow.carrier.support;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** A fresh in-memory H2 database with the application's migrations applied (no Spring context). */
public record TestDatabase(DataSource dataSource, JdbcClient jdbc, DataSourceTransactionManager transactions) {

    public static TestDatabase migrated() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:carrier-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new TestDatabase(ds, JdbcClient.create(ds), new DataSourceTransactionManager(ds));
    }
}
