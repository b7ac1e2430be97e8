package io.returnflow.exchange;

import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.platform.TaskDecisionRefused;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.support.Eventually;

/**
 * The commerce adapter against the sandbox shop over real HTTP (every scenario the sandbox plays), and the shop's
 * outcome API: the answer recorded once, the same answer again harmless, a contradicting one refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
@Import(ExchangeTestSettlements.class)
class ExchangeOrdersOverHttpTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    CommerceGateway shop;
    @Autowired
    ExchangeOrderService service;
    @Autowired
    ExchangeOrders orders;
    @Autowired
    ExchangeTestSettlements.Settlements settlements;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    FallBackFromExchange fallBack;
    @Autowired
    AskTheShop askTheShop;
    @Autowired
    ChaseExchangeOrderDecided chaseDecided;

    @Test
    void anOrdinarySkuIsConfirmedAndARepeatedKeyAnswersTheSameOrder() {
        ShopAnswer first = shop.place(request("EX-T-1", "SKU-1-BLUE-M"));
        assertThat(first.outcome()).isEqualTo(ShopAnswer.Outcome.CONFIRMED);
        assertThat(first.shopOrderId()).startsWith("SHOP-");
        assertThat(shop.place(request("EX-T-1", "SKU-1-BLUE-M"))).isEqualTo(first);
        assertThat(shop.lookup("EX-T-1")).contains(first);
    }

    @Test
    void outOfStockNamesTheSkus() {
        assertThat(shop.place(request("EX-T-2", "SKU-sandbox:out-of-stock")))
                .isEqualTo(ShopAnswer.outOfStock(List.of("SKU-sandbox:out-of-stock")));
        rest.put("/sandbox/commerce/stock/SKU-EMPTY", Map.of("available", 0));
        assertThat(shop.place(request("EX-T-3", "SKU-EMPTY"))).isEqualTo(ShopAnswer.outOfStock(List.of("SKU-EMPTY")));
    }

    @Test
    void aRefusalCarriesItsCode() {
        assertThat(shop.place(request("EX-T-4", "SKU-sandbox:refused")))
                .isEqualTo(ShopAnswer.refused("item_discontinued", "The replacement is no longer sold"));
    }

    @Test
    void pendingStaysPendingUntilTheShopDecides() {
        assertThat(shop.place(request("EX-T-5", "SKU-sandbox:pending-confirmed")).outcome())
                .isEqualTo(ShopAnswer.Outcome.PENDING);
        assertThat(shop.lookup("EX-T-5").orElseThrow().outcome()).isEqualTo(ShopAnswer.Outcome.PENDING);
    }

    @Test
    void anUnavailableShopIsRetriedWithTheSameKeyUntilItAnswers() {
        ExchangeOrderRequest order = request("EX-T-6", "SKU-sandbox:unavailable-twice");
        assertThatThrownBy(() -> shop.place(order)).isInstanceOf(CommerceUnavailableException.class)
                .hasMessageContaining("503");
        assertThatThrownBy(() -> shop.place(order)).isInstanceOf(CommerceUnavailableException.class);
        assertThat(shop.place(order).outcome()).isEqualTo(ShopAnswer.Outcome.CONFIRMED);
    }

    @Test
    void aCodeOutsideTheProtocolIsNotUnderstood() {
        assertThatThrownBy(() -> shop.place(request("EX-T-7", "SKU-sandbox:unknown-code")))
                .isInstanceOf(ShopAnswerNotUnderstoodException.class)
                .hasMessageContaining("'sandbox_unknown_code'");
    }

    @Test
    void anAnswerOutsideTheProtocolIsParkedWithNothingRecordedAsAnswered() {
        String returnId = createReturn("SKU-1-sandbox:unknown-code");

        assertThatThrownBy(() -> service.place(returnId, false)).isInstanceOf(ShopAnswerNotUnderstoodException.class)
                .hasMessageContaining("sandbox_unknown_code");

        ExchangeOrder order = orders.ofReturn(returnId).orElseThrow();
        assertThat(order.status()).as("placed, never answered").isEqualTo(ExchangeStatus.PLACING);
        assertThat(order.reason()).isNull();
        assertThat(timeline(returnId, "EXCHANGE_CONFIRMED") + timeline(returnId, "EXCHANGE_REFUSED")).isZero();
    }

    @Test
    void placingAgainAfterTheShopWasUnavailableSendsTheSameOrderOnce() {
        String returnId = createReturn("SKU-1-sandbox:unavailable-twice");
        assertThatThrownBy(() -> service.place(returnId, false)).isInstanceOf(CommerceUnavailableException.class);
        assertThatThrownBy(() -> service.place(returnId, false)).isInstanceOf(CommerceUnavailableException.class);

        ExchangeOrder placed = service.place(returnId, false);
        assertThat(placed.status()).isEqualTo(ExchangeStatus.CONFIRMED);
        assertThat(service.place(returnId, true)).as("answered: the shop is not called again").isEqualTo(placed);
        assertThat(timeline(returnId, "EXCHANGE_REQUESTED")).isEqualTo(1);
        assertThat(jdbc.sql("select tries from sandbox_commerce_orders where id = ?").param(placed.id())
                .query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void anOrderTheShopNeverTookIsNotFound() {
        assertThat(shop.lookup("EX-NEVER")).isEmpty();
    }

    @Test
    void theOutcomeIsRecordedOnceAndAContradictingOneRefused() {
        String returnId = createReturn("SKU-1-sandbox:pending-confirmed");
        ExchangeOrder placed = service.place(returnId, false);
        assertThat(placed.status()).isEqualTo(ExchangeStatus.PENDING);

        ResponseEntity<JsonNode> answered = outcome(placed.id(), Map.of("outcome", "CONFIRMED",
                "shopOrderId", "SHOP-9"));
        assertThat(answered.getStatusCode()).as(String.valueOf(answered.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(answered.getBody().path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(answered.getBody().path("shopOrderId").asText()).isEqualTo("SHOP-9");

        assertThat(outcome(placed.id(), Map.of("outcome", "CONFIRMED", "shopOrderId", "SHOP-9")).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> contradicting = outcome(placed.id(), Map.of("outcome", "OUT_OF_STOCK"));
        assertThat(contradicting.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(contradicting.getBody().path("type").asText()).endsWith("/exchange-answered");
        assertThat(outcome(placed.id(), Map.of("outcome", "CONFIRMED", "shopOrderId", "SHOP-10")).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);

        assertThat(orders.ofReturn(returnId).orElseThrow().status()).isEqualTo(ExchangeStatus.CONFIRMED);
        assertThat(timeline(returnId, "EXCHANGE_CONFIRMED")).isEqualTo(1);
        assertThat(timeline(returnId, "EXCHANGE_REQUESTED")).isEqualTo(1);
    }

    @Test
    void anUnknownOrderIsNotFoundAndBadInputNamesItsField() {
        assertThat(outcome("EX-NOPE", Map.of("outcome", "CONFIRMED", "shopOrderId", "S")).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        String returnId = createReturn("SKU-1-sandbox:pending-confirmed");
        String id = service.place(returnId, false).id();
        assertField(outcome(id, Map.of()), "outcome");
        assertField(outcome(id, Map.of("outcome", "MAYBE")), "outcome");
        assertField(outcome(id, Map.of("outcome", "CONFIRMED")), "shopOrderId");
        assertField(outcome(id, Map.of("outcome", "REFUSED", "reason", "x".repeat(1001))), "reason");
        assertThat(rest.withBasicAuth("clerk", "clerk").postForEntity("/api/exchange-orders/" + id + "/outcome",
                Map.of("outcome", "OUT_OF_STOCK"), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(orders.ofReturn(returnId).orElseThrow().status()).isEqualTo(ExchangeStatus.PENDING);
    }

    @Test
    void theLongestReasonTheOutcomeApiTakesIsKeptCutToItsColumnWithAMarker() {
        for (String outcome : List.of("OUT_OF_STOCK", "REFUSED")) {
            String returnId = createReturn("SKU-1-sandbox:unavailable-twice");
            String id = unanswered(returnId);
            String words = "r".repeat(ExchangeOrder.REASON_LENGTH);

            ResponseEntity<JsonNode> answered = outcome(id, Map.of("outcome", outcome, "reason", words));

            assertThat(answered.getStatusCode()).as(String.valueOf(answered.getBody())).isEqualTo(HttpStatus.OK);
            String kept = orders.ofReturn(returnId).orElseThrow().reason();
            assertThat(kept).hasSize(ExchangeOrder.REASON_LENGTH).endsWith("…").contains("rrr");
            assertThat(outcome(id, Map.of("outcome", outcome, "reason", words)).getStatusCode())
                    .as("the same answer again").isEqualTo(HttpStatus.OK);
            assertThat(timeline(returnId, "EXCHANGE_REFUSED")).isEqualTo(1);
        }
    }

    @Test
    void aValidShopAnswerOfAnyLengthIsRecordedCutToTheColumn() {
        String outOfStock = createReturn("SKU-1-sandbox:unavailable-twice");
        List<String> skus = java.util.stream.IntStream.range(0, 300).mapToObj(i -> "SKU-" + "X".repeat(50) + i)
                .toList();
        ExchangeOrder recorded = service.record(unanswered(outOfStock), ShopAnswer.outOfStock(skus),
                "shop");
        assertThat(recorded.status()).isEqualTo(ExchangeStatus.OUT_OF_STOCK);
        assertThat(recorded.reason()).hasSize(ExchangeOrder.REASON_LENGTH).startsWith("out of stock: SKU-")
                .endsWith("…");

        String refused = createReturn("SKU-1-sandbox:unavailable-twice");
        recorded = service.record(unanswered(refused), ShopAnswer.refused("price_changed",
                "w".repeat(5000)), "shop");
        assertThat(recorded.status()).isEqualTo(ExchangeStatus.REFUSED);
        assertThat(recorded.reason()).hasSize(ExchangeOrder.REASON_LENGTH).startsWith("price_changed: www");
    }

    @Test
    void theSandboxAnswersAPendingOrderThroughTheOutcomeApiWhenStepped() {
        String returnId = createReturn("SKU-1-sandbox:pending-out-of-stock");
        ExchangeOrder placed = service.place(returnId, false);
        assertThat(placed.status()).isEqualTo(ExchangeStatus.PENDING);

        ResponseEntity<JsonNode> stepped = rest.postForEntity("/sandbox/commerce/step", null, JsonNode.class);
        assertThat(stepped.getStatusCode()).isEqualTo(HttpStatus.OK);

        // the step decides the order; the step itself or the sandbox's tick, whichever comes first, tells it
        ExchangeOrder answered = Eventually.await("the shop's answer to " + placed.id(), Duration.ofMinutes(2),
                () -> orders.ofReturn(returnId).orElseThrow(), order -> order.status() != ExchangeStatus.PENDING);
        assertThat(answered.status()).isEqualTo(ExchangeStatus.OUT_OF_STOCK);
        assertThat(answered.reason()).contains("SKU-1-sandbox:pending-out-of-stock");
        assertThat(timeline(returnId, "EXCHANGE_REFUSED")).isEqualTo(1);
        assertThat(rest.postForEntity("/sandbox/commerce/step", null, JsonNode.class).getBody().toString())
                .as("told once").doesNotContain(placed.id());
    }

    @Test
    void anOrderTheShopConfirmedNeverFallsBack() {
        String returnId = createReturn("SKU-1-BLUE-M");
        ExchangeOrder confirmed = service.place(returnId, false);
        assertThat(confirmed.status()).isEqualTo(ExchangeStatus.CONFIRMED);
        DelegateExecution execution = mock(DelegateExecution.class);
        when(execution.getVariable("returnId")).thenReturn(returnId);

        assertThatThrownBy(() -> fallBack.execute(execution)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(confirmed.id()).hasMessageContaining("never falls back");

        assertThat(settlements.calls).noneMatch(call -> call.contains(returnId));
        assertThat(orders.ofReturn(returnId).orElseThrow().status()).isEqualTo(ExchangeStatus.CONFIRMED);
    }

    @Test
    void askingTheShopHandsTheGatewayTheOrdersStatusAsRecordedNow() {
        // the outcome API's answer came while the journey was between waits (nobody to tell): the ask reads it
        String returnId = createReturn("SKU-1-sandbox:unavailable-twice");
        String id = unanswered(returnId);
        service.recordOutcome(id, ShopAnswer.confirmed("SHOP-LATE"), "merchant");
        DelegateExecution execution = mock(DelegateExecution.class);
        when(execution.getVariable("returnId")).thenReturn(returnId);
        when(execution.getVariable("exchangeAsks")).thenReturn(1);

        askTheShop.execute(execution);

        verify(execution).setVariable("exchangeOrderStatus", "CONFIRMED");
        verify(execution).setVariable("exchangeAsks", 2);
    }

    @Test
    void customerServiceCannotGiveUpAnOrderTheShopConfirmedButMayKeepWaiting() {
        String returnId = createReturn("SKU-1-BLUE-M");
        String id = service.place(returnId, false).id();

        assertThatThrownBy(() -> chaseDecided.check(chaseDecision(returnId, "GIVE_UP")))
                .isInstanceOfSatisfying(TaskDecisionRefused.class, refused -> assertThat(refused.errors())
                        .singleElement().satisfies(error -> {
                            assertThat(error.field()).isEqualTo("exchangeChaseDecision");
                            assertThat(error.message()).contains(id, "KEEP_WAITING");
                        }));
        chaseDecided.check(chaseDecision(returnId, "KEEP_WAITING"));

        String unanswered = createReturn("SKU-1-sandbox:unavailable-twice");
        unanswered(unanswered);
        chaseDecided.check(chaseDecision(unanswered, "GIVE_UP"));
    }

    private static TaskSubmission chaseDecision(String returnId, String decision) {
        return new TaskSubmission(ChaseExchangeOrderDecided.TASK,
                Map.of("returnId", returnId, "exchangeChaseDecision", decision)::get);
    }

    /** An order placed while the shop was unavailable: ours, still unanswered, and nothing pending at the shop. */
    private String unanswered(String returnId) {
        assertThatThrownBy(() -> service.place(returnId, false)).isInstanceOf(CommerceUnavailableException.class);
        ExchangeOrder order = orders.ofReturn(returnId).orElseThrow();
        assertThat(order.status()).isEqualTo(ExchangeStatus.PLACING);
        return order.id();
    }

    private void assertField(ResponseEntity<JsonNode> answer, String field) {
        assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody().path("errors").toString()).contains("\"field\":\"" + field + "\"");
    }

    private ResponseEntity<JsonNode> outcome(String id, Map<String, Object> body) {
        return rest.withBasicAuth("merchant", "merchant").postForEntity("/api/exchange-orders/" + id + "/outcome",
                body, JsonNode.class);
    }

    private String createReturn(String replacementSku) {
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/returns",
                storeDropOff(newOrderId(), "S-SZ-001"), JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        String id = created.getBody().path("id").asText();
        settlements.replacementSku.put(id, replacementSku);
        return id;
    }

    private long timeline(String returnId, String type) {
        return jdbc.sql("select count(*) from return_events where return_id = ? and type = ?")
                .params(returnId, type).query(Long.class).single();
    }

    private static ExchangeOrderRequest request(String id, String sku) {
        return new ExchangeOrderRequest(id, "R-" + id, "SO-1", "C-1", false,
                List.of(new ExchangeOrderRequest.Line("L1", sku, "T 恤", 1, new BigDecimal("99.00"))));
    }
}
