package io.returnflow.platform;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.returnflow.support.SharedPostgres;

/**
 * A real PostgreSQL that goes away under the application and comes back: the application's database stops taking
 * connections and every connection it had is ended by the server ({@code 57P01}, as in a restart). A new return
 * asked for meanwhile is answered 503 {@code unavailable} with {@code Retry-After} (once the pool's connection
 * timeout has passed) and nothing of it is stored; once the database is back the same request, with the same
 * {@code Idempotency-Key}, creates the return.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "returnflow.database-outage.retry-after=7s")
@ActiveProfiles("test")
@DirtiesContext
class DatabaseOutagePostgresTest {

    private static String database;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = SharedPostgres.newDatabase("database_outage");
        String path = url.substring(url.lastIndexOf('/') + 1);
        database = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    /** Without a timeout of its own: the answer may wait for the pool's connection timeout (30 s). */
    /** How many connections the pool may hold, each possibly ended by the server while the database was away. */
    @Value("${spring.datasource.hikari.maximum-pool-size}")
    int poolSize;

    final HttpClient http = HttpClient.newHttpClient();

    /** The server's administration database: it stays up while the application's is away. */
    final JdbcClient server = JdbcClient.create(SharedPostgres.server().getPostgresDatabase());

    HttpResponse<String> create(String orderId, String idempotencyKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/returns"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "merchant:merchant".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(homePickup(orderId)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void away() {
        server.sql("alter database " + database + " allow_connections false").update();
        server.sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = ?").param(database)
                .query().listOfRows();
    }

    void back() {
        server.sql("alter database " + database + " allow_connections true").update();
    }

    long returnsOf(String orderId) {
        return JdbcClient.create(SharedPostgres.server().getDatabase("postgres", database))
                .sql("select count(*) from returns where order_id = ?").param(orderId).query(Long.class).single();
    }

    @Test
    void aRequestWhileTheDatabaseIsAwayIsAnswered503AndServedOnceItIsBack() throws Exception {
        assertThat(create(newOrderId(), UUID.randomUUID().toString()).statusCode()).isEqualTo(201);
        String orderId = newOrderId();
        String key = UUID.randomUUID().toString();

        HttpResponse<String> refused;
        try {
            away();
            // a pooled connection the server ended fails at once (57P01, then the rollback on it); a new one is
            // refused until the pool's connection timeout: 503 either way
            refused = create(orderId, key);
        } finally {
            back();
        }

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(refused.body()).path("type").asText()).endsWith("/unavailable");
        assertThat(returnsOf(orderId)).isZero();

        // as a client told to repeat does: the pool still holds connections the server ended before it came back,
        // each found dead at its next use (answered 503 again) and thrown away, so at most one try per pooled
        // connection is refused before a new connection serves the request
        HttpResponse<String> served = create(orderId, key);
        for (int tries = 1; served.statusCode() == 503 && tries <= poolSize; tries++) {
            served = create(orderId, key);
        }
        assertThat(served.statusCode()).as(served.body()).isEqualTo(201);
        assertThat(returnsOf(orderId)).isOne();
    }
}
