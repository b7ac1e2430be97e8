package io.returnflow.platform.admission;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.RuntimeService;
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
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The application under a backlog above its high-water mark (the count stubbed, the sampler asked by the test
 * instead of its timer): a new return is refused 503 with Retry-After before anything is written, reads, check-ins
 * and webhooks still pass, and once the backlog has drained the same request with the same Idempotency-Key
 * creates the return.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "returnflow.admission.backlog.high-water=200",
        "returnflow.admission.backlog.low-water=100",
        // the test counts (sampler.sample()); the sampler's own timer stays out of its way
        "returnflow.admission.backlog.sample-interval=1h",
        "returnflow.admission.backlog.stale-after=2h"})
@ActiveProfiles("test")
@DirtiesContext
class AdmissionOverHttpTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RuntimeService runtime;

    @Autowired
    JobBacklogSampler sampler;

    @MockitoBean
    JobBacklog backlog;

    ResponseEntity<JsonNode> create(Map<String, Object> body, String idempotencyKey) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", idempotencyKey);
        return rest.withBasicAuth("merchant", "merchant")
                .exchange("/api/returns", HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }

    void backlogIs(long jobs) {
        when(backlog.dueJobs()).thenReturn(jobs);
        sampler.sample();
    }

    @Test
    void aNewReturnIsRefusedWhileTheEngineIsBehindAndTakenOnceItCaughtUp() {
        String orderId = newOrderId();
        Map<String, Object> body = homePickup(orderId);
        String key = UUID.randomUUID().toString();
        long journeysBefore = runtime.createProcessInstanceQuery().count();

        backlogIs(250);
        ResponseEntity<JsonNode> refused = create(body, key);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        long retryAfter = Long.parseLong(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, 30L);
        assertThat(refused.getBody().path("type").asText()).endsWith("/unavailable");
        assertThat(refused.getBody().path("status").asInt()).isEqualTo(503);
        assertThat(refused.getBody().path("retryAfter").asLong()).isEqualTo(retryAfter);
        assertThat(refused.getBody().path("detail").asText()).contains("nothing was recorded");
        // nothing written: no return, no idempotency record, no journey
        assertThat(jdbc.sql("select count(*) from returns where order_id = ?").param(orderId).query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("select count(*) from idempotency_keys where idem_key like ?").param("%" + key + "%")
                .query(Long.class).single()).isZero();
        assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(journeysBefore);

        // refused before the login is even checked: the answer costs the database nothing
        assertThat(rest.withBasicAuth("merchant", "wrong").exchange("/api/returns", HttpMethod.POST,
                new HttpEntity<>(body, jsonHeaders()), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

        // reads, check-ins (journeys already started) and the carrier's pushes are still answered by ReturnFlow
        assertThat(rest.withBasicAuth("merchant", "merchant").getForEntity("/api/returns", JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> checkIn = rest.withBasicAuth("clerk", "clerk").exchange(
                "/api/stores/S-SZ-001/check-ins", HttpMethod.POST,
                new HttpEntity<>(Map.of("code", "NOT-A-CODE"), jsonHeaders()), JsonNode.class);
        assertThat(checkIn.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        HttpHeaders form = new HttpHeaders();
        form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        ResponseEntity<JsonNode> push = rest.exchange("/webhooks/carriers/kdniao", HttpMethod.POST,
                new HttpEntity<>("RequestData=%7B%7D&DataSign=wrong&RequestType=103", form), JsonNode.class);
        assertThat(push.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        // below the high-water mark, above the low-water mark: still refused
        backlogIs(150);
        assertThat(create(body, key).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

        // drained: the same request, the same key, creates the return once
        backlogIs(100);
        ResponseEntity<JsonNode> created = create(body, key);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String returnId = created.getBody().path("id").asText();
        ResponseEntity<JsonNode> again = create(body, key);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().path("id").asText()).isEqualTo(returnId);
        assertThat(jdbc.sql("select count(*) from returns where order_id = ?").param(orderId).query(Long.class)
                .single()).isEqualTo(1);
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(returnId).count()).isEqualTo(1);
    }

    static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }
}
