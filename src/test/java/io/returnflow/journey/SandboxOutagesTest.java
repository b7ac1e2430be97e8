package io.returnflow.journey;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.platform.RetryCycleProperties;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;

/**
 * The sandbox's outages, for operations to see an incident in the local run: {@code sandbox:carrier-unreachable} in
 * the pickup address makes the sandbox carrier unreachable for that return, {@code ch_refund_unreachable} as the
 * charge the sandbox payment provider. The step's job fails as against a real outage (503 without the provider's
 * answer), is retried through its whole retry cycle, and ends in an incident that the return's view shows as
 * {@code actionRequired}. Other returns go on as usual. The job executor is off: the test runs the jobs, each retry
 * included, itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("test")
@DirtiesContext
class SandboxOutagesTest {

    private static final Duration COURIER = Duration.ofSeconds(120);
    private static final String BOOK_PICKUP = "Activity_BookPickup";
    private static final String ISSUE_REFUND = "Activity_IssueRefund";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;
    @Autowired
    RetryCycleProperties retryCycles;

    @Test
    void anUnreachableCarrierFailsTheBookingThroughItsRetriesIntoAnIncidentForThatReturnOnly() {
        Map<String, Object> down = homePickup(newOrderId());
        pickupAddress(down).put("line", "科技园 1 号 sandbox:carrier-unreachable");
        String id = create(down);

        int tries = failUntilNoRetriesLeft(id, BOOK_PICKUP);

        assertThat(tries).as("the pickup retry cycle " + retryCycles.pickup()).isEqualTo(tries(retryCycles.pickup()));
        Incident incident = incident(id);
        assertThat(incident.getActivityId()).isEqualTo(BOOK_PICKUP);
        assertThat(incident.getIncidentMessage()).startsWith("Kdniao answered HTTP 503 to 1801 (RF-" + id + "-1)");
        JsonNode stuck = view(id);
        assertThat(stuck.path("actionRequired").asBoolean()).isTrue();
        assertThat(stuck.path("status").asText()).isEqualTo("REQUESTED");
        assertThat(sandboxOrders.find(Courier.pickup(id, 1))).as("the carrier took no order").isEmpty();

        // another return is booked as usual
        String fresh = create(homePickup(newOrderId()));
        runJob(fresh, BOOK_PICKUP);
        JsonNode booked = view(fresh);
        assertThat(booked.path("status").asText()).isEqualTo("AWAITING_PICKUP");
        assertThat(booked.path("actionRequired").asBoolean()).isFalse();
        assertThat(sandboxOrders.find(Courier.pickup(fresh, 1))).isPresent();
        assertThat(runtime.createIncidentQuery().processInstanceId(journey(fresh)).count()).isZero();
    }

    @Test
    void anUnreachablePaymentProviderFailsTheRefundThroughItsRetriesIntoAnIncidentForThatReturnOnly() {
        Map<String, Object> down = homePickup(newOrderId());
        payment(down).put("chargeId", "ch_refund_unreachable");
        String id = create(down);
        deliverToTheRefund(id);

        int tries = failUntilNoRetriesLeft(id, ISSUE_REFUND);

        assertThat(tries).as("the refund retry cycle " + retryCycles.refund()).isEqualTo(tries(retryCycles.refund()));
        Incident incident = incident(id);
        assertThat(incident.getActivityId()).isEqualTo(ISSUE_REFUND);
        assertThat(incident.getIncidentMessage()).startsWith("The payment provider failed (503");
        JsonNode stuck = view(id);
        assertThat(stuck.path("actionRequired").asBoolean()).isTrue();
        assertThat(stuck.path("status").asText()).isNotEqualTo("COMPLETED");
        assertThat(jdbc.sql("select count(*) from sandbox_payment_requests where idem_key like ?")
                .param("refund:" + id + "%").query(Long.class).single()).as("nothing reached the provider").isZero();
        assertThat(jdbc.sql("select count(*) from sandbox_payment_refunds where return_id = ?").param(id)
                .query(Long.class).single()).isZero();

        // another return is refunded as usual
        String fresh = create(homePickup(newOrderId()));
        deliverToTheRefund(fresh);
        runJob(fresh, ISSUE_REFUND);
        JsonNode refunded = view(fresh);
        assertThat(refunded.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(refunded.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(refunded.path("actionRequired").asBoolean()).isFalse();
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(fresh).count()).as("journey ended")
                .isZero();
    }

    /** Runs the step's job until the engine has no retry left for it; answers how often it ran. */
    private int failUntilNoRetriesLeft(String id, String activity) {
        int tries = 0;
        Job job = job(id, activity);
        while (job.getRetries() > 0) {
            String jobId = job.getId();
            assertThat(catchThrowable(() -> management.executeJob(jobId))).as("try " + (tries + 1)).isNotNull();
            tries++;
            assertThat(tries).as("tries of " + activity).isLessThanOrEqualTo(100);
            job = job(id, activity);
        }
        return tries;
    }

    /** R<tries>/<wait>: the tries. */
    private static int tries(String cycle) {
        return Integer.parseInt(cycle.substring(1, cycle.indexOf('/')));
    }

    private void deliverToTheRefund(String id) {
        runJob(id, BOOK_PICKUP);
        new Courier(sandboxCourier, sandboxOrders, jdbc).deliver(Courier.pickup(id, 1));
        Eventually.await("a job of " + ISSUE_REFUND + " for " + id, COURIER, () -> findJob(id, ISSUE_REFUND),
                Objects::nonNull);
    }

    private String create(Map<String, Object> body) {
        ResponseEntity<JsonNode> created = merchant().postForEntity("/api/returns", body, JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    private JsonNode view(String id) {
        return merchant().getForObject("/api/returns/" + id, JsonNode.class);
    }

    private TestRestTemplate merchant() {
        return rest.withBasicAuth("merchant", "merchant");
    }

    private Incident incident(String id) {
        Incident incident = runtime.createIncidentQuery().processInstanceId(journey(id)).singleResult();
        assertThat(incident).as("an incident of " + id).isNotNull();
        assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
        return incident;
    }

    private String journey(String id) {
        return runtime.createProcessInstanceQuery().processDefinitionKey("return-journey")
                .processInstanceBusinessKey(id).singleResult().getId();
    }

    private void runJob(String id, String activity) {
        management.executeJob(job(id, activity).getId());
    }

    private Job job(String id, String activity) {
        Job job = findJob(id, activity);
        assertThat(job).as("a job of " + activity + " for " + id).isNotNull();
        return job;
    }

    private Job findJob(String id, String activity) {
        return runtime.createProcessInstanceQuery().processDefinitionKey("return-journey")
                .processInstanceBusinessKey(id).list().stream()
                .map(instance -> management.createJobQuery().processInstanceId(instance.getId()).activityId(activity)
                        .singleResult())
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pickupAddress(Map<String, Object> body) {
        return (Map<String, Object>) ((Map<String, Object>) body.get("pickup")).get("address");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payment(Map<String, Object> body) {
        return (Map<String, Object>) body.get("payment");
    }
}
