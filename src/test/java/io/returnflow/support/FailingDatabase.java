package io.returnflow.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import javax.sql.DataSource;

import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's DataSource, which a test switches to failing the way a PostgreSQL that went away does:
 * {@link Mode#POOL_TIMEOUT}, every {@code getConnection} throws what HikariCP throws when its pool timeout passes
 * without a connection (a {@link SQLTransientConnectionException} over the driver's "connection refused", SQLState
 * 08001); {@link Mode#BROKEN_CONNECTIONS}, connections are handed out but every use of them (a statement, a commit,
 * a rollback) throws the driver's {@code PSQLException} of SQLState 08006, as on a socket the network cut.
 * {@link #target()} is the database behind it, for the test's own look while the application's is away.
 * Installed by {@link Installer} around the application's DataSource bean.
 */
public final class FailingDatabase extends DelegatingDataSource {

    public enum Mode { UP, POOL_TIMEOUT, BROKEN_CONNECTIONS }

    /** What a connection may still be asked while broken: giving it back to the pool. */
    private static final Set<String> HARMLESS = Set.of("close", "isClosed", "unwrap", "isWrapperFor", "hashCode",
            "equals", "toString");

    private volatile Mode mode = Mode.UP;

    FailingDatabase(DataSource target) {
        super(target);
    }

    public void fail(Mode mode) {
        this.mode = mode;
    }

    public void recover() {
        this.mode = Mode.UP;
    }

    public DataSource target() {
        return obtainTargetDataSource();
    }

    @Override
    public Connection getConnection() throws SQLException {
        check();
        return broken(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        check();
        return broken(super.getConnection(username, password));
    }

    private void check() throws SQLException {
        if (mode == Mode.POOL_TIMEOUT) {
            throw new SQLTransientConnectionException(
                    "HikariPool-1 - Connection is not available, request timed out after 30000ms.", "08001",
                    new PSQLException("Connection to localhost:5432 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT));
        }
    }

    /** The connection, failing on use whenever the mode is {@link Mode#BROKEN_CONNECTIONS}. */
    private Connection broken(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (mode == Mode.BROKEN_CONNECTIONS && !HARMLESS.contains(method.getName())) {
                throw new PSQLException("An I/O error occurred while sending to the backend.",
                        PSQLState.CONNECTION_FAILURE);
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(FailingDatabase.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    /** Wraps the application's DataSource: every user of it (the engine, Spring Session, the API) meets the fault. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Installer {

        @Bean
        static BeanPostProcessor failingDatabaseInstaller() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof DataSource dataSource && "dataSource".equals(beanName)
                            ? new FailingDatabase(dataSource) : bean;
                }
            };
        }
    }
}
