package io.returnflow.e2e;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.events.EventSequencer;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;
import io.returnflow.support.SharedPostgres;

/**
 * Returns whose lines are refunded, exchanged and credited, end to end on PostgreSQL: the real API, the real engine,
 * the analysts' tables {@code return-resolutions} and {@code return-risk}, the product's settlements, and the in-app
 * sandboxes of the payment provider, the store-credit system and the shop. Every case reads every ledger: the refunds
 * ({@code refunds} and the provider's {@code sandbox_payment_*}), the credits ({@code store_credits} and the credit
 * system's entries), the exchange orders ({@code exchange_orders} and the shop's orders), the return's view and the
 * merchant's events; amounts are compared exactly, and each part moves money or goods once.
 *
 * <p>The job executor is off: the test runs the journey's asynchronous steps itself, and runs a failing one again as
 * its retry cycle would. Every return is a home pickup in 广东省; the courier moves when the test steps it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("test")
@DirtiesContext
@SuppressWarnings("unchecked")
class ResolutionsEndToEndPostgresTest {

    /** The longest the carrier's webhooks may take to move a journey on; waits end as soon as they did. */
    private static final Duration COURIER = Duration.ofSeconds(120);
    /** Runs of the journey's steps before the test gives up on a journey that never settles down. */
    private static final int MAX_STEP_RUNS = 60;
    private static final String ISSUE_REFUND = "Activity_IssueRefund";
    private static final String PLACE_EXCHANGE = "Activity_PlaceExchangeOrder";
    private static final String RESOLVE_REFUSED_EXCHANGE = "Activity_ResolveRefusedExchange";
    private static final String RESOLVE_REFUND_FAILURE = "Activity_ResolveRefundFailure";

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        SharedPostgres.useNewDatabase(registry, "resolutions");
    }

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
    EventSequencer sequencer;
    @Autowired
    RepositoryService repository;

    private JourneyApi api;

    @BeforeEach
    void overHttp() {
        api = new JourneyApi(rest, COURIER);
    }

    // ------------------------------------------------------------------ 1. a mixed return

    @Test
    void aMixedReturnSettlesEachPartOnceAndKeepsTheBonusApart() {
        String orderId = newOrderId();
        String id = api.create(mixed(orderId, newCustomer(), "ch_" + orderId, "SKU-2-L"));

        // VIP, changed mind: the merchant bears the freight, apparel has no restocking fee
        JsonNode planned = api.getReturn(id).path("settlement");
        assertThat(planned.path("refund").asText()).isEqualTo("99.00");
        assertThat(planned.path("storeCredit").asText()).isEqualTo("200.00");
        assertThat(planned.path("storeCreditBonus").asText()).isEqualTo("20.00");
        assertThat(planned.path("exchangeDifference").asText()).isEqualTo("0.00");

        driveToTheExchange(id);
        assertThat(runSteps(id)).as("no step failed").isZero();

        assertSettled(id, "99.00", "200.00", "20.00", 1, 1);
        assertExchangedOnce(id, "CONFIRMED", false, "SKU-2-L");
        assertThat(new BigDecimal("99.00").add(new BigDecimal("200.00"))).isLessThanOrEqualTo(paid(id));
        assertThat(eventTypes(id)).containsOnlyOnce("exchange.requested", "exchange.confirmed", "refund.succeeded",
                "store_credit.issued").doesNotContain("exchange.refused", "store_credit.failed", "refund.failed");
    }

    // ------------------------------------------------------------------ 2. under retried providers

    @Test
    void retriedProvidersStillMoveEachPartOnce() {
        String orderId = newOrderId();
        String id = api.create(mixed(orderId, "cus_flaky", "ch_refund_flaky", "SKU-2-L-sandbox:unavailable-twice"));

        driveToTheExchange(id);
        // the shop twice unavailable, the provider and the credit system twice flaky: six failed runs, retried
        assertThat(runSteps(id)).isEqualTo(6);

        assertSettled(id, "99.00", "200.00", "20.00", 3, 3);
        assertExchangedOnce(id, "CONFIRMED", false, "SKU-2-L-sandbox:unavailable-twice");
        assertThat(jdbc.sql("select tries from sandbox_commerce_orders where return_id = ?").param(id)
                .query(Integer.class).single()).isEqualTo(3);
        assertThat(eventTypes(id)).containsOnlyOnce("exchange.requested", "exchange.confirmed", "refund.succeeded",
                "store_credit.issued");
    }

    @Test
    void aCreditWhoseAnswerWasLostIsFoundByReferenceAndNotCreditedTwice() {
        String orderId = newOrderId();
        String id = api.create(mixed(orderId, "cus_answer_lost", "ch_" + orderId, "SKU-2-L"));

        driveToTheExchange(id);
        assertThat(runSteps(id)).as("the lost answer fails one run").isEqualTo(1);

        // the credit was made on the first try; its answer lost, the retry found it by reference and sent nothing
        assertSettled(id, "99.00", "200.00", "20.00", 1, 1);
        assertThat(jdbc.sql("select count(*) from sandbox_store_credit_requests where idem_key like ?")
                .param("credit:" + id + "%").query(Long.class).single()).isEqualTo(1);
        assertExchangedOnce(id, "CONFIRMED", false, "SKU-2-L");
        assertThat(eventTypes(id)).containsOnlyOnce("store_credit.issued", "refund.succeeded");
    }

    // ------------------------------------------------------------------ 3. a refused exchange falls back

    @Test
    void aRefusedExchangeFallsBackToTheRefundTheTableNamesOnceAndARetriedRefundDoesNotFallBackAgain() {
        String orderId = newOrderId();
        String id = api.create(mixed(orderId, newCustomer(), "ch_refund_fails", "SKU-2-sandbox:out-of-stock"));

        driveToTheExchange(id);
        runSteps(id);
        // the shirt's 120.00 joins the refund; the provider refuses it
        JsonNode failure = api.awaitTask("cs", id, RESOLVE_REFUND_FAILURE);
        assertThat(api.getReturn(id).path("settlement").path("refund").asText()).isEqualTo("219.00");
        assertThat(api.timelineTypes(id)).containsOnlyOnce("EXCHANGE_FALLBACK");

        // customer service retries the refund: refused again, and the fallback is not run a second time
        assertThat(api.complete("cs", failure, map("refundFailureDecision", map("value", "RETRY"))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        runSteps(id);
        JsonNode again = api.awaitTask("cs", id, RESOLVE_REFUND_FAILURE);
        Map<String, Object> refund = refundRow(id);
        assertThat(refund.get("status")).isEqualTo("FAILED");
        assertThat((BigDecimal) refund.get("amount")).isEqualTo(new BigDecimal("219.00"));
        assertThat(api.timelineTypes(id)).containsOnlyOnce("EXCHANGE_FALLBACK");
        assertExchangedOnce(id, "OUT_OF_STOCK", false, "SKU-2-sandbox:out-of-stock");

        assertThat(api.complete("cs", again, map("refundFailureDecision", map("value", "REFUNDED_ELSEWHERE"),
                "externalRefundReference", map("value", "BANK-9"))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        runSteps(id);
        refund = refundRow(id);
        assertThat(refund.get("status")).isEqualTo("SUCCEEDED");
        assertThat((BigDecimal) refund.get("amount")).isEqualTo(new BigDecimal("219.00"));
        assertThat(providerRefunds(id)).isZero();
        assertCredited(id, "200.00", "20.00", 1);
        assertThat(api.getReturn(id).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(api.timelineTypes(id)).containsOnlyOnce("EXCHANGE_FALLBACK");
        assertExchangedOnce(id, "OUT_OF_STOCK", false, "SKU-2-sandbox:out-of-stock");
        assertThat(eventTypes(id)).containsOnlyOnce("exchange.requested", "exchange.refused", "store_credit.issued")
                .doesNotContain("exchange.confirmed");
    }

    @Test
    void aRefusedExchangeFallsBackToTheStoreCreditTheTableNamesInTheOneCredit() throws Exception {
        // the shipped rules name REFUND or CUSTOMER_SERVICE; the analysts deploy a VIP rule that names STORE_CREDIT
        String shipped = Files.readString(Path.of("processes/return-resolutions.dmn"));
        int vipRule = shipped.indexOf("<rule id=\"Rule_VipExchange\">");
        int fallback = shipped.lastIndexOf("<text>\"REFUND\"</text>", shipped.indexOf("</rule>", vipRule));
        String creditFallback = shipped.substring(0, fallback) + "<text>\"STORE_CREDIT\"</text>"
                + shipped.substring(fallback + "<text>\"REFUND\"</text>".length());
        deployResolutions(creditFallback);
        String id;
        try {
            String orderId = newOrderId();
            id = api.create(mixed(orderId, newCustomer(), "ch_" + orderId, "SKU-2-sandbox:out-of-stock"));
        } finally {
            deployResolutions(shipped);
        }
        assertThat(jdbc.sql("select exchange_fallback from return_items where return_id = ? and line_id = 'L2'")
                .param(id).query(String.class).single()).isEqualTo("STORE_CREDIT");

        driveToTheExchange(id);
        assertThat(runSteps(id)).isZero();

        // the shirt's 120.00 joins the credit, with the rule's +10 %; the refund stays the T-shirt's
        assertSettled(id, "99.00", "320.00", "32.00", 1, 1);
        assertExchangedOnce(id, "OUT_OF_STOCK", false, "SKU-2-sandbox:out-of-stock");
        assertThat(api.timelineTypes(id)).containsOnlyOnce("EXCHANGE_FALLBACK");
        assertThat(eventTypes(id)).containsOnlyOnce("exchange.requested", "exchange.refused", "refund.succeeded",
                "store_credit.issued").doesNotContain("exchange.confirmed");
    }

    private void deployResolutions(String table) {
        repository.createDeployment().name("return-resolutions").addString("return-resolutions.dmn", table).deploy();
    }

    @Test
    void aRefusedExchangeCustomerServiceCreditsIsCreditedOnceInTheOneCredit() {
        String orderId = newOrderId();
        Map<String, Object> body = homePickup(orderId);
        body.put("reason", "SIZE_FIT");
        customer(body).put("id", newCustomer());
        body.put("payment", map("provider", "sandbox", "chargeId", "ch_" + orderId, "currency", "CNY",
                "amountPaid", "328.00"));
        item(body, 0).put("resolution", "EXCHANGE");
        item(body, 0).put("exchangeFor", map("sku", "SKU-1-L-sandbox:out-of-stock", "name", "T 恤 L",
                "unitPrice", "89.00"));
        lines(body).add(map("lineId", "L2", "sku", "SKU-7", "name", "运动鞋", "category", "shoes", "quantity", 1,
                "unitPrice", "229.00", "resolution", "STORE_CREDIT"));
        String id = api.create(body);
        JsonNode planned = api.getReturn(id).path("settlement");
        assertThat(planned.path("storeCredit").asText()).isEqualTo("239.00");
        assertThat(planned.path("storeCreditBonus").asText()).isEqualTo("22.90");

        driveToTheExchange(id);
        runSteps(id);
        JsonNode choose = api.awaitTask("cs", id, RESOLVE_REFUSED_EXCHANGE);
        assertThat(api.complete("cs", choose, map("exchangeFallback", map("value", "STORE_CREDIT"))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(runSteps(id)).isZero();

        // the T-shirt's 99.00 is credited in the one credit, with its bonus
        assertCredited(id, "328.00", "32.80", 1);
        assertThat(refundRows(id)).as("nothing to refund").isLessThanOrEqualTo(1);
        assertThat(providerRefunds(id)).isZero();
        assertExchangedOnce(id, "OUT_OF_STOCK", false, "SKU-1-L-sandbox:out-of-stock");
        assertThat(api.getReturn(id).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(eventTypes(id)).containsOnlyOnce("exchange.requested", "exchange.refused", "store_credit.issued");
    }

    // ------------------------------------------------------------------ 4. two returns of one order

    @Test
    void twoReturnsOfOneOrderRefundAndCreditNoMoreThanItPaid() {
        String orderId = newOrderId();
        String customer = newCustomer();
        Map<String, Object> first = vip(homePickup(orderId), customer);
        payment(first).put("amountPaid", "250.00");
        item(first, 0).put("unitPrice", "150.00");
        String refunded = api.create(first);

        Map<String, Object> second = vip(homePickup(orderId), customer);
        payment(second).put("amountPaid", "250.00");
        item(second, 0).put("lineId", "L2");
        item(second, 0).put("sku", "SKU-2");
        item(second, 0).put("unitPrice", "150.00");
        item(second, 0).put("resolution", "STORE_CREDIT");
        String credited = api.create(second);

        // 250.00 paid − 150.00 refunded: the credit gives way to 100.00, its bonus on what is credited
        assertThat(api.getReturn(credited).path("settlement").path("storeCredit").asText()).isEqualTo("100.00");
        for (String id : List.of(refunded, credited)) {
            runSteps(id);
            courier().deliver(Courier.pickup(id, 1));
            driveToCompletion(id);
        }
        assertRefunded(refunded, "150.00", 1);
        assertThat(jdbc.sql("select count(*) from store_credits where return_id = ?").param(refunded)
                .query(Long.class).single()).isZero();
        assertThat(refundRows(credited)).as("the credited return refunds nothing").isZero();
        assertCredited(credited, "100.00", "10.00", 1);
        assertThat(new BigDecimal("150.00").add(new BigDecimal("100.00"))).isLessThanOrEqualTo(new BigDecimal("250.00"));
    }

    // ------------------------------------------------------------------ 5. settled resolutions stand

    @Test
    void customerServiceCannotChangeALineOnceTheExchangeOrderExistsOrTheCreditIsIssued() {
        String orderId = newOrderId();
        String id = api.create(mixed(orderId, newCustomer(), "ch_" + orderId, "SKU-2-sandbox:pending-confirmed"));
        driveToTheExchange(id);
        runSteps(id);
        assertThat(exchangeOrder(id).get("status")).isEqualTo("PENDING");
        assertThat(refundRows(id)).isZero();

        ResponseEntity<JsonNode> whileOrdered = changeResolution(id, "L3", map("resolution", "REFUND"));
        assertThat(whileOrdered.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(whileOrdered.getBody().path("type").asText()).endsWith("/resolution-settled");
        assertThat(changeResolution(id, "L2", map("resolution", "REFUND")).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);

        rest.postForEntity("/sandbox/commerce/step", null, String.class);
        runSteps(id);
        assertSettled(id, "99.00", "200.00", "20.00", 1, 1);
        ResponseEntity<JsonNode> afterCredit = changeResolution(id, "L3", map("resolution", "REFUND"));
        assertThat(afterCredit.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(afterCredit.getBody().path("type").asText()).endsWith("/resolution-settled");
        assertThat(api.timelineTypes(id)).doesNotContain("RESOLUTION_CHANGED");
    }

    // ------------------------------------------------------------------ 6. instant exchange

    @Test
    void aTrustedBuyerGetsTheExchangeBeforeTheHandOverAndANewBuyerDoesNot() {
        String trusted = trustedBuyer();

        String orderId = newOrderId();
        Map<String, Object> body = mixed(orderId, trusted, "ch_" + orderId, "SKU-2-L");
        body.put("instantExchange", true);
        String id = api.create(body);
        runSteps(id);
        assertThat(api.getReturn(id).path("risk").path("actions").isEmpty()).as("no rule fired").isTrue();
        assertExchangedOnce(id, "CONFIRMED", true, "SKU-2-L");
        assertThat(refundRows(id)).isZero();

        courier().deliver(Courier.pickup(id, 1));
        awaitJob(id, ISSUE_REFUND);
        runSteps(id);
        assertSettled(id, "99.00", "200.00", "20.00", 1, 1);
        assertExchangedOnce(id, "CONFIRMED", true, "SKU-2-L");

        String newOrder = newOrderId();
        Map<String, Object> newBuyer = mixed(newOrder, newCustomer(), "ch_" + newOrder, "SKU-2-L");
        newBuyer.put("instantExchange", true);
        String other = api.create(newBuyer);
        runSteps(other);
        assertThat(jdbc.sql("select count(*) from exchange_orders where return_id = ?").param(other)
                .query(Long.class).single()).as("nothing placed before the hand-over").isZero();
        driveToTheExchange(other);
        runSteps(other);
        assertSettled(other, "99.00", "200.00", "20.00", 1, 1);
        assertExchangedOnce(other, "CONFIRMED", false, "SKU-2-L");
    }

    @Test
    void anInstantExchangeTheInspectorAcceptsInPartSettlesTheAcceptedAndAsksCustomerServiceForTheExtraReplacement()
            throws Exception {
        String orderId = newOrderId();
        Map<String, Object> body = mixed(orderId, trustedBuyer(), "ch_" + orderId, "SKU-2-L");
        // two shirts exchanged: 539.00 of goods, which the inspection-routing table sends to an inspector
        lines(body).get(1).put("quantity", 2);
        payment(body).put("amountPaid", "539.00");
        body.put("instantExchange", true);
        String id = api.create(body);
        runSteps(id);
        assertExchangedOnce(id, "CONFIRMED", true, "SKU-2-L");
        assertThat(((Number) jdbc.sql("select quantity from exchange_order_lines where exchange_order_id = ?")
                .param("EX-" + id).query().singleValue()).intValue()).as("shipped at request").isEqualTo(2);

        // one of the two shirts comes back fit to keep; the T-shirt and the shoes are accepted
        courier().deliver(Courier.pickup(id, 1));
        JsonNode inspection = api.awaitTask("inspector", id, "Activity_InspectReturnedItems");
        ArrayNode items = (ArrayNode) new ObjectMapper().readTree(api.as("inspector").getForObject("/engine-rest/task/"
                + inspection.path("id").asText() + "/variables/inspectionItems?deserializeValue=false",
                JsonNode.class).path("value").asText());
        items.forEach(row -> ((ObjectNode) row).put("condition", "NEW").put("acceptedQuantity", 1)
                .put("deduction", 0));
        assertThat(api.complete("inspector", inspection, map(
                "inspectionItems", map("value", items.toString(), "type", "Json"),
                "inspectionOutcome", map("value", "PARTIAL"))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        // the accepted part is settled at once: the T-shirt refunded, the shoes credited, one shirt exchanged
        awaitJob(id, ISSUE_REFUND);
        runSteps(id);
        assertSettled(id, "99.00", "200.00", "20.00", 1, 1);
        assertExchangedOnce(id, "CONFIRMED", true, "SKU-2-L");
        assertThat(api.getReturn(id).path("actionRequired").asBoolean()).isTrue();

        // ... while customer service is asked for the second replacement, shipped for a shirt not accepted
        JsonNode recovery = api.openTask("cs", id, "Activity_RecoverShortInstantExchange");
        assertThat(recovery).as("the recovery task").isNotNull();
        assertThat(api.as("cs").getForObject("/engine-rest/task/" + recovery.path("id").asText()
                + "/variables/exchangeShortLinesText", JsonNode.class).path("value").asText())
                .isEqualTo("L2 SKU-2-L 衬衫 L: shipped 2, accepted 1");
        assertThat(api.lastEntry(id, "INSTANT_EXCHANGE_SHORT").path("detail").asText())
                .endsWith("L2 SKU-2-L 衬衫 L: shipped 2, accepted 1");
        assertThat(api.timelineTypes(id)).containsOnlyOnce("INSTANT_EXCHANGE_SHORT");

        ResponseEntity<JsonNode> refused = api.complete("cs", recovery, map("instantExchangeRecovery",
                map("value", "FORGOTTEN")));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("errors").findValuesAsText("field"))
                .containsExactly("instantExchangeRecovery");
        assertThat(api.openTask("cs", id, "Activity_RecoverShortInstantExchange")).as("still open").isNotNull();
        assertThat(api.complete("cs", recovery, map("instantExchangeRecovery", map("value", "RECOVERED")))
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(instances(id)).as("the journey ended").isEmpty();
        JsonNode done = api.getReturn(id);
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("actionRequired").asBoolean()).isFalse();
        assertThat(api.lastEntry(id, "INSTANT_EXCHANGE_RECOVERY_DECIDED").path("actor").asText()).isEqualTo("cs");
        assertRefunded(id, "99.00", 1);
    }

    /** A buyer with one return completed before: the risk table lets them have an instant exchange. */
    private String trustedBuyer() {
        String trusted = newCustomer();
        String earlierOrder = newOrderId();
        Map<String, Object> earlier = homePickup(earlierOrder);
        customer(earlier).put("id", trusted);
        String before = api.create(earlier);
        runSteps(before);
        courier().deliver(Courier.pickup(before, 1));
        awaitJob(before, ISSUE_REFUND);
        runSteps(before);
        assertThat(api.getReturn(before).path("status").asText()).isEqualTo("COMPLETED");
        return trusted;
    }

    // ------------------------------------------------------------------ the return

    /**
     * A VIP who changed their mind returns a T-shirt (99.00, refunded), a shirt (120.00, exchanged for another size
     * at the same price) and shoes (200.00, credited at the table's +10 %), of an order of 419.00.
     */
    private static Map<String, Object> mixed(String orderId, String customerId, String chargeId, String replacement) {
        Map<String, Object> body = vip(homePickup(orderId), customerId);
        body.put("payment", map("provider", "sandbox", "chargeId", chargeId, "currency", "CNY", "amountPaid",
                "419.00"));
        item(body, 0).put("resolution", "REFUND");
        lines(body).add(map("lineId", "L2", "sku", "SKU-2", "name", "衬衫", "category", "apparel", "quantity", 1,
                "unitPrice", "120.00", "resolution", "EXCHANGE",
                "exchangeFor", map("sku", replacement, "name", "衬衫 L", "unitPrice", "120.00")));
        lines(body).add(map("lineId", "L3", "sku", "SKU-3", "name", "运动鞋", "category", "shoes", "quantity", 1,
                "unitPrice", "200.00", "resolution", "STORE_CREDIT"));
        return body;
    }

    private static Map<String, Object> vip(Map<String, Object> body, String customerId) {
        body.put("reason", "CHANGED_MIND");
        customer(body).put("tier", "VIP");
        customer(body).put("id", customerId);
        return body;
    }

    private static Map<String, Object> customer(Map<String, Object> body) {
        return (Map<String, Object>) body.get("customer");
    }

    private static Map<String, Object> payment(Map<String, Object> body) {
        return (Map<String, Object>) body.get("payment");
    }

    private static List<Map<String, Object>> lines(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("items");
    }

    /** A buyer with no history: each case's risk facts are its own. */
    private static String newCustomer() {
        return "C-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ------------------------------------------------------------------ the money and goods, asserted

    private void assertSettled(String id, String refund, String credit, String bonus, long refundTries,
            long creditTries) {
        assertRefunded(id, refund, refundTries);
        assertCredited(id, credit, bonus, creditTries);
        JsonNode view = api.getReturn(id);
        assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(view.path("settlement").path("refund").asText()).isEqualTo(refund);
        assertThat(view.path("settlement").path("storeCredit").asText()).isEqualTo(credit);
        assertThat(view.path("settlement").path("storeCreditBonus").asText()).isEqualTo(bonus);
        assertThat(new BigDecimal(refund).add(new BigDecimal(credit))).isLessThanOrEqualTo(paid(id));
    }

    /** One ledger row, SUCCEEDED at the provider for exactly this amount; the provider made one refund. */
    private void assertRefunded(String id, String amount, long tries) {
        Map<String, Object> row = refundRow(id);
        assertThat(row.get("status")).as(id).isEqualTo("SUCCEEDED");
        assertThat((BigDecimal) row.get("amount")).isEqualTo(new BigDecimal(amount));
        assertThat(refundRows(id)).isEqualTo(1);
        assertThat(jdbc.sql("select coalesce(sum(attempts), 0) from sandbox_payment_requests where idem_key like ?")
                .param("refund:" + id + "%").query(Long.class).single()).as("tries at the provider").isEqualTo(tries);
        assertThat(providerRefunds(id)).as("refunds the provider made").isEqualTo(1);
        assertThat(jdbc.sql("select sum(amount) from sandbox_payment_refunds where return_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(new BigDecimal(amount).movePointRight(2).longValueExact());
        assertThat(api.getReturn(id).path("refund").path("amount").asText()).isEqualTo(amount);
    }

    /** One ledger row ISSUED for exactly this value and bonus; the credit system holds one entry of them. */
    private void assertCredited(String id, String amount, String bonus, long tries) {
        Map<String, Object> row = jdbc.sql("select * from store_credits where return_id = ?").param(id).query()
                .singleRow();
        assertThat(row.get("status")).as(id).isEqualTo("ISSUED");
        assertThat((BigDecimal) row.get("amount")).isEqualTo(new BigDecimal(amount));
        assertThat((BigDecimal) row.get("bonus")).isEqualTo(new BigDecimal(bonus));
        assertThat(((Number) row.get("attempts")).longValue()).as("tries at the credit system").isEqualTo(tries);
        Map<String, Object> entry = jdbc.sql("select * from sandbox_store_credit_entries where reference = ?")
                .param(id).query().singleRow();
        assertThat((BigDecimal) entry.get("amount")).isEqualTo(new BigDecimal(amount));
        assertThat((BigDecimal) entry.get("bonus")).isEqualTo(new BigDecimal(bonus));
        assertThat(entry.get("id")).isEqualTo(row.get("provider_credit_id"));
        JsonNode view = api.getReturn(id).path("storeCredit");
        assertThat(view.path("status").asText()).isEqualTo("ISSUED");
        assertThat(view.path("amount").asText()).isEqualTo(amount);
        assertThat(view.path("bonus").asText()).isEqualTo(bonus);
    }

    /** One exchange order at ReturnFlow and one at the shop, answered as {@code status}. */
    private void assertExchangedOnce(String id, String status, boolean instant, String sku) {
        Map<String, Object> order = exchangeOrder(id);
        assertThat(order.get("id")).isEqualTo("EX-" + id);
        assertThat(order.get("status")).isEqualTo(status);
        assertThat(order.get("instant")).isEqualTo(instant);
        Map<String, Object> shop = jdbc.sql("select * from sandbox_commerce_orders where return_id = ?").param(id)
                .query().singleRow();
        assertThat(shop.get("id")).isEqualTo("EX-" + id);
        assertThat((String) shop.get("request")).contains(sku);
        JsonNode view = api.getReturn(id).path("exchange");
        assertThat(view.path("id").asText()).isEqualTo("EX-" + id);
        assertThat(view.path("status").asText()).isEqualTo(status);
        assertThat(view.path("instant").asBoolean()).isEqualTo(instant);
        assertThat(view.path("lines").findValuesAsText("sku")).containsExactly(sku);
    }

    private Map<String, Object> exchangeOrder(String id) {
        return jdbc.sql("select * from exchange_orders where return_id = ?").param(id).query().singleRow();
    }

    private Map<String, Object> refundRow(String id) {
        return jdbc.sql("select * from refunds where return_id = ?").param(id).query().singleRow();
    }

    private long refundRows(String id) {
        return jdbc.sql("select count(*) from refunds where return_id = ?").param(id).query(Long.class).single();
    }

    private long providerRefunds(String id) {
        return jdbc.sql("select count(*) from sandbox_payment_refunds where return_id = ?").param(id)
                .query(Long.class).single();
    }

    private BigDecimal paid(String id) {
        return jdbc.sql("select amount_paid from returns where id = ?").param(id).query(BigDecimal.class).single();
    }

    private ResponseEntity<JsonNode> changeResolution(String id, String lineId, Map<String, Object> body) {
        return api.as("cs").exchange("/api/returns/" + id + "/items/" + lineId + "/resolution", HttpMethod.PUT,
                new HttpEntity<>(body), JsonNode.class);
    }

    /** Places what committed, then reads every event of the return in place order. */
    private List<String> eventTypes(String id) {
        sequencer.placeAll();
        List<String> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api.as("merchant").getForObject("/api/events?after=" + after + "&returnId=" + id,
                    JsonNode.class);
            page.path("events").forEach(e -> all.add(e.path("type").asText()));
            if (page.path("events").isEmpty()) {
                return all;
            }
            after = page.path("next").asLong();
        }
    }

    // ------------------------------------------------------------------ the journey

    /** Booked and delivered to the warehouse: the journey arrives at the exchange order. */
    private void driveToTheExchange(String id) {
        runSteps(id);
        courier().deliver(Courier.pickup(id, 1));
        awaitJob(id, PLACE_EXCHANGE);
    }

    /**
     * Runs the journey's asynchronous steps (never its timers) until none is left; a step that fails is run again,
     * as its retry cycle would. Returns how many runs failed.
     */
    private int runSteps(String id) {
        int failed = 0;
        for (int run = 0; run < MAX_STEP_RUNS; run++) {
            Job next = instances(id).stream().flatMap(instance -> management.createJobQuery()
                    .processInstanceId(instance).messages().withRetriesLeft().list().stream()).findFirst()
                    .orElse(null);
            if (next == null) {
                return failed;
            }
            try {
                management.executeJob(next.getId());
            } catch (RuntimeException retried) {
                failed++;
            }
        }
        throw new AssertionError("the journey of " + id + " kept running steps");
    }

    /** Runs the journey's steps as the carrier's news moves it on, until the return is completed. */
    private void driveToCompletion(String id) {
        Eventually.await(id + " completed", COURIER, () -> {
            runSteps(id);
            return api.getReturn(id).path("status").asText();
        }, "COMPLETED"::equals);
    }

    private Courier courier() {
        return new Courier(sandboxCourier, sandboxOrders, jdbc);
    }

    private void awaitJob(String id, String activity) {
        Eventually.await("a job of " + activity + " for " + id, COURIER, () -> instances(id).stream()
                .flatMap(instance -> management.createJobQuery().processInstanceId(instance).activityId(activity)
                        .list().stream()).findFirst().orElse(null), Objects::nonNull);
    }

    private List<String> instances(String id) {
        return runtime.createProcessInstanceQuery().processDefinitionKey("return-journey")
                .processInstanceBusinessKey(id).list().stream().map(instance -> instance.getId()).toList();
    }
}
