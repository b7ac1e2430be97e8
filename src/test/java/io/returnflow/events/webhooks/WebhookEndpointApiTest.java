package io.returnflow.events.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.returnflow.support.ReturnRequests.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

import io.returnflow.events.EventFeed;
import io.returnflow.events.EventSequencer;
import io.returnflow.platform.RandomIds;

/**
 * The webhook endpoints' API: the secret shown once, validation answered 400 naming the field, roles, 404s,
 * rotation, the delivery log, replays, and an endpoint disabled by a 410 given to operations as a Tasklist task and
 * enabled again. The schedules are off: the test places, fans out and delivers itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false", "returnflow.events.sequence-interval=3650d",
        "returnflow.events.feed-interval=3650d", "returnflow.webhooks.delivery-interval=3650d",
        "returnflow.webhooks.max-replay=2"})
@ActiveProfiles("test")
@DirtiesContext
class WebhookEndpointApiTest {

    private static final WireMockServer receiver = new WireMockServer(options().dynamicPort());
    private static final String BASE = "/api/webhook-endpoints";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventSequencer sequencer;
    @Autowired
    EventFeed feed;
    @Autowired
    WebhookFanOut fanOut;
    @Autowired
    WebhookWorker worker;
    @Autowired
    TaskService tasks;
    @Autowired
    MeterRegistry registry;

    @BeforeAll
    static void start() {
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop();
    }

    @BeforeEach
    void reset() {
        receiver.resetAll();
    }

    private String hookUrl() {
        return hookUrl("/hooks");
    }

    private String hookUrl(String path) {
        return "http://localhost:" + receiver.port() + path;
    }

    @Test
    void theSecretIsInTheCreatingAnswerOnly() {
        ResponseEntity<JsonNode> created = send("merchant", HttpMethod.POST, BASE,
                map("url", hookUrl(), "eventTypes", List.of("pickup.booked", "refund.succeeded"),
                        "description", "ERP"));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String id = created.getBody().path("id").asText();
        String secret = created.getBody().path("secret").asText();
        assertThat(id).startsWith("we_");
        assertThat(secret).matches("whsec_[0-9A-Za-z]{44}");
        assertThat(created.getHeaders().getLocation()).hasToString(BASE + "/" + id);
        assertThat(created.getBody().path("eventTypes")).hasSize(2);
        assertThat(created.getBody().path("enabled").asBoolean()).isTrue();

        ResponseEntity<String> one = rest.withBasicAuth("merchant", "merchant").getForEntity(BASE + "/" + id,
                String.class);
        ResponseEntity<String> all = rest.withBasicAuth("ops", "ops").getForEntity(BASE, String.class);
        assertThat(one.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(one.getBody()).contains(id).doesNotContain(secret).doesNotContain("\"secret\"");
        assertThat(all.getBody()).contains(id).doesNotContain(secret);

        ResponseEntity<JsonNode> rotated = send("merchant", HttpMethod.POST, BASE + "/" + id + "/secret-rotations",
                map("keepOldFor", "PT1H"));
        assertThat(rotated.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String newSecret = rotated.getBody().path("secret").asText();
        assertThat(newSecret).matches("whsec_[0-9A-Za-z]{44}").isNotEqualTo(secret);
        JsonNode after = send("merchant", HttpMethod.GET, BASE + "/" + id, null).getBody();
        assertThat(after.path("secrets")).hasSize(2);
        assertThat(after.toString()).doesNotContain(secret).doesNotContain(newSecret);
    }

    @Test
    void badInputIsA400NamingTheField() {
        assertInvalid(map("eventTypes", List.of("*")), "url");
        assertInvalid(map("url", "ftp://example.com/hooks", "eventTypes", List.of("*")), "url");
        assertInvalid(map("url", "https://user:pw@example.com/hooks", "eventTypes", List.of("*")), "url");
        assertInvalid(map("url", "https://example.com/" + "x".repeat(2048), "eventTypes", List.of("*")), "url");
        assertInvalid(map("url", hookUrl(), "eventTypes", List.of()), "eventTypes");
        assertInvalid(map("url", hookUrl(), "eventTypes", List.of("pickup.booked", "parcel.lost")),
                "eventTypes[1]");
        assertInvalid(map("url", hookUrl(), "eventTypes", List.of("*"), "description", "d".repeat(501)),
                "description");

        ResponseEntity<JsonNode> malformed = rest.withBasicAuth("merchant", "merchant").exchange(BASE,
                HttpMethod.POST, new HttpEntity<>("{\"url\": ", json()), JsonNode.class);
        assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        String id = createEndpoint(List.of("*"));
        String rotations = BASE + "/" + id + "/secret-rotations";
        assertField(send("merchant", HttpMethod.POST, rotations, map("keepOldFor", "a day")), "keepOldFor");
        assertField(send("merchant", HttpMethod.POST, rotations, map("keepOldFor", "P8D")), "keepOldFor");
        assertField(send("merchant", HttpMethod.POST, rotations, map("keepOldFor", "-PT1H")), "keepOldFor");
        assertField(send("merchant", HttpMethod.PATCH, BASE + "/" + id, map("url", "not a url")), "url");
        assertField(send("merchant", HttpMethod.GET, BASE + "/" + id + "/deliveries?status=LOST", null), "status");
        assertField(send("merchant", HttpMethod.GET, BASE + "/" + id + "/deliveries?limit=0", null), "limit");
        assertField(send("merchant", HttpMethod.POST, BASE + "/" + id + "/replays", map()), "eventId");
        assertField(send("merchant", HttpMethod.POST, BASE + "/" + id + "/replays",
                map("from", "2026-12-01T00:00:00Z")), "to");
        assertField(send("merchant", HttpMethod.POST, BASE + "/" + id + "/replays",
                map("from", "2026-12-02T00:00:00Z", "to", "2026-12-01T00:00:00Z")), "to");
        // bounds no event can be near: PostgreSQL would refuse them
        assertField(send("merchant", HttpMethod.POST, BASE + "/" + id + "/replays",
                map("from", "2026-01-01T00:00:00Z", "to", "+300000-01-01T00:00:00Z")), "to");
        assertField(send("merchant", HttpMethod.POST, BASE + "/" + id + "/replays",
                map("from", "1999-12-31T23:59:59Z", "to", "2026-01-01T00:00:00Z")), "from");
    }

    @Test
    void onlyMerchantSystemsAndOperationsManageEndpoints() {
        assertThat(rest.getForEntity(BASE, JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(send("clerk", HttpMethod.GET, BASE, null).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(send("cs", HttpMethod.POST, BASE, map("url", hookUrl(), "eventTypes", List.of("*")))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(send("inspector", HttpMethod.DELETE, BASE + "/we_x", null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(send("ops", HttpMethod.GET, BASE, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(send("admin", HttpMethod.GET, BASE, null).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void anUnknownEndpointOrEventIsA404() {
        String unknown = BASE + "/we_nothing";
        assertThat(send("merchant", HttpMethod.GET, unknown, null).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(send("merchant", HttpMethod.PATCH, unknown, map("enabled", true)).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(send("merchant", HttpMethod.DELETE, unknown, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(send("merchant", HttpMethod.POST, unknown + "/secret-rotations", map()).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(send("merchant", HttpMethod.GET, unknown + "/deliveries", null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        String id = createEndpoint(List.of("*"));
        ResponseEntity<JsonNode> noEvent = send("merchant", HttpMethod.POST, BASE + "/" + id + "/replays",
                map("eventId", "evt_nothing"));
        assertThat(noEvent.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(noEvent.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(send("merchant", HttpMethod.DELETE, BASE + "/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(send("merchant", HttpMethod.GET, BASE + "/" + id, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void a410DisablesTheEndpointOperationsGetATaskAndReEnablingDeliversWhatWaited() {
        receiver.stubFor(post(urlPathEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
        String id = createEndpoint(List.of("return.requested"), "/gone");
        String returnId = "R-" + RandomIds.readable("", 6);
        String first = event(returnId, "return.requested");
        String second = event(returnId, "return.requested");
        event(returnId, "pickup.booked");
        sequencer.placeAll();
        feed.feed(fanOut);

        worker.deliverDue();

        JsonNode disabled = send("ops", HttpMethod.GET, BASE + "/" + id, null).getBody();
        assertThat(disabled.path("enabled").asBoolean()).isFalse();
        assertThat(disabled.path("disabledReason").asText()).contains("410");
        List<Task> opened = tasks.createTaskQuery().taskCandidateGroup("ops")
                .taskVariableValueEquals(DisabledEndpointTask.ENDPOINT_VARIABLE, id).list();
        assertThat(opened).singleElement().satisfies(task -> {
            assertThat(task.getName()).isEqualTo("Webhook endpoint disabled: " + hookUrl("/gone"));
            assertThat(task.getDescription()).contains(id, hookUrl("/gone"), "410", "2 deliveries wait",
                    "PATCH /api/webhook-endpoints/" + id + " {\"enabled\": true}");
        });
        assertThat(registry.get("returnflow.webhook.endpoints.disabled").gauge().value()).isGreaterThanOrEqualTo(1);
        JsonNode pending = send("merchant", HttpMethod.GET, BASE + "/" + id + "/deliveries?status=pending", null)
                .getBody();
        assertThat(pending.path("deliveries")).hasSize(2);
        assertThat(pending.path("deliveries").get(0).path("eventId").asText()).isEqualTo(first);
        assertThat(pending.path("deliveries").get(0).path("attemptLog").get(0).path("httpStatus").asInt())
                .isEqualTo(410);

        receiver.resetAll();
        receiver.stubFor(post(urlPathEqualTo("/gone")).willReturn(aResponse().withStatus(200)));
        ResponseEntity<JsonNode> enabled = send("ops", HttpMethod.PATCH, BASE + "/" + id, map("enabled", true));
        assertThat(enabled.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(enabled.getBody().path("enabled").asBoolean()).isTrue();
        assertThat(enabled.getBody().path("disabledReason").isNull()).isTrue();
        worker.deliverDue();

        JsonNode delivered = send("merchant", HttpMethod.GET, BASE + "/" + id + "/deliveries?status=DELIVERED",
                null).getBody();
        assertThat(delivered.path("deliveries").findValuesAsText("eventId")).containsExactly(first, second);
        assertThat(receiver.findAll(postRequestedFor(urlPathEqualTo("/gone")))).hasSize(2);
    }

    @Test
    void aReplayDeliversAgainWhatWasAskedForWithinItsBound() {
        receiver.stubFor(post(urlPathEqualTo("/replayed")).willReturn(aResponse().withStatus(200)));
        String id = createEndpoint(List.of("*"), "/replayed");
        String returnId = "R-" + RandomIds.readable("", 6);
        OffsetDateTime from = OffsetDateTime.now().minusMinutes(1);
        String first = event(returnId, "return.requested");
        String second = event(returnId, "pickup.booked");
        sequencer.placeAll();
        feed.feed(fanOut);
        worker.deliverDue();
        OffsetDateTime to = OffsetDateTime.now().plusMinutes(1);

        ResponseEntity<JsonNode> one = send("merchant", HttpMethod.POST, BASE + "/" + id + "/replays",
                map("eventId", second));
        assertThat(one.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(one.getBody().path("deliveries").asInt()).isEqualTo(1);
        ResponseEntity<JsonNode> range = send("merchant", HttpMethod.POST, BASE + "/" + id + "/replays",
                map("from", from.toString(), "to", to.toString()));
        assertThat(range.getStatusCode()).as(String.valueOf(range.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(range.getBody().path("deliveries").asInt()).isEqualTo(2);
        worker.deliverDue();
        // the replays' deliveries of one return go in the events' order too, whichever replay asked first
        assertThat(receiver.findAll(postRequestedFor(urlPathEqualTo("/replayed")))
                .stream().map(r -> r.getHeader("ReturnFlow-Event-Id")).toList())
                .containsExactly(first, second, first, second, second);

        event(returnId, "parcel.in_transit");
        sequencer.placeAll();
        assertField(send("merchant", HttpMethod.POST, BASE + "/" + id + "/replays",
                map("from", from.toString(), "to", OffsetDateTime.now().plusMinutes(1).toString())), "to");
    }

    private String event(String returnId, String type) {
        String id = RandomIds.next("evt_", RandomIds.ALPHANUMERIC, 24);
        jdbc.sql("""
                        insert into return_events_outbox (id, type, return_id, order_id, created_at, payload)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(id, type, returnId, "SO-1", OffsetDateTime.now(),
                        "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"returnId\":\"" + returnId + "\"}")
                .update();
        return id;
    }

    private String createEndpoint(List<String> types) {
        return createEndpoint(types, "/hooks");
    }

    private String createEndpoint(List<String> types, String path) {
        ResponseEntity<JsonNode> created = send("merchant", HttpMethod.POST, BASE,
                map("url", hookUrl(path), "eventTypes", types));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    private void assertInvalid(Map<String, Object> body, String field) {
        assertField(send("merchant", HttpMethod.POST, BASE, body), field);
    }

    private static void assertField(ResponseEntity<JsonNode> answer, String field) {
        assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().path("errors").findValuesAsText("field")).contains(field);
    }

    private ResponseEntity<JsonNode> send(String user, HttpMethod method, String path, Object body) {
        return rest.withBasicAuth(user, user).exchange(path, method,
                body == null ? new HttpEntity<>(json()) : new HttpEntity<>(body, json()), JsonNode.class);
    }

    private static HttpHeaders json() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }
}
