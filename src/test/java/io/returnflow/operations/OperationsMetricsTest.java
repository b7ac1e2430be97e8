package io.returnflow.operations;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;

/**
 * What operations see on {@code /actuator/prometheus}, after real journeys through the HTTP API: a home pickup
 * to COMPLETED with its refund, a drop-off cancelled, a request the policy refuses, a drop-off whose job failed
 * (an incident), parked carrier pushes and subscriptions. Scraped over HTTP as Prometheus does, with the scrape
 * user the configuration creates; and the Grafana dashboard asks only for metrics the scrape has.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "returnflow.metrics.gauge-refresh=300ms",
        "returnflow.operations.scrape-user.id=prometheus",
        "returnflow.operations.scrape-user.password=scrape-secret"})
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsMetricsTest {

    /** Generous: the sandbox courier and provider run in real time. */
    private static final Duration JOURNEY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration GAUGE_TIMEOUT = Duration.ofSeconds(120);
    static final Path DASHBOARD = Path.of("docker/grafana/dashboards/returnflow.json");

    @Autowired
    TestRestTemplate rest;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    HistoryService history;

    @Autowired
    SandboxCourier sandboxCourier;

    @Autowired
    SandboxCarrierOrders sandboxOrders;

    TestRestTemplate merchant() {
        return rest.withBasicAuth("merchant", "merchant");
    }

    TestRestTemplate scraper() {
        return rest.withBasicAuth("prometheus", "scrape-secret");
    }

    @Test
    @Order(1)
    void healthIsOpenWithoutDetailsAndTheMetricsNeedAnOperationsRole() {
        ResponseEntity<JsonNode> health = rest.getForEntity("/actuator/health", JsonNode.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody().path("status").asText()).isEqualTo("UP");
        assertThat(health.getBody().has("components")).as("no details to anonymous callers").isFalse();
        assertThat(rest.withBasicAuth("ops", "ops").getForObject("/actuator/health", JsonNode.class).has("components"))
                .isTrue();

        assertThat(rest.getForEntity("/actuator/prometheus", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(merchant().getForEntity("/actuator/prometheus", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        // (a wrong password would lock the scrape user for a while: the engine's login attempts)
        assertThat(rest.withBasicAuth("intruder", "guess").getForEntity("/actuator/prometheus", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth("ops", "ops").getForEntity("/actuator/prometheus", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(scraper().getForEntity("/actuator/prometheus", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        // the scrape user reads metrics and nothing else
        assertThat(scraper().getForEntity("/api/returns", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        // nothing else of the actuator is exposed
        for (String endpoint : new String[] {"env", "metrics", "info", "beans", "loggers", "heapdump"}) {
            assertThat(rest.withBasicAuth("admin", "admin").getForEntity("/actuator/" + endpoint, String.class)
                    .getStatusCode()).as(endpoint).isEqualTo(HttpStatus.NOT_FOUND);
        }
    }

    @Test
    @Order(2)
    void theJourneysShowInTheMetricsAndTheirOutcomeInTheEnginesHistory() throws IOException {
        // a home pickup, all the way to its refund
        JsonNode pickup = merchant().postForObject("/api/returns", homePickup(newOrderId()), JsonNode.class);
        String pickupId = pickup.path("id").asText();
        // a drop-off, cancelled by the buyer
        String cancelledId = merchant().postForObject("/api/returns", storeDropOff(newOrderId(), "S-SZ-001"),
                JsonNode.class).path("id").asText();
        assertThat(merchant().postForEntity("/api/returns/" + cancelledId + "/cancellation",
                map("reason", "changed my mind"), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        // a request the policy refuses: food is not returnable
        Map<String, Object> food = storeDropOff(newOrderId(), "S-SZ-001");
        item(food, 0).put("category", "food");
        ResponseEntity<JsonNode> refused = merchant().postForEntity("/api/returns", food, JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        String rejectedId = refused.getBody().path("returnId").asText();
        // a drop-off whose code-expiry job ran out of retries: an incident
        String stuckId = merchant().postForObject("/api/returns", storeDropOff(newOrderId(), "S-SZ-002"),
                JsonNode.class).path("id").asText();
        String stuckInstance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(stuckId)
                .singleResult().getId();
        management.setJobRetries(management.createJobQuery().processInstanceId(stuckInstance).singleResult().getId(),
                0);

        // the courier collects the parcel and the warehouse signs for it, when the test says so
        new Courier(sandboxCourier, sandboxOrders, jdbc).deliver(Courier.pickup(pickupId, 1));
        Eventually.await("return " + pickupId + " to complete", JOURNEY_TIMEOUT,
                () -> merchant().getForObject("/api/returns/" + pickupId, JsonNode.class),
                r -> "COMPLETED".equals(r.path("status").asText()));
        String orderCode = jdbc.sql("select order_code from pickup_bookings where return_id = ?").param(pickupId)
                .query(String.class).list().get(0);
        parkedCarrierWork(orderCode);

        String scrape = Eventually.await("the gauges to show the finished journeys", GAUGE_TIMEOUT,
                () -> scraper().getForObject("/actuator/prometheus", String.class),
                s -> value(s, "returnflow_journeys", "status=\"COMPLETED\"") == 1
                        && value(s, "returnflow_incidents_open", "type=\"failedJob\"") == 1
                        && value(s, "returnflow_tracking_subscriptions_parked", "carrier=\"SF\"") == 1
                        && value(s, "returnflow_lines_dispositioned", "disposition=\"RETURN_TO_VENDOR\"") == 1);

        // counted where it happened
        assertThat(value(scrape, "returnflow_returns_requested_total", "method=\"HOME_PICKUP\"", "store=\"none\"",
                "eligible=\"true\"")).isEqualTo(1);
        assertThat(value(scrape, "returnflow_returns_requested_total", "method=\"STORE_DROPOFF\"",
                "store=\"S-SZ-001\"", "eligible=\"true\"")).isEqualTo(1);
        assertThat(value(scrape, "returnflow_returns_requested_total", "method=\"STORE_DROPOFF\"",
                "store=\"S-SZ-001\"", "eligible=\"false\"")).isEqualTo(1);
        assertThat(value(scrape, "returnflow_returns_requested_total", "store=\"S-SZ-002\"")).isEqualTo(1);
        assertThat(value(scrape, "returnflow_refunds_total", "outcome=\"succeeded\"", "channel=\"provider\"",
                "currency=\"CNY\"")).isEqualTo(1);
        assertThat(value(scrape, "returnflow_refunds_amount_total", "outcome=\"succeeded\"", "currency=\"CNY\""))
                .isEqualTo(99.0);
        assertThat(value(scrape, "returnflow_returns_request_to_refund_seconds_count", "method=\"HOME_PICKUP\""))
                .isEqualTo(1);
        assertThat(value(scrape, "returnflow_returns_request_to_refund_seconds_bucket", "method=\"HOME_PICKUP\"",
                "le=\"+Inf\"")).isEqualTo(1);
        assertThat(value(scrape, "returnflow_returns_request_to_refund_seconds_sum", "method=\"HOME_PICKUP\""))
                .isGreaterThan(0).isLessThan(Duration.ofHours(1).toSeconds());

        // read from the database and the engine
        assertThat(value(scrape, "returnflow_journeys", "status=\"COMPLETED\"")).isEqualTo(1);
        assertThat(value(scrape, "returnflow_journeys", "status=\"CANCELLED\"")).isEqualTo(1);
        assertThat(value(scrape, "returnflow_journeys", "status=\"REJECTED\"")).isEqualTo(1);
        assertThat(value(scrape, "returnflow_journeys", "status=\"AWAITING_DROP_OFF\"")).isEqualTo(1);
        assertThat(value(scrape, "returnflow_journeys", "status=\"EXPIRED\"")).isZero();
        // the completed pickup's one defective line, sent back to the vendor without an inspector
        assertThat(value(scrape, "returnflow_lines_dispositioned", "disposition=\"RETURN_TO_VENDOR\"")).isEqualTo(1);
        assertThat(value(scrape, "returnflow_lines_dispositioned", "disposition=\"RESTOCK\"")).isZero();
        assertThat(value(scrape, "returnflow_lines_dispositioned", "disposition=\"DISPOSE\"")).isZero();
        assertThat(value(scrape, "returnflow_tasks_open", "process=\"return-journey\"",
                "task=\"Activity_InspectReturnedItems\"")).isZero();
        assertThat(value(scrape, "returnflow_tasks_overdue", "process=\"return-journey\"",
                "task=\"Activity_ResolveRefundFailure\"")).isZero();
        assertThat(value(scrape, "returnflow_incidents_open", "process=\"return-journey\"", "type=\"failedJob\""))
                .isEqualTo(1);
        assertThat(value(scrape, "returnflow_carrier_inbox_entries", "carrier=\"SF\"", "status=\"parked\""))
                .isEqualTo(1);
        assertThat(value(scrape, "returnflow_carrier_inbox_entries", "carrier=\"unknown\"", "status=\"pending\""))
                .isEqualTo(1);
        assertThat(value(scrape, "returnflow_carrier_inbox_oldest_pending_age_seconds", "carrier=\"unknown\""))
                .isGreaterThanOrEqualTo(3600);
        assertThat(value(scrape, "returnflow_tracking_subscriptions_parked", "carrier=\"SF\"")).isEqualTo(1);
        assertThat(scrape).contains("jvm_memory_used_bytes").contains("http_server_requests_seconds_bucket");

        // Cockpit's "Finished journeys" reads the outcome from the engine's history, as ops
        assertThat(outcome(pickupId)).containsEntry(JourneyOutcomes.OUTCOME, "COMPLETED")
                .containsEntry(JourneyOutcomes.REFUND_STATUS, "SUCCEEDED")
                .containsEntry(JourneyOutcomes.REFUND_AMOUNT, "99.00")
                .containsEntry(JourneyOutcomes.REFUND_CURRENCY, "CNY");
        Eventually.await("the cancelled journey to end", JOURNEY_TIMEOUT,
                () -> history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(cancelledId)
                        .finished().count() == 1);
        assertThat(outcome(cancelledId)).containsEntry(JourneyOutcomes.OUTCOME, "CANCELLED")
                .doesNotContainKey(JourneyOutcomes.REFUND_STATUS);
        assertThat(outcome(rejectedId)).containsEntry(JourneyOutcomes.OUTCOME, "REJECTED");

        // the dashboard asks for nothing the application does not expose
        assertThat(dashboardMetrics()).isNotEmpty().allSatisfy(metric ->
                assertThat(metricNames(scrape)).as("exposed metrics").contains(metric));
    }

    /** A push parked for the pickup's order (carrier SF), one not yet due for an unknown order, a parked waybill. */
    private void parkedCarrierWork(String orderCode) {
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.sql("""
                insert into carrier_inbox (dedup_key, request_type, order_code, payload, status, attempts, failures,
                  received_at, pending_since, next_attempt_at, processed_at)
                values ('metrics-parked', '103', :orderCode, '{}', 'PARKED', 10, 10, :now, :now, :now, :now)""")
                .param("orderCode", orderCode).param("now", now).update();
        jdbc.sql("""
                insert into carrier_inbox (dedup_key, request_type, order_code, payload, status, attempts, failures,
                  received_at, pending_since, next_attempt_at)
                values ('metrics-waiting', '103', 'NOT-OURS-1', '{}', 'PENDING', 3, 0, :since, :since, :later)""")
                .param("since", now.minusHours(2)).param("later", now.plusDays(1)).update();
        jdbc.sql("""
                insert into tracking_subscriptions (waybill, carrier, status, attempts, requested_at)
                values ('SF-METRICS-1', 'SF', 'PARKED', 10, :now)""")
                .param("now", now).update();
    }

    private Map<String, String> outcome(String returnId) {
        String instance = history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(returnId)
                .singleResult().getId();
        // the request Cockpit's "Finished journeys" tab sends for a page of instances
        JsonNode variables = rest.withBasicAuth("ops", "ops").postForObject("/engine-rest/history/variable-instance",
                Map.of("processInstanceIdIn", java.util.List.of(instance), "variableNameIn",
                        java.util.List.of(JourneyOutcomes.OUTCOME, JourneyOutcomes.REFUND_STATUS,
                                JourneyOutcomes.REFUND_AMOUNT, JourneyOutcomes.REFUND_CURRENCY)),
                JsonNode.class);
        Map<String, String> byName = new java.util.TreeMap<>();
        variables.forEach(v -> byName.put(v.path("name").asText(), v.path("value").asText()));
        return byName;
    }

    /** The value of the one sample of {@code metric} whose labels include all of {@code labels}; -1 without one. */
    static double value(String scrape, String metric, String... labels) {
        return scrape.lines()
                .filter(line -> line.startsWith(metric + "{"))
                .filter(line -> Set.of(labels).stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one sample of " + metric + " with " + Set.of(labels));
                })
                .orElse(-1);
    }

    static Set<String> metricNames(String scrape) {
        return scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every metric the dashboard's queries name (ours, the JVM's, HTTP's, the process's, the pool's). */
    static Set<String> dashboardMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Pattern name = Pattern.compile("\\b(?:returnflow|jvm|http_server|process|hikaricp|system)_[a-zA-Z0-9_]+");
        Set<String> metrics = new TreeSet<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher matcher = name.matcher(expr.asText());
            while (matcher.find()) {
                metrics.add(matcher.group());
            }
        }
        return metrics;
    }
}
