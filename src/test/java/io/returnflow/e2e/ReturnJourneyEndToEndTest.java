package io.returnflow.e2e;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;
import io.returnflow.support.SharedPostgres;
import io.returnflow.support.Timers;

/**
 * Whole journeys on a real PostgreSQL, through the HTTP API only: a home pickup and a store
 * drop-off, each to COMPLETED with exactly one refund at the (sandbox) payment provider. The sandbox
 * carrier books over the Kdniao protocol and pushes signed webhooks back; the sandbox provider is
 * called through the real refund adapter. The test drives time: it steps the sandbox courier and fires
 * the store's collection timer itself; the job executor and the webhooks do the rest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class ReturnJourneyEndToEndTest {

    /** The longest the asynchronous work of a journey may take; waits end as soon as it is done. */
    private static final Duration JOURNEY_TIMEOUT = Duration.ofSeconds(120);

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        SharedPostgres.useNewDatabase(registry, "journeys");
    }

    @Autowired
    TestRestTemplate rest;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HistoryService history;

    @Autowired
    org.camunda.bpm.engine.RuntimeService runtime;

    @Autowired
    org.camunda.bpm.engine.ManagementService management;

    @Autowired
    SandboxCourier sandboxCourier;

    @Autowired
    SandboxCarrierOrders sandboxOrders;

    Courier courier() {
        return new Courier(sandboxCourier, sandboxOrders, jdbc);
    }

    Timers timers() {
        return new Timers(runtime, management);
    }

    /** The store's open shipment leaves now (its schedule says when), and the courier delivers it. */
    void shipmentLeavesAndArrives(TestRestTemplate merchant, String storeId, String returnId) {
        timers().fire("store-shipment", storeId, "Event_CollectionTime");
        String shipmentId = Eventually.await("the shipment of " + returnId, JOURNEY_TIMEOUT,
                () -> merchant.getForObject("/api/returns/" + returnId, JsonNode.class)
                        .path("dropOff").path("shipmentId").asText(""),
                id -> !id.isBlank());
        courier().deliver(Courier.shipment(shipmentId));
    }

    @Test
    void runsOnPostgres() {
        String product = jdbc.sql("select version()").query(String.class).single();
        assertThat(product).startsWith("PostgreSQL");
    }

    @Test
    void aHomePickupAndAStoreDropOffBothEndCompletedWithOneRefundEach() {
        TestRestTemplate merchant = rest.withBasicAuth("merchant", "merchant");

        ResponseEntity<JsonNode> pickup = merchant.postForEntity("/api/returns", homePickup(newOrderId()), JsonNode.class);
        ResponseEntity<JsonNode> dropOff = merchant.postForEntity("/api/returns",
                storeDropOff(newOrderId(), "S-SZ-001"), JsonNode.class);
        assertThat(pickup.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(dropOff.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String pickupId = pickup.getBody().path("id").asText();
        String dropOffId = dropOff.getBody().path("id").asText();

        String code = dropOff.getBody().path("dropOff").path("code").asText();
        ResponseEntity<JsonNode> checkedIn = rest.withBasicAuth("clerk", "clerk")
                .postForEntity("/api/stores/S-SZ-001/check-ins", map("code", code), JsonNode.class);
        assertThat(checkedIn.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(checkedIn.getBody().path("status").asText()).isEqualTo("IN_TRANSIT");
        courier().deliver(Courier.pickup(pickupId, 1));
        shipmentLeavesAndArrives(merchant, "S-SZ-001", dropOffId);

        for (String id : List.of(pickupId, dropOffId)) {
            JsonNode done = Eventually.await("return " + id + " to complete", JOURNEY_TIMEOUT,
                    () -> merchant.getForObject("/api/returns/" + id, JsonNode.class),
                    r -> "COMPLETED".equals(r.path("status").asText()));
            assertThat(done.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(done.path("refund").path("providerRefundId").asText()).startsWith("re_");
            assertThat(done.path("actionRequired").asBoolean()).isFalse();
            assertThat(sandboxRefunds(id)).isEqualTo(1);
            assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(id).completed().count())
                    .isEqualTo(1);
        }

        JsonNode pickupDone = merchant.getForObject("/api/returns/" + pickupId, JsonNode.class);
        assertThat(pickupDone.path("pickup").path("waybill").asText()).isNotBlank();
        assertThat(pickupDone.path("pickup").path("trackingState").asText()).isEqualTo("SIGNED");

        List<String> pickupTimeline = merchant.getForObject("/api/returns/" + pickupId + "/timeline", JsonNode.class)
                .findValuesAsText("type");
        assertThat(pickupTimeline).containsSubsequence("REQUESTED", "PICKUP_BOOKED", "COLLECTED", "SIGNED",
                "REFUNDED", "COMPLETED");
        assertThat(pickupTimeline.stream().filter("TRACKING_SIGNED"::equals)).hasSize(1);

        List<String> dropOffTimeline = merchant.getForObject("/api/returns/" + dropOffId + "/timeline", JsonNode.class)
                .findValuesAsText("type");
        assertThat(dropOffTimeline).containsSubsequence("REQUESTED", "DROP_OFF_CODE_ISSUED", "CHECKED_IN",
                "SHIPMENT_BOOKED", "SIGNED", "REFUNDED", "COMPLETED");
    }

    @Test
    void aQuoteIsAnsweredOnPostgres() {
        ResponseEntity<JsonNode> quote = rest.withBasicAuth("merchant", "merchant")
                .postForEntity("/api/return-quotes", homePickup(newOrderId()), JsonNode.class);
        assertThat(quote.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(quote.getBody().path("eligible").asBoolean()).isTrue();
        assertThat(quote.getBody().path("refund").path("amount").asText()).isEqualTo("99.00");
    }

    @Test
    void aRefundTheProviderRefusesNeverCompletesTheReturn() {
        TestRestTemplate merchant = rest.withBasicAuth("merchant", "merchant");
        var body = storeDropOff(newOrderId(), "S-SZ-002");
        @SuppressWarnings("unchecked")
        var payment = (java.util.Map<String, Object>) body.get("payment");
        payment.put("chargeId", "ch_refund_fails");
        JsonNode created = merchant.postForObject("/api/returns", body, JsonNode.class);
        String id = created.path("id").asText();
        rest.withBasicAuth("clerk", "clerk").postForEntity("/api/stores/S-SZ-002/check-ins",
                map("code", created.path("dropOff").path("code").asText()), JsonNode.class);
        shipmentLeavesAndArrives(merchant, "S-SZ-002", id);

        JsonNode refused = Eventually.await("the refund to be refused", JOURNEY_TIMEOUT,
                () -> merchant.getForObject("/api/returns/" + id, JsonNode.class),
                r -> "FAILED".equals(r.path("refund").path("status").asText()));
        assertThat(refused.path("status").asText()).isEqualTo("RECEIVED");
        assertThat(sandboxRefunds(id)).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(id).finished().count())
                .isZero();
    }

    @Test
    void aFlakyProviderIsTriedSeveralTimesUnderOneKeyAndRefundsExactlyOnce() {
        TestRestTemplate merchant = rest.withBasicAuth("merchant", "merchant");
        var body = homePickup(newOrderId());
        @SuppressWarnings("unchecked")
        var payment = (java.util.Map<String, Object>) body.get("payment");
        payment.put("chargeId", "ch_refund_flaky");
        String id = merchant.postForObject("/api/returns", body, JsonNode.class).path("id").asText();
        courier().deliver(Courier.pickup(id, 1));

        // the refund step's retry cycle waits between tries (returnflow.retry-cycles.refund, a minute in
        // production); an operator's "retry now" in Cockpit does the same as this: a failed try's job is made due at once
        JsonNode done = Eventually.await("the flaky refund to complete the return", JOURNEY_TIMEOUT,
                () -> {
                    retryFailedJobsNow(id);
                    return merchant.getForObject("/api/returns/" + id, JsonNode.class);
                },
                r -> "COMPLETED".equals(r.path("status").asText()));

        assertThat(done.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(sandboxRefunds(id)).isEqualTo(1);
        List<Integer> tries = jdbc.sql("select attempts from sandbox_payment_requests where idem_key = ?")
                .param("refund:" + id).query(Integer.class).list();
        assertThat(tries).as("one key, tried until it went through").containsExactly(3);
        assertThat(jdbc.sql("select count(*) from sandbox_payment_requests where idem_key like ?")
                .param("refund:" + id + "%").query(Long.class).single()).isEqualTo(1);
    }

    private void retryFailedJobsNow(String returnId) {
        var instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(returnId).singleResult();
        if (instance == null) {
            return;
        }
        for (var job : management.createJobQuery().processInstanceId(instance.getId()).withException().list()) {
            if (job.getRetries() > 0) {
                try {
                    management.setJobDuedate(job.getId(), new java.util.Date());
                } catch (org.camunda.bpm.engine.OptimisticLockingException executorWasFaster) {
                    // the job executor took the job meanwhile: nothing to hurry
                } catch (org.camunda.bpm.engine.ProcessEngineException gone) {
                    // the job executor ran it to its end meanwhile and it is gone ("No job found"): nothing to hurry
                    if (management.createJobQuery().jobId(job.getId()).count() > 0) {
                        throw gone;
                    }
                }
            }
        }
    }

    private long sandboxRefunds(String returnId) {
        return jdbc.sql("select count(*) from sandbox_payment_refunds where return_id = ?").param(returnId)
                .query(Long.class).single();
    }
}
