package io.returnflow.e2e;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
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
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;
import io.returnflow.support.Timers;

/**
 * People in the loop on the sandbox, as on the local run: the sandbox's magic values drive the
 * no-show and inspection branches; customer service and inspectors work through the engine REST API
 * exactly as Tasklist does, each seeing only their own tasks. The test drives time: it steps the sandbox
 * courier and fires the no-show and collection timers itself, so a courier never loses a race against a
 * timer on a busy machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class PeopleInTheLoopTest {

    /** The longest the asynchronous work of a journey may take; waits end as soon as it is done. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String COURIER_DID_NOT_COME = "Event_CourierDidNotCome";

    @Autowired
    TestRestTemplate rest;

    @Autowired
    ObjectMapper json;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    SandboxCourier sandboxCourier;

    @Autowired
    SandboxCarrierOrders sandboxOrders;

    @Autowired
    JdbcClient jdbc;

    Courier courier() {
        return new Courier(sandboxCourier, sandboxOrders, jdbc);
    }

    Timers timers() {
        return new Timers(runtime, management);
    }

    TestRestTemplate as(String user) {
        return rest.withBasicAuth(user, user);
    }

    JsonNode getReturn(String id) {
        return as("merchant").getForObject("/api/returns/" + id, JsonNode.class);
    }

    String create(Map<String, Object> body) {
        ResponseEntity<JsonNode> created = as("merchant").postForEntity("/api/returns", body, JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    /** The open tasks of one return, as a user of Tasklist sees them. */
    JsonNode tasks(String user, String returnId) {
        return as(user).getForObject("/engine-rest/task?processInstanceBusinessKey=" + returnId, JsonNode.class);
    }

    JsonNode awaitTask(String user, String returnId, String name) {
        return Eventually.await("task '" + name + "' of " + returnId + " for " + user, TIMEOUT,
                () -> tasks(user, returnId),
                list -> list.findValuesAsText("name").contains(name))
                .findParents("name").stream().filter(t -> name.equals(t.path("name").asText())).findFirst()
                .orElseThrow();
    }

    static Map<String, Object> withAddressLine(Map<String, Object> body, String line) {
        @SuppressWarnings("unchecked")
        Map<String, Object> pickup = (Map<String, Object>) body.get("pickup");
        @SuppressWarnings("unchecked")
        Map<String, Object> address = (Map<String, Object>) pickup.get("address");
        address.put("line", line);
        return body;
    }

    @Test
    void aCourierWhoMissesTheFirstWindowIsRebookedAndTheReturnCompletes() {
        String id = create(withAddressLine(homePickup(newOrderId()), "科技园 1 号 sandbox:no-show"));
        // the first courier never comes: its window passes
        timers().fire("return-journey", id, COURIER_DID_NOT_COME);
        // the second one collects, and the warehouse signs
        courier().deliver(Courier.pickup(id, 2));

        JsonNode done = Eventually.await("the rebooked return to complete", TIMEOUT, () -> getReturn(id),
                r -> "COMPLETED".equals(r.path("status").asText()));

        assertThat(done.path("pickup").path("attempt").asInt()).isEqualTo(2);
        assertThat(done.path("pickup").path("orderCode").asText()).isEqualTo("RF-" + id + "-2");
        assertThat(done.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aCourierWhoNeverComesGivesCustomerServiceATaskThatCanSwitchToDropOff() {
        String id = create(withAddressLine(homePickup(newOrderId()), "科技园 1 号 sandbox:no-show-always"));
        // every courier the system books misses the window: the first and the two it books by itself
        for (int attempt = 1; attempt <= 3; attempt++) {
            timers().fire("return-journey", id, COURIER_DID_NOT_COME);
        }

        JsonNode task = awaitTask("cs", id, "Resolve failed pickup");
        assertThat(getReturn(id).path("actionRequired").asBoolean()).isTrue();
        assertThat(tasks("inspector", id)).isEmpty();
        assertThat(tasks("clerk", id)).isEmpty();

        ResponseEntity<String> completed = as("cs").postForEntity("/engine-rest/task/" + task.path("id").asText()
                        + "/complete",
                map("variables", map(
                        "failedPickupDecision", map("value", "SWITCH_TO_DROP_OFF"),
                        "dropOffStoreId", map("value", "S-SZ-001"))),
                String.class);
        assertThat(completed.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        JsonNode switched = Eventually.await("a drop-off code", TIMEOUT, () -> getReturn(id),
                r -> !r.path("dropOff").path("code").asText().isEmpty());
        assertThat(switched.path("method").asText()).isEqualTo("STORE_DROPOFF");
        assertThat(switched.path("status").asText()).isEqualTo("AWAITING_DROP_OFF");
        assertThat(switched.path("actionRequired").asBoolean()).isFalse();
        List<String> timeline = as("merchant").getForObject("/api/returns/" + id + "/timeline", JsonNode.class)
                .findValuesAsText("actor");
        assertThat(timeline).contains("cs");
    }

    @Test
    void inspectorsAloneSeeInspectionsAndAnInvalidInspectionIsRefused() throws Exception {
        Map<String, Object> body = storeDropOff(newOrderId(), "S-SZ-001");
        body.put("reason", "NOT_AS_DESCRIBED");
        String id = create(body);
        String code = getReturn(id).path("dropOff").path("code").asText();
        assertThat(as("clerk").postForEntity("/api/stores/S-SZ-001/check-ins", map("code", code), JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        // the store's shipment leaves (its schedule says when) and reaches the warehouse
        timers().fire("store-shipment", "S-SZ-001", "Event_CollectionTime");
        String shipmentId = Eventually.await("the shipment of " + id, TIMEOUT,
                () -> getReturn(id).path("dropOff").path("shipmentId").asText(""), s -> !s.isBlank());
        courier().deliver(Courier.shipment(shipmentId));

        JsonNode task = awaitTask("inspector", id, "Inspect returned items");
        String taskId = task.path("id").asText();
        assertThat(getReturn(id).path("status").asText()).isEqualTo("INSPECTING");
        assertThat(tasks("cs", id)).isEmpty();
        assertThat(tasks("clerk", id)).isEmpty();

        ArrayNode items = (ArrayNode) json.readTree(as("inspector").getForObject(
                "/engine-rest/task/" + taskId + "/variables/inspectionItems?deserializeValue=false", JsonNode.class)
                .path("value").asText());
        ObjectNode line = (ObjectNode) items.get(0);
        line.put("condition", "DAMAGED");
        line.put("acceptedQuantity", 1);
        line.put("deduction", 150.00);   // the item is worth 99.00
        line.put("deductionReason", "stained");

        ResponseEntity<String> refused = complete(taskId, items, "PARTIAL");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).contains("deduction");
        assertThat(tasks("inspector", id).findValuesAsText("id")).contains(taskId);

        line.put("deduction", 20.00);
        assertThat(complete(taskId, items, "PARTIAL").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        JsonNode done = Eventually.await("the inspected return to complete", TIMEOUT, () -> getReturn(id),
                r -> "COMPLETED".equals(r.path("status").asText()));
        assertThat(done.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        // 99.00 accepted − 20.00 deduction − 8.00 drop-off freight the buyer bears
        assertThat(done.path("refund").path("amount").asText()).isEqualTo("71.00");
    }

    private ResponseEntity<String> complete(String taskId, ArrayNode items, String outcome) {
        return as("inspector").postForEntity("/engine-rest/task/" + taskId + "/complete",
                map("variables", map(
                        "inspectionItems", map("value", items.toString(), "type", "Json"),
                        "inspectionOutcome", map("value", outcome))),
                String.class);
    }
}
