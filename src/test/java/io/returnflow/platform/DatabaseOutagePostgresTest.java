package io.returnflow.platform;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

    @Autowired
    TestRestTemplate rest;

    /** The server's administration database: it stays up while the application's is away. */
    final JdbcClient server = JdbcClient.create(SharedPostgres.server().getPostgresDatabase());

    ResponseEntity<JsonNode> create(String orderId, String idempotencyKey) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", idempotencyKey);
        return rest.withBasicAuth("merchant", "merchant").exchange("/api/returns", HttpMethod.POST,
                new HttpEntity<Map<String, Object>>(homePickup(orderId), headers), JsonNode.class);
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
    void aRequestWhileTheDatabaseIsAwayIsAnswered503AndServedOnceItIsBack() {
        assertThat(create(newOrderId(), UUID.randomUUID().toString()).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String orderId = newOrderId();
        String key = UUID.randomUUID().toString();

        ResponseEntity<JsonNode> refused;
        try {
            away();
            refused = create(orderId, key);
        } finally {
            back();
        }

        assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody()))
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(refused.getBody().path("type").asText()).endsWith("/unavailable");
        assertThat(returnsOf(orderId)).isZero();

        ResponseEntity<JsonNode> served = create(orderId, key);
        assertThat(served.getStatusCode()).as(String.valueOf(served.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(returnsOf(orderId)).isOne();
    }
}
