package io.returnflow.api;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ManagementService;
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

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;
import io.returnflow.support.Timers;

/** The HTTP contract of API.md for returns: validation, security, idempotency, conflicts, policy. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class ReturnApiTest {

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

    /** The longest the asynchronous work of a journey may take; waits end as soon as it is done. */
    static final Duration JOURNEY_TIMEOUT = Duration.ofSeconds(120);

    TestRestTemplate merchant() {
        return rest.withBasicAuth("merchant", "merchant");
    }

    ResponseEntity<JsonNode> post(TestRestTemplate client, String path, Object body, String idempotencyKey) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", idempotencyKey);
        }
        return client.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }

    long returnsOfOrder(String orderId) {
        return jdbc.sql("select count(*) from returns where order_id = ?").param(orderId).query(Long.class).single();
    }

    static List<String> fields(ResponseEntity<JsonNode> response) {
        return response.getBody().path("errors").findValuesAsText("field");
    }

    @Test
    void createsAPickupReturnThatTheCarrierBooks() {
        String orderId = newOrderId();
        ResponseEntity<JsonNode> created = post(merchant(), "/api/returns", homePickup(orderId), null);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String id = created.getBody().path("id").asText();
        assertThat(created.getHeaders().getLocation()).hasToString("/api/returns/" + id);
        assertThat(created.getBody().path("freight").path("payer").asText()).isEqualTo("MERCHANT");
        assertThat(created.getBody().path("refund").path("amount").asText()).isEqualTo("99.00");
        assertThat(created.getBody().path("refund").path("status").asText()).isEqualTo("NOT_DUE");

        Eventually.await("the courier booking", JOURNEY_TIMEOUT,
                () -> merchant().getForObject("/api/returns/" + id + "/timeline", JsonNode.class)
                        .findValuesAsText("type"),
                types -> types.contains("PICKUP_BOOKED"));
        JsonNode booked = merchant().getForObject("/api/returns/" + id, JsonNode.class);
        assertThat(booked.path("status").asText()).isNotEqualTo("REQUESTED");
        assertThat(booked.path("pickup").path("orderCode").asText()).isEqualTo("RF-" + id + "-1");
        assertThat(booked.path("pickup").path("carrier").asText()).isEqualTo("SF");
        assertThat(booked.path("pickup").path("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void withoutCredentialsIs401AndWithTheWrongRoleIs403() {
        ResponseEntity<JsonNode> anonymous = post(rest, "/api/returns", homePickup(newOrderId()), null);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getContentType().toString()).startsWith("application/problem+json");

        ResponseEntity<JsonNode> clerk = post(rest.withBasicAuth("clerk", "clerk"), "/api/returns",
                homePickup(newOrderId()), null);
        assertThat(clerk.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        // (a wrong password locks a Camunda user for a few seconds: use one no other test needs)
        ResponseEntity<JsonNode> wrongPassword = post(rest.withBasicAuth("inspector", "nope"), "/api/returns",
                homePickup(newOrderId()), null);
        assertThat(wrongPassword.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        // the failed attempt is kept (the engine's lockout counts it), though the answer is a refusal
        assertThat(jdbc.sql("select attempts_ from act_id_user where id_ = 'inspector'").query(Integer.class).single())
                .isPositive();
    }

    @Test
    void theEngineRestApiNeedsCredentials() {
        assertThat(rest.getForEntity("/engine-rest/engine", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.getForEntity("/engine-rest/process-definition", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth("admin", "admin").getForEntity("/engine-rest/engine", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        // operations see the journeys' definitions through the engine's authorizations; a clerk does not
        JsonNode opsView = rest.withBasicAuth("ops", "ops")
                .getForObject("/engine-rest/process-definition/count?key=return-journey", JsonNode.class);
        assertThat(opsView.path("count").asLong()).isEqualTo(1);
        JsonNode clerkView = rest.withBasicAuth("clerk", "clerk")
                .getForObject("/engine-rest/process-definition/count?key=return-journey", JsonNode.class);
        assertThat(clerkView.path("count").asLong()).isZero();
    }

    @Test
    void invalidFieldsAreNamedAndNothingIsWritten() {
        String orderId = newOrderId();
        Map<String, Object> body = homePickup(orderId);
        body.remove("customer");
        item(body, 0).put("quantity", 0);

        ResponseEntity<JsonNode> response = post(merchant(), "/api/returns", body, null);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(fields(response)).contains("customer", "items[0].quantity");
        assertThat(returnsOfOrder(orderId)).isZero();
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        Map<String, Object> body = homePickup(newOrderId());
        body.put("reason", "BROKEN");
        ResponseEntity<JsonNode> badEnum = post(merchant(), "/api/returns", body, null);
        assertThat(badEnum.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(badEnum)).containsExactly("reason");

        Map<String, Object> badMoney = homePickup(newOrderId());
        item(badMoney, 0).put("unitPrice", "ninety-nine");
        ResponseEntity<JsonNode> badNumber = post(merchant(), "/api/returns", badMoney, null);
        assertThat(badNumber.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(badNumber)).containsExactly("items[0].unitPrice");

        ResponseEntity<JsonNode> notJson = post(merchant(), "/api/returns", "{\"orderId\": ", null);
        assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void outOfRangeValuesAre400NotServerErrors() {
        Map<String, Object> ancient = storeDropOff(newOrderId(), "S-SZ-001");
        ancient.put("deliveredAt", "-999999999-01-01T00:00:00Z");
        ancient.remove("orderedAt");
        assertThat(fields(post(merchant(), "/api/returns", ancient, null))).containsExactly("deliveredAt");
        assertThat(post(merchant(), "/api/return-quotes", ancient, null).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);

        Map<String, Object> farWindow = homePickup(newOrderId());
        @SuppressWarnings("unchecked")
        Map<String, Object> window = (Map<String, Object>) ((Map<String, Object>) farWindow.get("pickup")).get("window");
        window.put("start", "+999999999-01-01T09:00:00+08:00");
        window.put("end", "+999999999-01-01T11:00:00+08:00");
        assertThat(fields(post(merchant(), "/api/returns", farWindow, null))).containsExactly("pickup.window.start");

        Map<String, Object> huge = storeDropOff(newOrderId(), "S-SZ-001");
        item(huge, 0).put("unitPrice", "999999999999999.00");
        item(huge, 0).put("quantity", 9999);
        assertThat(fields(post(merchant(), "/api/returns", huge, null))).containsExactly("items[0].unitPrice");

        Map<String, Object> dollars = storeDropOff(newOrderId(), "S-SZ-001");
        @SuppressWarnings("unchecked")
        Map<String, Object> payment = (Map<String, Object>) dollars.get("payment");
        payment.put("currency", "ABC");
        assertThat(fields(post(merchant(), "/api/returns", dollars, null))).containsExactly("payment.currency");
    }

    @Test
    void aLongListOfRefusalsIsStillRecordedAsRejected() {
        String orderId = newOrderId();
        Map<String, Object> body = storeDropOff(orderId, "S-SZ-001");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) body.get("items");
        items.clear();
        for (int i = 0; i < 40; i++) {
            items.add(map("lineId", "LINE-" + "X".repeat(50) + i, "sku", "SKU-" + i, "name", "rice", "category", "food",
                    "quantity", 1, "unitPrice", "1.00"));
        }

        ResponseEntity<JsonNode> refused = post(merchant(), "/api/returns", body, null);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        String id = refused.getBody().path("returnId").asText();
        assertThat(merchant().getForObject("/api/returns/" + id, JsonNode.class).path("status").asText())
                .isEqualTo("REJECTED");
    }

    @Test
    void theMethodNeedsItsDetailsAndARealWindowOrStore() {
        Map<String, Object> noPickup = homePickup(newOrderId());
        noPickup.remove("pickup");
        assertThat(fields(post(merchant(), "/api/returns", noPickup, null))).containsExactly("pickup");

        Map<String, Object> unknownStore = storeDropOff(newOrderId(), "S-NOWHERE");
        assertThat(fields(post(merchant(), "/api/returns", unknownStore, null))).containsExactly("dropOff.storeId");

        Map<String, Object> nightWindow = homePickup(newOrderId());
        @SuppressWarnings("unchecked")
        Map<String, Object> window = (Map<String, Object>) ((Map<String, Object>) nightWindow.get("pickup")).get("window");
        String start = (String) window.get("start");
        window.put("start", start.replace("T09:00", "T02:00"));
        window.put("end", start.replace("T09:00", "T04:00"));
        assertThat(fields(post(merchant(), "/api/returns", nightWindow, null))).containsExactly("pickup.window.start");
    }

    @Test
    void theSameIdempotencyKeyAnswersTheFirstReturnAndRefusesAnotherBody() {
        String orderId = newOrderId();
        Map<String, Object> body = storeDropOff(orderId, "S-SZ-001");

        ResponseEntity<JsonNode> first = post(merchant(), "/api/returns", body, "key-" + orderId);
        ResponseEntity<JsonNode> again = post(merchant(), "/api/returns", body, "key-" + orderId);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().path("id").asText()).isEqualTo(first.getBody().path("id").asText());
        assertThat(returnsOfOrder(orderId)).isEqualTo(1);

        body.put("reason", "WRONG_ITEM");
        ResponseEntity<JsonNode> otherBody = post(merchant(), "/api/returns", body, "key-" + orderId);
        assertThat(otherBody.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(returnsOfOrder(orderId)).isEqualTo(1);
    }

    @Test
    void aSecondOpenReturnForTheSameOrderLineIs409() {
        String orderId = newOrderId();
        ResponseEntity<JsonNode> first = post(merchant(), "/api/returns", storeDropOff(orderId, "S-SZ-001"), null);
        ResponseEntity<JsonNode> second = post(merchant(), "/api/returns", homePickup(orderId), null);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(second.getBody().path("detail").asText()).contains("L1").contains(first.getBody().path("id").asText());
        assertThat(returnsOfOrder(orderId)).isEqualTo(1);
    }

    @Test
    void aReturnThePolicyRefusesIs422AndRecordedAsRejected() {
        String orderId = newOrderId();
        Map<String, Object> body = storeDropOff(orderId, "S-SZ-001");
        item(body, 0).put("category", "food");

        ResponseEntity<JsonNode> refused = post(merchant(), "/api/returns", body, null);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refused.getBody().path("type").asText()).endsWith("/not-eligible");
        assertThat(refused.getBody().path("reasons")).isNotEmpty();
        String id = refused.getBody().path("returnId").asText();
        JsonNode recorded = merchant().getForObject("/api/returns/" + id, JsonNode.class);
        assertThat(recorded.path("status").asText()).isEqualTo("REJECTED");
        JsonNode listed = merchant().getForObject("/api/returns?orderId=" + orderId, JsonNode.class);
        assertThat(listed.path("content")).hasSize(1);
        assertThat(listed.path("content").get(0).path("status").asText()).isEqualTo("REJECTED");
        assertThat(listed.path("totalElements").asLong()).isEqualTo(1);

        // a refused return holds no order line: an eligible one for the same line is accepted
        ResponseEntity<JsonNode> accepted = post(merchant(), "/api/returns", storeDropOff(orderId, "S-SZ-001"), null);
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void everyLineIsCheckedAndOnlyTheRefusedOnesAreNamed() {
        for (int refusedLine : new int[] {0, 2}) {
            Map<String, Object> body = storeDropOff(newOrderId(), "S-SZ-001");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) body.get("items");
            items.add(map("lineId", "L2", "sku", "SKU-2", "name", "袜子", "category", "apparel", "quantity", 1,
                    "unitPrice", "19.00"));
            items.add(map("lineId", "L3", "sku", "SKU-3", "name", "帽子", "category", "apparel", "quantity", 1,
                    "unitPrice", "29.00"));
            item(body, refusedLine).put("category", "food");
            String refusedLineId = (String) item(body, refusedLine).get("lineId");

            ResponseEntity<JsonNode> refused = post(merchant(), "/api/returns", body, null);

            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            JsonNode reasonNodes = refused.getBody().path("reasons");
            assertThat(reasonNodes).as("line %s refused", refusedLineId).hasSize(1);
            assertThat(reasonNodes.get(0).asText()).startsWith(refusedLineId + ": ").contains("food");
        }

        // two lines refused: both named, the second added to the first
        Map<String, Object> twice = storeDropOff(newOrderId(), "S-SZ-001");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) twice.get("items");
        lines.add(map("lineId", "L2", "sku", "SKU-2", "name", "袜子", "category", "apparel", "quantity", 1,
                "unitPrice", "19.00"));
        lines.add(map("lineId", "L3", "sku", "SKU-3", "name", "帽子", "category", "apparel", "quantity", 1,
                "unitPrice", "29.00"));
        item(twice, 0).put("category", "food");
        item(twice, 2).put("category", "food");
        ResponseEntity<JsonNode> refusedTwice = post(merchant(), "/api/returns", twice, null);
        assertThat(refusedTwice.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refusedTwice.getBody().path("reasons")).extracting(JsonNode::asText)
                .satisfiesExactly(first -> assertThat(first).startsWith(item(twice, 0).get("lineId") + ": "),
                        second -> assertThat(second).startsWith("L3: "));

        // all three lines returnable: accepted
        Map<String, Object> fine = storeDropOff(newOrderId(), "S-SZ-001");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) fine.get("items");
        items.add(map("lineId", "L2", "sku", "SKU-2", "name", "袜子", "category", "apparel", "quantity", 1,
                "unitPrice", "19.00"));
        assertThat(post(merchant(), "/api/returns", fine, null).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void aDropOffReturnCanBeCancelledOnceAndItsCodeNoLongerChecksIn() {
        ResponseEntity<JsonNode> created = post(merchant(), "/api/returns", storeDropOff(newOrderId(), "S-SZ-001"),
                null);
        String id = created.getBody().path("id").asText();
        String code = created.getBody().path("dropOff").path("code").asText();
        assertThat(created.getBody().path("status").asText()).isEqualTo("AWAITING_DROP_OFF");
        assertThat(code).matches("[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}");

        ResponseEntity<JsonNode> cancelled = post(merchant(), "/api/returns/" + id + "/cancellation",
                map("reason", "changed my mind"), null);
        assertThat(cancelled.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(cancelled.getBody().path("status").asText()).isEqualTo("CANCELLED");

        ResponseEntity<JsonNode> again = post(merchant(), "/api/returns/" + id + "/cancellation", map(), null);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        ResponseEntity<JsonNode> checkIn = post(rest.withBasicAuth("clerk", "clerk"), "/api/stores/S-SZ-001/check-ins",
                map("code", code), null);
        assertThat(checkIn.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(checkIn.getBody().path("detail").asText()).contains("cancelled");
    }

    @Test
    void aTrustedBuyerIsRefundedAtTheCounterBeforeTheParcelLeavesTheStore() {
        Map<String, Object> body = storeDropOff(newOrderId(), "S-SH-001");
        @SuppressWarnings("unchecked")
        Map<String, Object> customer = (Map<String, Object>) body.get("customer");
        customer.put("tier", "VIP");

        // the quote and the return say when the refund-timing table will refund
        assertThat(post(merchant(), "/api/return-quotes", body, null).getBody().path("refund").path("due").asText())
                .isEqualTo("AT_DROP_OFF");
        ResponseEntity<JsonNode> created = post(merchant(), "/api/returns", body, null);
        assertThat(created.getBody().path("refund").path("due").asText()).isEqualTo("AT_DROP_OFF");
        assertThat(created.getBody().path("refund").path("status").asText()).isEqualTo("NOT_DUE");
        String id = created.getBody().path("id").asText();

        ResponseEntity<JsonNode> checkedIn = post(rest.withBasicAuth("clerk", "clerk"),
                "/api/stores/S-SH-001/check-ins", map("code", created.getBody().path("dropOff").path("code").asText()),
                null);
        assertThat(checkedIn.getStatusCode()).isEqualTo(HttpStatus.OK);
        // the store's shipment leaves when its schedule says, and the courier takes it to the warehouse
        new Timers(runtime, management).fire("store-shipment", "S-SH-001", "Event_CollectionTime");
        String shipmentId = Eventually.await("the shipment of " + id, JOURNEY_TIMEOUT,
                () -> merchant().getForObject("/api/returns/" + id, JsonNode.class).path("dropOff")
                        .path("shipmentId").asText(""), s -> !s.isBlank());
        new Courier(sandboxCourier, sandboxOrders, jdbc).deliver(Courier.shipment(shipmentId));

        JsonNode done = Eventually.await("the return to complete", JOURNEY_TIMEOUT,
                () -> merchant().getForObject("/api/returns/" + id, JsonNode.class),
                r -> "COMPLETED".equals(r.path("status").asText()));
        assertThat(done.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        List<String> timeline = merchant().getForObject("/api/returns/" + id + "/timeline", JsonNode.class)
                .findValuesAsText("type");
        // refunded at the counter, long before the warehouse signs; at receipt it is only confirmed
        assertThat(timeline).containsSubsequence("REFUND_TIMING", "CHECKED_IN", "REFUNDED", "SIGNED",
                "REFUND_CONFIRMED", "COMPLETED");
        assertThat(timeline.stream().filter("REFUNDED"::equals)).hasSize(1);
        assertThat(jdbc.sql("select count(*) from sandbox_payment_refunds where return_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aMistypedCodeIsCaughtAndAnUnknownOneIs404() {
        ResponseEntity<JsonNode> created = post(merchant(), "/api/returns", storeDropOff(newOrderId(), "S-SZ-002"),
                null);
        String code = created.getBody().path("dropOff").path("code").asText();
        TestRestTemplate clerk = rest.withBasicAuth("clerk", "clerk");

        char first = code.charAt(0);
        String typo = (first == '2' ? '3' : '2') + code.substring(1);
        ResponseEntity<JsonNode> mistyped = post(clerk, "/api/stores/S-SZ-002/check-ins", map("code", typo), null);
        assertThat(mistyped.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(mistyped)).containsExactly("code");

        ResponseEntity<JsonNode> otherStore = post(clerk, "/api/stores/S-SZ-001/check-ins", map("code", code), null);
        assertThat(otherStore.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(otherStore.getBody().path("detail").asText()).contains("S-SZ-002");

        ResponseEntity<JsonNode> lowerCase = post(clerk, "/api/stores/S-SZ-002/check-ins",
                map("code", code.toLowerCase().replace("-", " ")), null);
        assertThat(lowerCase.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(lowerCase.getBody().path("status").asText()).isEqualTo("IN_TRANSIT");

        ResponseEntity<JsonNode> reused = post(clerk, "/api/stores/S-SZ-002/check-ins", map("code", code), null);
        assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reused.getBody().path("detail").asText()).contains("already used");
    }

    @Test
    void twoReturnsOfOneOrderNeverRefundMoreThanWasPaid() {
        String orderId = newOrderId();
        Map<String, Object> first = storeDropOff(orderId, "S-SZ-001");
        @SuppressWarnings("unchecked")
        Map<String, Object> payment = (Map<String, Object>) first.get("payment");
        payment.put("amountPaid", "100.00");
        item(first, 0).put("unitPrice", "80.00");
        Map<String, Object> second = storeDropOff(orderId, "S-SZ-001");
        second.put("payment", payment);
        item(second, 0).put("lineId", "L2");
        item(second, 0).put("unitPrice", "80.00");

        ResponseEntity<JsonNode> a = post(merchant(), "/api/returns", first, null);
        ResponseEntity<JsonNode> b = post(merchant(), "/api/returns", second, null);

        assertThat(a.getBody().path("refund").path("amount").asText()).isEqualTo("80.00");
        assertThat(b.getBody().path("refund").path("amount").asText()).as("what is left of the 100.00 paid")
                .isEqualTo("20.00");
    }

    @Test
    void theOrdersFirstReturnFixesItsPaymentAndALaterReturnStatingAnotherIs409() {
        String orderId = newOrderId();
        Map<String, Object> first = storeDropOff(orderId, "S-SZ-001");
        payment(first).put("amountPaid", "100.00");
        item(first, 0).put("unitPrice", "80.00");
        assertThat(post(merchant(), "/api/returns", first, null).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Map<String, Object> second = storeDropOff(orderId, "S-SZ-001");
        payment(second).put("amountPaid", "300.00");
        item(second, 0).put("lineId", "L2");
        item(second, 0).put("unitPrice", "80.00");

        for (String path : List.of("/api/returns", "/api/return-quotes")) {
            ResponseEntity<JsonNode> overstated = post(merchant(), path, second, null);
            assertThat(overstated.getStatusCode()).as(path).isEqualTo(HttpStatus.CONFLICT);
            assertThat(overstated.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat(overstated.getBody().path("type").asText()).endsWith("/order-payment-differs");
            assertThat(fields(overstated)).containsExactly("payment.amountPaid");
            assertThat(overstated.getBody().path("errors").get(0).path("message").asText())
                    .contains("100.00 CNY", orderId);
        }
        payment(second).put("amountPaid", "100");
        payment(second).put("chargeId", "ch_other");
        assertThat(fields(post(merchant(), "/api/returns", second, null))).containsExactly("payment.chargeId");
        assertThat(returnsOfOrder(orderId)).as("nothing recorded").isEqualTo(1);

        payment(second).put("chargeId", "ch_" + orderId);
        ResponseEntity<JsonNode> same = post(merchant(), "/api/returns", second, "key-again-" + orderId);
        assertThat(same.getStatusCode()).as("the same figure, written otherwise").isEqualTo(HttpStatus.CREATED);
        assertThat(same.getBody().path("refund").path("amount").asText()).as("what is left of the 100.00 paid")
                .isEqualTo("20.00");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> payment(Map<String, Object> body) {
        return (Map<String, Object>) body.get("payment");
    }

    @Test
    void quotesHaveNoSideEffects() {
        String orderId = newOrderId();
        Map<String, Object> body = homePickup(orderId);
        body.put("reason", "CHANGED_MIND");
        ResponseEntity<JsonNode> quote = post(merchant(), "/api/return-quotes", body, null);

        assertThat(quote.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(quote.getBody().path("eligible").asBoolean()).isTrue();
        assertThat(quote.getBody().path("freight").path("payer").asText()).isEqualTo("BUYER");
        assertThat(quote.getBody().path("refund").path("freightDeducted").asText()).isEqualTo("12.00");
        assertThat(quote.getBody().path("refund").path("amount").asText()).isEqualTo("87.00");
        assertThat(returnsOfOrder(orderId)).isZero();
    }

    @Test
    void storesWindowsAndTheQrImageAreServed() {
        JsonNode stores = merchant().getForObject("/api/stores?city=深圳市", JsonNode.class);
        assertThat(stores.findValuesAsText("id")).contains("S-SZ-001", "S-SZ-002");

        String tomorrow = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(1).toString();
        JsonNode windows = merchant().getForObject("/api/pickup-windows?city=深圳市&date=" + tomorrow, JsonNode.class);
        assertThat(windows.path("windows")).hasSize(5);

        ResponseEntity<JsonNode> created = post(merchant(), "/api/returns", storeDropOff(newOrderId(), "S-SZ-001"),
                null);
        ResponseEntity<byte[]> png = merchant().getForEntity(created.getBody().path("dropOff").path("qr").asText(),
                byte[].class);
        assertThat(png.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(png.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        assertThat(png.getBody()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
}
