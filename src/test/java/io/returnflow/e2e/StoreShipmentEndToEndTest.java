package io.returnflow.e2e;

import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
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

import io.returnflow.dropoff.Store;
import io.returnflow.dropoff.StoreClerks;
import io.returnflow.dropoff.Stores;
import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;
import io.returnflow.support.SharedPostgres;
import io.returnflow.support.Timers;

/**
 * Consolidated shipments (批量寄件) end to end on a real PostgreSQL, through the HTTP API only: drop-off
 * returns checked in at one store travel in one carrier shipment booked with the sandbox carrier over
 * the Kdniao protocol, its signed webhooks receive every return, and each is refunded once; a shipment
 * the sandbox loses hands its returns to customer service. Operations see it all under
 * {@code /api/stores/{id}/shipments}. The test drives time: it steps the sandbox courier and fires the
 * lost shipment's timer itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class StoreShipmentEndToEndTest {

    /** The longest the asynchronous work of a journey may take; waits end as soon as it is done. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** A store whose shipment leaves when three parcels wait, and whose schedule never fires during the test. */
    private static final String STORE = "S-E2E-3";
    private static final String NEVER_DURING_THE_TEST = "0 0 3 1 1 ?";

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        SharedPostgres.useNewDatabase(registry, "shipments");
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Stores stores;
    @Autowired
    StoreClerks clerks;
    @Autowired
    HistoryService history;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    ManagementService management;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;

    Courier courier() {
        return new Courier(sandboxCourier, sandboxOrders, jdbc);
    }

    @Test
    void threeDropOffsAtOneStoreTravelInOneShipmentAndAllEndCompletedAndRefunded() {
        OffsetDateTime now = OffsetDateTime.now();
        stores.create(new Store(STORE, "三件即发店", "广东省", "深圳市", "南山区", "科技园 3 号", "518057", "0755-1",
                "10:00-22:00", null, 3, NEVER_DURING_THE_TEST, true), "test", now);
        clerks.bind(STORE, "clerk", "test", now);
        TestRestTemplate merchant = rest.withBasicAuth("merchant", "merchant");
        TestRestTemplate ops = rest.withBasicAuth("ops", "ops");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(checkIn(merchant, STORE));
        }
        // the third parcel fills the shipment: it is booked, and the courier takes it to the warehouse
        courier().deliver(Courier.shipment(shipmentOf(merchant, ids.get(0))));

        for (String id : ids) {
            JsonNode done = Eventually.await("return " + id + " to complete", TIMEOUT,
                    () -> merchant.getForObject("/api/returns/" + id, JsonNode.class),
                    r -> "COMPLETED".equals(r.path("status").asText()));
            assertThat(done.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(sandboxRefunds(id)).isEqualTo(1);
            assertThat(done.path("dropOff").path("shipmentId").asText()).startsWith("SH-");
            List<String> timeline = merchant.getForObject("/api/returns/" + id + "/timeline", JsonNode.class)
                    .findValuesAsText("type");
            assertThat(timeline).containsSubsequence("CHECKED_IN", "SHIPMENT_JOINED", "SHIPMENT_BOOKED",
                    "TRACKING_COLLECTED", "SIGNED", "REFUNDED", "COMPLETED");
        }

        ResponseEntity<JsonNode> list = ops.getForEntity("/api/stores/" + STORE + "/shipments", JsonNode.class);
        assertThat(list.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(list.getBody()).hasSize(1);
        JsonNode shipment = list.getBody().get(0);
        String shipmentId = shipment.path("id").asText();
        assertThat(shipment.path("status").asText()).isEqualTo("SIGNED");
        assertThat(shipment.path("parcels").asInt()).isEqualTo(3);
        assertThat(shipment.path("orderCode").asText()).isEqualTo("RF-" + shipmentId);
        assertThat(shipment.path("carrier").asText()).isEqualTo("SF");
        assertThat(shipment.path("waybill").asText()).startsWith("SB");
        assertThat(shipment.path("bookedAt").isNull()).isFalse();
        assertThat(shipment.path("signedAt").isNull()).isFalse();
        for (String id : ids) {
            assertThat(merchant.getForObject("/api/returns/" + id, JsonNode.class).path("dropOff").path("shipmentId")
                    .asText()).isEqualTo(shipmentId);
        }

        JsonNode detail = ops.getForObject("/api/stores/" + STORE + "/shipments/" + shipmentId, JsonNode.class);
        assertThat(detail.path("id").asText()).isEqualTo(shipmentId);
        assertThat(detail.path("returns").findValuesAsText("returnId")).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(detail.path("returns").findValuesAsText("status")).containsOnly("COMPLETED");
        assertThat(detail.path("returns").findValuesAsText("orderId")).hasSize(3).doesNotContainNull();

        // one carrier booking, one freight entry shared by the three returns to the cent
        assertThat(jdbc.sql("select count(*) from sandbox_carrier_orders where return_id = ?").param(shipmentId)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                        select l.expected_amount - sum(r.amount) from freight_ledger l
                        join freight_ledger_returns r on r.ledger_id = l.id where l.order_code = ?
                        group by l.expected_amount""").param("RF-" + shipmentId)
                .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("0");
        assertThat(jdbc.sql("select count(*) from freight_ledger_returns r join freight_ledger l on l.id = r.ledger_id"
                + " where l.order_code = ?").param("RF-" + shipmentId).query(Integer.class).single()).isEqualTo(3);

        // visible in Cockpit under the store, and finished
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("store-shipment")
                .processInstanceBusinessKey(STORE).completed().count()).isEqualTo(1);
    }

    @Test
    void aShipmentTheCarrierLosesHandsItsReturnToCustomerService() {
        TestRestTemplate merchant = rest.withBasicAuth("merchant", "merchant");
        String id = checkIn(merchant, "S-LOST");
        // one parcel fills the shipment: the courier collects it, and it never reaches the warehouse
        courier().collect(Courier.shipment(shipmentOf(merchant, id)));
        Eventually.await("the collection to reach return " + id, TIMEOUT,
                () -> timelineTypes(merchant, id), types -> types.contains("TRACKING_COLLECTED"));
        new Timers(runtime, management).fire("store-shipment", "S-LOST", "Event_ShipmentOverdue");

        Eventually.await("return " + id + " to be investigated", TIMEOUT,
                () -> tasks.createTaskQuery().processInstanceBusinessKey(id)
                        .taskDefinitionKey("Activity_InvestigateMissingParcel").count(),
                count -> count == 1);

        List<String> timeline = timelineTypes(merchant, id);
        assertThat(timeline).containsSubsequence("SHIPMENT_JOINED", "SHIPMENT_BOOKED", "SHIPMENT_LOST");
        JsonNode shipments = rest.withBasicAuth("ops", "ops")
                .getForObject("/api/stores/S-LOST/shipments", JsonNode.class);
        JsonNode lost = null;
        for (JsonNode s : shipments) {
            String detail = rest.withBasicAuth("ops", "ops")
                    .getForObject("/api/stores/S-LOST/shipments/" + s.path("id").asText(), JsonNode.class).toString();
            if (detail.contains(id)) {
                lost = s;
            }
        }
        assertThat(lost).isNotNull();
        assertThat(lost.path("status").asText()).isEqualTo("LOST");
        assertThat(lost.path("lostAt").isNull()).isFalse();
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("store-shipment")
                .processInstanceBusinessKey("S-LOST").completed().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void operationsGetAProblemForAStoreOrShipmentThatDoesNotExistAndOnlyOperationsSeeShipments() {
        TestRestTemplate ops = rest.withBasicAuth("ops", "ops");

        ResponseEntity<JsonNode> noStore = ops.getForEntity("/api/stores/S-NOWHERE/shipments", JsonNode.class);
        assertThat(noStore.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(noStore.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(noStore.getBody().path("detail").asText()).contains("S-NOWHERE");

        ResponseEntity<JsonNode> noShipment = ops.getForEntity("/api/stores/S-SZ-002/shipments/SH-NOPE", JsonNode.class);
        assertThat(noShipment.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(noShipment.getBody().path("detail").asText()).contains("SH-NOPE");

        ResponseEntity<JsonNode> badLimit = ops.getForEntity("/api/stores/S-SZ-002/shipments?limit=0", JsonNode.class);
        assertThat(badLimit.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        ResponseEntity<JsonNode> none = ops.getForEntity("/api/stores/S-SH-001/shipments", JsonNode.class);
        assertThat(none.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(none.getBody()).isEmpty();

        // the shipments are operations' view, not the storefront's or the counter's
        for (String user : List.of("merchant", "clerk")) {
            assertThat(rest.withBasicAuth(user, user).getForEntity("/api/stores/S-SZ-002/shipments", String.class)
                    .getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
        }
    }

    /** Creates a drop-off return at the store and checks its parcel in there; answers the return's id. */
    private String checkIn(TestRestTemplate merchant, String storeId) {
        ResponseEntity<JsonNode> created = merchant.postForEntity("/api/returns", storeDropOff(newOrderId(), storeId),
                JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String code = created.getBody().path("dropOff").path("code").asText();
        ResponseEntity<JsonNode> checkedIn = rest.withBasicAuth("clerk", "clerk")
                .postForEntity("/api/stores/" + storeId + "/check-ins", map("code", code), JsonNode.class);
        assertThat(checkedIn.getStatusCode()).as(String.valueOf(checkedIn.getBody())).isEqualTo(HttpStatus.OK);
        return created.getBody().path("id").asText();
    }

    /** The shipment the return's parcel joined, once it joined one. */
    private String shipmentOf(TestRestTemplate merchant, String returnId) {
        return Eventually.await("the shipment of " + returnId, TIMEOUT,
                () -> merchant.getForObject("/api/returns/" + returnId, JsonNode.class).path("dropOff")
                        .path("shipmentId").asText(""), shipmentId -> !shipmentId.isBlank());
    }

    private List<String> timelineTypes(TestRestTemplate merchant, String returnId) {
        return merchant.getForObject("/api/returns/" + returnId + "/timeline", JsonNode.class).findValuesAsText("type");
    }

    private long sandboxRefunds(String returnId) {
        return jdbc.sql("select count(*) from sandbox_payment_refunds where return_id = ?").param(returnId)
                .query(Long.class).single();
    }
}
