package io.returnflow.exchange.sandbox;

import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.exchange.CommerceProperties;
import io.returnflow.exchange.ExchangeOrder;
import io.returnflow.exchange.ExchangeOrderService;
import io.returnflow.exchange.ExchangeStatus;
import io.returnflow.exchange.ExchangeTestSettlements;

/**
 * The sandbox shop as a client of the protocol sees it: a request outside the protocol is 400
 * {@code invalid_request}, never a 500 nor an order; and its telling of an answer that ReturnFlow refuses (4xx) is
 * final. Its tick is stretched out of the way: each test steps the shop itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "returnflow.commerce.sandbox.tick=3650d")
@ActiveProfiles("test")
@DirtiesContext
@Import(ExchangeTestSettlements.class)
@ExtendWith(OutputCaptureExtension.class)
class SandboxShopOverHttpTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    CommerceProperties properties;
    @Autowired
    ExchangeOrderService service;
    @Autowired
    ExchangeTestSettlements.Settlements settlements;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aRequestOutsideTheProtocolIsInvalidAndTakesNothing() {
        assertInvalid("EX-S-1", without(order("EX-S-1", "SKU-S-1", 1), "id"));
        assertInvalid("EX-S-2", without(order("EX-S-2", "SKU-S-2", 1), "returnId"));
        assertInvalid("EX-S-3", order("EX-S-3", null, 1));
        assertInvalid("EX-S-4", withLines(order("EX-S-4", "SKU-S-4", 1), java.util.Collections.singletonList(null)));
        assertInvalid("EX-S-5", order("EX-S-5", "SKU-S-5", 0));
        assertInvalid("EX-S-6", order("EX-S-6", "SKU-S-6", -3));
        assertInvalid("EX-S-7", order("EX-S-7", "S".repeat(SandboxShop.SKU_LENGTH + 1), 1));
        assertInvalid("E".repeat(SandboxShop.ID_LENGTH + 1), order("EX-S-8", "SKU-S-8", 1));
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(line("L" + i, "SKU-" + "M".repeat(60) + i, 1));
        }
        assertInvalid("EX-S-9", withLines(order("EX-S-9", "SKU-S-9", 1), many));

        assertThat(jdbc.sql("select count(*) from sandbox_commerce_orders where id like 'EX-S-%'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from sandbox_commerce_stock where sku in ('SKU-S-5', 'SKU-S-6')")
                .query(Long.class).single()).as("a quantity below one raises no stock").isZero();
        assertThat(place("EX-S-10", order("EX-S-10", "SKU-S-10", 1)).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void stockForASkuTooLongOrBelowZeroIsInvalidAndSetsNothing() {
        String tooLong = "S".repeat(SandboxShop.SKU_LENGTH + 1);
        for (String[] pathAndBody : new String[][] {{tooLong, "{\"available\": 3}"},
                {"SKU-STOCK-1", "{\"available\": -1}"}}) {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            ResponseEntity<JsonNode> refused = rest.exchange("/sandbox/commerce/stock/" + pathAndBody[0],
                    org.springframework.http.HttpMethod.PUT, new HttpEntity<>(pathAndBody[1], headers), JsonNode.class);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody().path("code").asText()).isEqualTo("invalid_request");
        }
        assertThat(jdbc.sql("select count(*) from sandbox_commerce_stock where sku = 'SKU-STOCK-1'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void anAnswerReturnFlowRefusesIsToldOnceAndNeverRepeated(CapturedOutput output) {
        String returnId = createReturn("SKU-1-sandbox:pending-confirmed");
        ExchangeOrder placed = service.place(returnId, false);
        assertThat(placed.status()).isEqualTo(ExchangeStatus.PENDING);
        // ReturnFlow heard otherwise meanwhile: the sandbox's confirmation will contradict it (409)
        assertThat(rest.withBasicAuth("merchant", "merchant").postForEntity("/api/exchange-orders/" + placed.id()
                + "/outcome", Map.of("outcome", "OUT_OF_STOCK"), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        assertThat(step()).doesNotContain(placed.id());
        assertThat(step()).as("stepped again: nothing left to tell").doesNotContain(placed.id());

        assertThat(jdbc.sql("select told_at from sandbox_commerce_orders where id = ?").param(placed.id())
                .query().singleValue()).as("told, for good").isNotNull();
        assertThat(output.getOut()).contains("exchange order " + placed.id() + " is confirmed and was refused (409)")
                .doesNotContain("could not tell exchange order " + placed.id());
        assertThat(service.place(returnId, false).status()).isEqualTo(ExchangeStatus.OUT_OF_STOCK);
    }

    private List<String> step() {
        ResponseEntity<JsonNode> stepped = rest.postForEntity("/sandbox/commerce/step", null, JsonNode.class);
        assertThat(stepped.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> told = new ArrayList<>();
        stepped.getBody().forEach(id -> told.add(id.asText()));
        return told;
    }

    private void assertInvalid(String key, Map<String, Object> order) {
        ResponseEntity<JsonNode> answer = place(key, order);
        assertThat(answer.getStatusCode()).as(key + ": " + answer.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().path("code").asText()).isEqualTo("invalid_request");
    }

    private ResponseEntity<JsonNode> place(String key, Map<String, Object> order) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(properties.apiKey());
        headers.set("Idempotency-Key", key);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.postForEntity("/sandbox/commerce/v1/exchange-orders", new HttpEntity<>(order, headers),
                JsonNode.class);
    }

    private static Map<String, Object> order(String id, String sku, int quantity) {
        Map<String, Object> order = new HashMap<>();
        order.put("id", id);
        order.put("returnId", "R-" + id);
        order.put("orderId", "SO-1");
        order.put("customerId", "C-1");
        order.put("instant", false);
        order.put("lines", List.of(line("L1", sku, quantity)));
        return order;
    }

    private static Map<String, Object> line(String lineId, String sku, int quantity) {
        Map<String, Object> line = new HashMap<>();
        line.put("lineId", lineId);
        line.put("sku", sku);
        line.put("name", "T 恤");
        line.put("quantity", quantity);
        line.put("unitPrice", "99.00");
        return line;
    }

    private static Map<String, Object> without(Map<String, Object> order, String field) {
        order.remove(field);
        return order;
    }

    private static Map<String, Object> withLines(Map<String, Object> order, List<Object> lines) {
        order.put("lines", lines);
        return order;
    }

    private String createReturn(String replacementSku) {
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/returns",
                storeDropOff(newOrderId(), "S-SZ-001"), JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        String id = created.getBody().path("id").asText();
        settlements.replacementSku.put(id, replacementSku);
        return id;
    }
}
