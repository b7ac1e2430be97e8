package io.returnflow.platform;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.carrier.kdniao.DataSign;
import io.returnflow.carrier.kdniao.KdniaoProperties;
import io.returnflow.support.FailingDatabase;
import io.returnflow.support.FailingDatabase.Mode;
import io.returnflow.support.TasklistSession;

/**
 * The application while its database is away (the DataSource failing as a PostgreSQL that restarted, failed over
 * or was cut off does, {@link FailingDatabase}): every kind of request that needs the database, wherever it fails
 * (the Basic login's password check in Spring Security's filters, an API key's lookup, a controller's read, a
 * carrier's push, the clerk's session read by Spring Session, the engine REST API's login, Tasklist's calls), is
 * answered 503 with {@code Retry-After}: problem+json {@code unavailable}, or the format its caller reads (Camunda's,
 * Kdniao's acknowledgement); health says DOWN with 503. Nothing of a refused request was
 * stored; once the database is back, the same requests succeed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "returnflow.database-outage.retry-after=7s")
@ActiveProfiles("test")
@Import(FailingDatabase.Installer.class)
@DirtiesContext
class DatabaseOutageOverHttpTest {

    private static final String RETRY_AFTER = "7";

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    KdniaoProperties kdniao;

    @Autowired
    StorePageProperties storePage;

    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newHttpClient();

    FailingDatabase database() {
        return (FailingDatabase) dataSource;
    }

    @AfterEach
    void databaseBack() {
        database().recover();
    }

    @Test
    void requestsMeetingAPoolThatTimesOutAreAnswered503() throws Exception {
        everyRequestIsAnswered503WhileAwayAndServedOnceBack(Mode.POOL_TIMEOUT);
    }

    @Test
    void requestsMeetingBrokenConnectionsAreAnswered503() throws Exception {
        everyRequestIsAnswered503WhileAwayAndServedOnceBack(Mode.BROKEN_CONNECTIONS);
    }

    private void everyRequestIsAnswered503WhileAwayAndServedOnceBack(Mode mode) throws Exception {
        String returnId = created(newOrderId()).path("id").asText();
        String apiKey = send(post("/api/api-keys", "ops:ops", json.writeValueAsString(
                Map.of("name", "Shop " + UUID.randomUUID(), "roles", new String[] {"merchant-api"})))).body
                .path("key").asText();
        String clerkCookie = clerkLoggedIn();
        TasklistSession tasklist = TasklistSession.login(port, "ops");
        String orderId = newOrderId();
        String idempotencyKey = UUID.randomUUID().toString();
        String push = "not JSON " + UUID.randomUUID();
        long inboxBefore = inboxEntries();

        Map<String, Supplier<HttpRequest>> requests = new LinkedHashMap<>();
        requests.put("Basic POST /api/returns", () -> create(orderId, idempotencyKey));
        requests.put("API key GET /api/returns", () -> request("/api/returns?size=1")
                .header("Authorization", "Bearer " + apiKey).GET().build());
        requests.put("GET /api/returns/{id}", () -> request("/api/returns/" + returnId)
                .header("Authorization", basic("merchant:merchant")).GET().build());
        requests.put("carrier webhook", () -> kdniaoPush(push));
        requests.put("clerk session call", () -> request("/api/store-clerks/me")
                .header("Cookie", clerkCookie).header("X-Requested-With", "XMLHttpRequest").GET().build());
        requests.put("engine REST API", () -> request("/engine-rest/task")
                .header("Authorization", basic("admin:admin")).GET().build());

        database().fail(mode);
        // every request checked, so that a failure names each that is not answered as it should be
        SoftAssertions softly = new SoftAssertions();
        for (Map.Entry<String, Supplier<HttpRequest>> request : requests.entrySet()) {
            Answer answer = send(request.getValue().get());
            String name = request.getKey() + ": " + answer.body;
            softly.assertThat(answer.status).as(name).isEqualTo(503);
            softly.assertThat(answer.retryAfter).as(name).isEqualTo(RETRY_AFTER);
            if (request.getKey().startsWith("engine")) {
                // Camunda's own format
                softly.assertThat(answer.contentType).as(name).startsWith("application/json");
                softly.assertThat(answer.body.path("message").asText()).as(name).contains(RETRY_AFTER + " s");
            } else if (request.getKey().startsWith("carrier")) {
                // Kdniao's acknowledgement, which the carrier reads: not acknowledged, so pushed again
                softly.assertThat(answer.contentType).as(name).startsWith("application/json");
                softly.assertThat(answer.body.path("Success").asBoolean(true)).as(name).isFalse();
            } else {
                softly.assertThat(answer.contentType).as(name).startsWith("application/problem+json");
                softly.assertThat(answer.body.path("type").asText()).as(name).endsWith("/unavailable");
                softly.assertThat(answer.body.path("retryAfter").asInt()).as(name).isEqualTo(7);
            }
        }
        // Tasklist's calls of the webapps' engine REST API (/camunda/api), logged in with the container's session
        HttpResponse<String> tasklistCall = tasklist.engine("GET", "/task?maxResults=1", null);
        softly.assertThat(tasklistCall.statusCode()).as("Tasklist: " + tasklistCall.body()).isEqualTo(503);
        softly.assertThat(tasklistCall.headers().firstValue("Retry-After")).as("Tasklist").hasValue(RETRY_AFTER);
        softly.assertThat(tasklistCall.body()).as("Tasklist").contains("\"message\"").contains(RETRY_AFTER + " s");
        softly.assertAll();
        Answer health = send(request("/actuator/health").GET().build());
        assertThat(health.status).isEqualTo(503);
        assertThat(health.body.path("status").asText()).isEqualTo("DOWN");

        // nothing of the refused requests was stored (seen past the application's failing DataSource)
        JdbcClient behind = JdbcClient.create(database().target());
        assertThat(behind.sql("select count(*) from returns where order_id = ?").param(orderId)
                .query(Long.class).single()).isZero();
        assertThat(inboxEntries()).isEqualTo(inboxBefore);

        database().recover();
        for (Map.Entry<String, Supplier<HttpRequest>> request : requests.entrySet()) {
            Answer answer = send(request.getValue().get());
            assertThat(answer.status).as(request.getKey() + ": " + answer.body).isBetween(200, 201);
        }
        assertThat(send(request("/actuator/health").GET().build()).status).isEqualTo(200);
        assertThat(tasklist.engine("GET", "/task?maxResults=1", null).statusCode()).isEqualTo(200);
        assertThat(behind.sql("select count(*) from returns where order_id = ?").param(orderId)
                .query(Long.class).single()).isOne();
        assertThat(inboxEntries()).isEqualTo(inboxBefore + 1);
    }

    private long inboxEntries() {
        return JdbcClient.create(database().target()).sql("select count(*) from carrier_inbox")
                .query(Long.class).single();
    }

    private JsonNode created(String orderId) throws Exception {
        Answer created = send(create(orderId, UUID.randomUUID().toString()));
        assertThat(created.status).as(created.body.toString()).isEqualTo(201);
        return created.body;
    }

    private HttpRequest create(String orderId, String idempotencyKey) {
        try {
            return request("/api/returns").header("Authorization", basic("merchant:merchant"))
                    .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(homePickup(orderId)))).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest post(String path, String credentials, String body) {
        return request(path).header("Authorization", basic(credentials)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** A push Kdniao signed whose data is no JSON: stored (parked) whole when the database is there. */
    private HttpRequest kdniaoPush(String requestData) {
        String form = "RequestData=" + URLEncoder.encode(requestData, StandardCharsets.UTF_8) + "&RequestType=103"
                + "&DataSign=" + URLEncoder.encode(DataSign.sign(requestData, kdniao.appKey()), StandardCharsets.UTF_8);
        return request("/webhooks/carriers/kdniao").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    /** The clerk's session cookie ({@code name=value}) after the page's log-in. */
    private String clerkLoggedIn() throws Exception {
        HttpResponse<String> login = http.send(request(StorePageSecurity.LOGIN_PATH)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Requested-With", "XMLHttpRequest")
                .header("Origin", "http://localhost:" + port)
                .POST(HttpRequest.BodyPublishers.ofString("username=clerk&password=clerk")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String cookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(storePage.session().cookieName() + "=")).findFirst().orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private Answer send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Retry-After").orElse(null), body);
    }

    private record Answer(int status, String contentType, String retryAfter, JsonNode body) {
    }
}
