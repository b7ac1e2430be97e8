package io.returnflow.api;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

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
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnSettlements;

/**
 * Refund, store credit or exchange per returned line through the HTTP API: the request's fields, the analysts'
 * table's verdict, the quote, the return's view of its lines and parts, customer service's change of a line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class ResolutionApiTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ReturnSettlements settlements;

    @Autowired
    TransactionTemplate transaction;

    TestRestTemplate merchant() {
        return rest.withBasicAuth("merchant", "merchant");
    }

    TestRestTemplate cs() {
        return rest.withBasicAuth("cs", "cs");
    }

    ResponseEntity<JsonNode> send(TestRestTemplate client, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return client.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }

    long returnsOfOrder(String orderId) {
        return jdbc.sql("select count(*) from returns where order_id = ?").param(orderId).query(Long.class).single();
    }

    static List<String> fields(ResponseEntity<JsonNode> response) {
        return response.getBody().path("errors").findValuesAsText("field");
    }

    /** A size that does not fit: a T-shirt exchanged for a cheaper size, shoes taken as store credit. */
    static Map<String, Object> sizeFit(String orderId) {
        Map<String, Object> body = storeDropOff(orderId, "S-SH-001");
        body.put("reason", "SIZE_FIT");
        body.put("payment", map("provider", "sandbox", "chargeId", "ch_" + orderId, "currency", "CNY",
                "amountPaid", "328.00"));
        item(body, 0).put("resolution", "EXCHANGE");
        item(body, 0).put("exchangeFor", map("sku", "SKU-1-L", "name", "T 恤 L", "unitPrice", "89.00"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) body.get("items");
        items.add(map("lineId", "L2", "sku", "SKU-7", "name", "运动鞋", "category", "shoes", "quantity", 1,
                "unitPrice", "229.00", "resolution", "STORE_CREDIT"));
        return body;
    }

    @Test
    void theResolutionFieldsAreCheckedAndNamedAndNothingIsRecorded() {
        String orderId = newOrderId();
        Map<String, Object> noReplacement = homePickup(orderId);
        item(noReplacement, 0).put("resolution", "EXCHANGE");
        Map<String, Object> replacementOfARefund = homePickup(orderId);
        item(replacementOfARefund, 0).put("exchangeFor", map("sku", "SKU-1-L", "name", "T 恤 L", "unitPrice", "99.00"));
        Map<String, Object> sameSku = homePickup(orderId);
        item(sameSku, 0).put("resolution", "EXCHANGE");
        item(sameSku, 0).put("exchangeFor", map("sku", "SKU-1", "name", "T 恤", "unitPrice", "99.00"));
        Map<String, Object> dearer = homePickup(orderId);
        item(dearer, 0).put("resolution", "EXCHANGE");
        item(dearer, 0).put("exchangeFor", map("sku", "SKU-1-XL", "name", "T 恤 XL", "unitPrice", "99.01"));
        Map<String, Object> instantWithoutExchange = homePickup(orderId);
        instantWithoutExchange.put("instantExchange", true);
        Map<String, Object> unknown = homePickup(orderId);
        item(unknown, 0).put("resolution", "VOUCHER");

        for (String path : List.of("/api/returns", "/api/return-quotes")) {
            assertThat(fields(send(merchant(), HttpMethod.POST, path, noReplacement)))
                    .containsExactly("items[0].exchangeFor");
            assertThat(fields(send(merchant(), HttpMethod.POST, path, replacementOfARefund)))
                    .containsExactly("items[0].exchangeFor");
            assertThat(fields(send(merchant(), HttpMethod.POST, path, sameSku)))
                    .containsExactly("items[0].exchangeFor.sku");
            ResponseEntity<JsonNode> tooDear = send(merchant(), HttpMethod.POST, path, dearer);
            assertThat(tooDear.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(fields(tooDear)).containsExactly("items[0].exchangeFor.unitPrice");
            assertThat(tooDear.getBody().path("detail").asText()).contains("99.00", "a dearer item is a new order");
            assertThat(fields(send(merchant(), HttpMethod.POST, path, instantWithoutExchange)))
                    .containsExactly("instantExchange");
            assertThat(send(merchant(), HttpMethod.POST, path, unknown).getStatusCode())
                    .isEqualTo(HttpStatus.BAD_REQUEST);
        }
        assertThat(returnsOfOrder(orderId)).isZero();
    }

    @Test
    void aResolutionTheTableDoesNotAllowIs422NamingTheLineAndWhatItAllows() {
        String orderId = newOrderId();
        // a defect is the seller's fault: refund or exchange, no store credit
        Map<String, Object> body = homePickup(orderId);
        item(body, 0).put("resolution", "STORE_CREDIT");

        for (String path : List.of("/api/returns", "/api/return-quotes")) {
            ResponseEntity<JsonNode> refused = send(merchant(), HttpMethod.POST, path, body);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat(refused.getBody().path("type").asText()).endsWith("/resolution-not-allowed");
            assertThat(fields(refused)).containsExactly("items[0].resolution");
            assertThat(refused.getBody().path("errors").get(0).path("message").asText())
                    .contains("STORE_CREDIT", "sellers-fault", "allowed: REFUND, EXCHANGE");
        }
        assertThat(returnsOfOrder(orderId)).isZero();
    }

    @Test
    void aMixedReturnPlansEachPartAndShowsItPerLine() {
        String orderId = newOrderId();
        Map<String, Object> body = sizeFit(orderId);
        body.put("instantExchange", true);

        JsonNode quote = send(merchant(), HttpMethod.POST, "/api/return-quotes", body).getBody();
        assertThat(quote.path("lines").get(0).path("allowed").findValuesAsText("resolution"))
                .containsExactly("REFUND", "STORE_CREDIT", "EXCHANGE");
        assertThat(quote.path("lines").get(0).path("allowed").get(2).path("amount").asText()).isEqualTo("10.00");
        assertThat(quote.path("lines").get(1).path("allowed").get(1).path("bonus").asText()).isEqualTo("22.90");
        assertThat(quote.path("lines").findValuesAsText("chosen")).containsExactly("EXCHANGE", "STORE_CREDIT");
        assertThat(quote.path("lines").findValuesAsText("rule")).containsExactly("size-fit", "size-fit");
        // the items are worth 328.00: the merchant pays the freight; the T-shirt's 10.00 difference is credited
        JsonNode planned = quote.path("settlement");
        assertThat(planned.path("refund").asText()).isEqualTo("0.00");
        assertThat(planned.path("storeCredit").asText()).isEqualTo("239.00");
        assertThat(planned.path("storeCreditBonus").asText()).isEqualTo("22.90");
        assertThat(planned.path("exchangeDifference").asText()).isEqualTo("10.00");
        assertThat(quote.path("refund").path("amount").asText()).isEqualTo("0.00");
        assertThat(quote.path("refund").path("due").asText()).isNotEqualTo("AT_DROP_OFF");

        ResponseEntity<JsonNode> created = send(merchant(), HttpMethod.POST, "/api/returns", body);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String id = created.getBody().path("id").asText();
        JsonNode view = merchant().getForObject("/api/returns/" + id, JsonNode.class);
        assertThat(view.path("items").findValuesAsText("resolution")).containsExactly("EXCHANGE", "STORE_CREDIT");
        assertThat(view.path("items").get(0).path("exchangeFor").path("sku").asText()).isEqualTo("SKU-1-L");
        assertThat(view.path("items").get(0).path("exchangeFor").path("unitPrice").asText()).isEqualTo("89.00");
        assertThat(view.path("items").get(1).path("exchangeFor").isNull()).isTrue();
        assertThat(view.path("items").findValuesAsText("resolutionRule")).containsExactly("size-fit", "size-fit");
        assertThat(view.path("settlement")).isEqualTo(planned);
        assertThat(view.path("refund").path("due").asText()).as("never at hand-over with an exchanged line")
                .isNotEqualTo("AT_DROP_OFF");

        Map<String, Object> stored = jdbc.sql("""
                        select credit_amount, credit_bonus, instant_exchange_requested, process_instance_id
                          from returns where id = ?""").param(id).query().singleRow();
        assertThat((BigDecimal) stored.get("credit_amount")).isEqualByComparingTo("239.00");
        assertThat((BigDecimal) stored.get("credit_bonus")).isEqualByComparingTo("22.90");
        assertThat(stored.get("instant_exchange_requested")).isEqualTo(true);
        assertThat(runtime.getVariable((String) stored.get("process_instance_id"), "instantExchangeRequested"))
                .isEqualTo(true);
        Map<String, Object> line = jdbc.sql("""
                        select exchange_fallback, exchange_difference_to, credit_bonus_percent from return_items
                         where return_id = ? and line_id = 'L1'""").param(id).query().singleRow();
        assertThat(line.get("exchange_fallback")).isEqualTo("CUSTOMER_SERVICE");
        assertThat(line.get("exchange_difference_to")).isEqualTo("STORE_CREDIT");
        assertThat((BigDecimal) line.get("credit_bonus_percent")).isEqualByComparingTo("10");
    }

    @Test
    void anOrdersReturnsRefundAndCreditNoMoreThanItPaid() {
        String orderId = newOrderId();
        Map<String, Object> first = homePickup(orderId);
        first.put("reason", "CHANGED_MIND");
        ((Map<String, Object>) first.get("customer")).put("tier", "VIP");
        ((Map<String, Object>) first.get("payment")).put("amountPaid", "150.00");
        item(first, 0).put("resolution", "STORE_CREDIT");
        JsonNode credited = send(merchant(), HttpMethod.POST, "/api/returns", first).getBody();
        assertThat(credited.path("settlement").path("storeCredit").asText()).isEqualTo("99.00");
        assertThat(credited.path("settlement").path("storeCreditBonus").asText()).isEqualTo("9.90");

        Map<String, Object> second = homePickup(orderId);
        second.put("reason", "CHANGED_MIND");
        ((Map<String, Object>) second.get("customer")).put("tier", "VIP");
        ((Map<String, Object>) second.get("payment")).put("amountPaid", "150.00");
        item(second, 0).put("lineId", "L2");
        JsonNode refunded = send(merchant(), HttpMethod.POST, "/api/returns", second).getBody();
        assertThat(refunded.path("refund").path("amount").asText()).as("150.00 paid − 99.00 credited")
                .isEqualTo("51.00");
        assertThat(refunded.path("settlement").path("storeCredit").asText()).isEqualTo("0.00");
    }

    @Test
    void customerServiceChangesALineWhileNoPartIsSettled() {
        String id = send(merchant(), HttpMethod.POST, "/api/returns", homePickup(newOrderId())).getBody().path("id")
                .asText();
        String path = "/api/returns/" + id + "/items/L1/resolution";
        Map<String, Object> exchange = map("resolution", "EXCHANGE",
                "exchangeFor", map("sku", "SKU-1-L", "name", "T 恤 L", "unitPrice", "99.00"));

        assertThat(send(merchant(), HttpMethod.PUT, path, exchange).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(fields(send(cs(), HttpMethod.PUT, path, map("resolution", "EXCHANGE"))))
                .containsExactly("exchangeFor");
        assertThat(fields(send(cs(), HttpMethod.PUT, path, map("resolution", "EXCHANGE",
                "exchangeFor", map("sku", "SKU-1-L", "name", "T 恤 L", "unitPrice", "100.00")))))
                .containsExactly("exchangeFor.unitPrice");
        assertThat(fields(send(cs(), HttpMethod.PUT, path, map()))).containsExactly("resolution");
        ResponseEntity<JsonNode> credit = send(cs(), HttpMethod.PUT, path, map("resolution", "STORE_CREDIT"));
        assertThat(credit.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(fields(credit)).containsExactly("resolution");
        assertThat(send(cs(), HttpMethod.PUT, "/api/returns/" + id + "/items/L9/resolution", exchange)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(send(cs(), HttpMethod.PUT, "/api/returns/R-NONE/items/L1/resolution", exchange)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        ResponseEntity<JsonNode> changed = send(cs(), HttpMethod.PUT, path, exchange);
        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(changed.getBody().path("items").get(0).path("resolution").asText()).isEqualTo("EXCHANGE");
        assertThat(changed.getBody().path("items").get(0).path("resolutionRule").asText()).isEqualTo("sellers-fault");
        assertThat(changed.getBody().path("settlement").path("refund").asText()).isEqualTo("0.00");
        assertThat(changed.getBody().path("refund").path("amount").asText()).isEqualTo("0.00");
        JsonNode timeline = cs().getForObject("/api/returns/" + id + "/timeline", JsonNode.class);
        JsonNode event = java.util.stream.StreamSupport.stream(timeline.spliterator(), false)
                .filter(e -> e.path("type").asText().equals("RESOLUTION_CHANGED")).findFirst().orElseThrow();
        assertThat(event.path("actor").asText()).isEqualTo("cs");
        assertThat(event.path("detail").asText()).contains("L1: REFUND → EXCHANGE for SKU-1-L", "sellers-fault");

        // once the ledger holds a refund, even one only intended (its amount fixed), the resolutions stand
        jdbc.sql("""
                        insert into refunds (return_id, idempotency_key, charge_id, amount, currency, status, created_at,
                          updated_at) values (?, ?, 'ch_x', 99.00, 'CNY', 'INTENDED', current_timestamp,
                          current_timestamp)""")
                .params(id, "refund-" + id).update();
        ResponseEntity<JsonNode> settled = send(cs(), HttpMethod.PUT, path, map("resolution", "REFUND"));
        assertThat(settled.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(settled.getBody().path("type").asText()).endsWith("/resolution-settled");
        assertThat(settled.getBody().path("detail").asText()).contains("refund INTENDED");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClosedReturnsResolutionsStand() {
        // refused by the eligibility table at request: closed at once, no job of its journey left to move it
        Map<String, Object> food = homePickup(newOrderId());
        ((List<Map<String, Object>>) food.get("items")).get(0).put("category", "food");
        ResponseEntity<JsonNode> rejected = send(merchant(), HttpMethod.POST, "/api/returns", food);
        assertThat(rejected.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        String id = rejected.getBody().path("returnId").asText();
        assertThat(jdbc.sql("select status from returns where id = ?").param(id).query(String.class).single())
                .isEqualTo("REJECTED");

        ResponseEntity<JsonNode> closed = send(cs(), HttpMethod.PUT, "/api/returns/" + id + "/items/L1/resolution",
                map("resolution", "REFUND"));
        assertThat(closed.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(closed.getBody().path("type").asText()).endsWith("/resolution-settled");
    }
    @Test
    void aHandedOverParcelsOrAnInstantExchangesResolutionsStand() {
        // a drop-off waiting for the buyer: no step of its journey moves it until the clerk checks the parcel in
        ResponseEntity<JsonNode> created = send(merchant(), HttpMethod.POST, "/api/returns", sizeFit(newOrderId()));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String id = created.getBody().path("id").asText();
        String path = "/api/returns/" + id + "/items/L2/resolution";
        // the clerk's check-in moves the return's row: from then on its parts are being settled
        jdbc.sql("update returns set status = 'IN_TRANSIT' where id = ? and status = 'AWAITING_DROP_OFF'").param(id)
                .update();
        ResponseEntity<JsonNode> handedOver = send(cs(), HttpMethod.PUT, path, map("resolution", "REFUND"));
        assertThat(handedOver.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(handedOver.getBody().path("type").asText()).endsWith("/resolution-settled");
        assertThat(handedOver.getBody().path("detail").asText()).contains("handed over");

        // an instant exchange is ordered at request: its return's lines stand from the start
        Map<String, Object> instant = sizeFit(newOrderId());
        instant.put("instantExchange", true);
        ResponseEntity<JsonNode> asked = send(merchant(), HttpMethod.POST, "/api/returns", instant);
        assertThat(asked.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ResponseEntity<JsonNode> ordered = send(cs(), HttpMethod.PUT,
                "/api/returns/" + asked.getBody().path("id").asText() + "/items/L2/resolution",
                map("resolution", "REFUND"));
        assertThat(ordered.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        // refused as asked for, or as placed already when the order's job ran first
        assertThat(ordered.getBody().path("type").asText()).endsWith("/resolution-settled");
        assertThat(ordered.getBody().path("detail").asText()).containsAnyOf("instant exchange", "exchange order");
    }

    /** A VIP's small return the refund-timing table refunds at hand-over, for a reason of the buyer's own. */
    static Map<String, Object> vipChangedMind(String orderId) {
        Map<String, Object> body = homePickup(orderId);
        body.put("reason", "CHANGED_MIND");
        customer(body).put("tier", "VIP");
        return body;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> customer(Map<String, Object> body) {
        return (Map<String, Object>) body.get("customer");
    }

    String refundTimingOf(String returnId) {
        String instance = jdbc.sql("select process_instance_id from returns where id = ?").param(returnId)
                .query(String.class).single();
        return (String) runtime.getVariable(instance, "refundTiming");
    }

    @Test
    void aReturnThatExchangesALineIsNeverRefundedAtHandOver() {
        JsonNode refunded = send(merchant(), HttpMethod.POST, "/api/returns", vipChangedMind(newOrderId())).getBody();
        assertThat(refunded.path("refund").path("due").asText()).as("the table's answer").isEqualTo("AT_DROP_OFF");

        Map<String, Object> body = vipChangedMind(newOrderId());
        item(body, 0).put("resolution", "EXCHANGE");
        item(body, 0).put("exchangeFor", map("sku", "SKU-1-L", "name", "T 恤 L", "unitPrice", "99.00"));
        assertThat(send(merchant(), HttpMethod.POST, "/api/return-quotes", body).getBody().path("refund")
                .path("due").asText()).isEqualTo("AT_WAREHOUSE_RECEIPT");
        JsonNode exchanged = send(merchant(), HttpMethod.POST, "/api/returns", body).getBody();
        String id = exchanged.path("id").asText();
        assertThat(exchanged.path("refund").path("due").asText()).isEqualTo("AT_WAREHOUSE_RECEIPT");
        assertThat(refundTimingOf(id)).isEqualTo("AT_WAREHOUSE_RECEIPT");
        assertThat(cs().getForObject("/api/returns/" + id + "/timeline", JsonNode.class).findValuesAsText("detail"))
                .anySatisfy(detail -> assertThat(detail).contains("AT_WAREHOUSE_RECEIPT", "AT_DROP_OFF"));

        // customer service exchanging the line of a return refunded at hand-over moves the refund, and the journey
        String changed = refunded.path("id").asText();
        assertThat(refundTimingOf(changed)).isEqualTo("AT_DROP_OFF");
        JsonNode after = send(cs(), HttpMethod.PUT, "/api/returns/" + changed + "/items/L1/resolution",
                map("resolution", "EXCHANGE", "exchangeFor", map("sku", "SKU-1-M", "name", "T 恤 M",
                        "unitPrice", "79.00"))).getBody();
        assertThat(after.path("refund").path("due").asText()).isEqualTo("AT_WAREHOUSE_RECEIPT");
        assertThat(refundTimingOf(changed)).isEqualTo("AT_WAREHOUSE_RECEIPT");
        assertThat(after.path("settlement").path("exchangeDifference").asText()).isEqualTo("20.00");
        assertThat(after.path("refund").path("amount").asText()).as("the difference routed to the refund")
                .isEqualTo("20.00");
    }

    @Test
    void theSettlementsPortAnswersWhatTheLinesSettleAndTheirFallbacks() {
        String orderId = newOrderId();
        String id = send(merchant(), HttpMethod.POST, "/api/returns", sizeFit(orderId)).getBody().path("id").asText();

        transaction.executeWithoutResult(tx -> {
            ReturnSettlements.StoreCreditTerms credit = settlements.storeCredit(id).orElseThrow();
            assertThat(credit.orderId()).isEqualTo(orderId);
            assertThat(credit.customerId()).isEqualTo("C-1");
            assertThat(credit.currency()).isEqualTo("CNY");
            assertThat(credit.amount()).isEqualByComparingTo("239.00");
            assertThat(credit.bonus()).isEqualByComparingTo("22.90");
            assertThat(settlements.exchangeLines(id)).singleElement().satisfies(line -> {
                assertThat(line.lineId()).isEqualTo("L1");
                assertThat(line.quantity()).isEqualTo(1);
                assertThat(line.replacementSku()).isEqualTo("SKU-1-L");
                assertThat(line.replacementUnitPrice()).isEqualByComparingTo("89.00");
            });

            // the size-fit rule leaves a refused exchange to customer service
            assertThat(settlements.exchangeRefused(id, "out of stock", "shop")).containsExactly("L1");
            assertThat(settlements.exchangeLines(id)).isEmpty();
        });
        assertThatThrownBy(() -> settlements.chooseFallback(id, Resolution.EXCHANGE, "cs"))
                .isInstanceOf(IllegalArgumentException.class);
        transaction.executeWithoutResult(tx -> settlements.chooseFallback(id, Resolution.REFUND, "cs"));
        JsonNode view = cs().getForObject("/api/returns/" + id, JsonNode.class);
        assertThat(view.path("items").findValuesAsText("resolution")).containsExactly("REFUND", "STORE_CREDIT");
        assertThat(view.path("settlement").path("refund").asText()).isEqualTo("99.00");
        assertThat(view.path("settlement").path("storeCredit").asText()).isEqualTo("229.00");
        assertThat(view.path("settlement").path("storeCreditBonus").asText()).isEqualTo("22.90");
        assertThat(cs().getForObject("/api/returns/" + id + "/timeline", JsonNode.class).findValuesAsText("type"))
                .filteredOn("EXCHANGE_FALLBACK"::equals).hasSize(2);

        // a VIP's refused exchange is refunded as the policy names it; an all-refund return credits nothing
        Map<String, Object> vip = vipChangedMind(newOrderId());
        item(vip, 0).put("resolution", "EXCHANGE");
        item(vip, 0).put("exchangeFor", map("sku", "SKU-1-L", "name", "T 恤 L", "unitPrice", "99.00"));
        String vipId = send(merchant(), HttpMethod.POST, "/api/returns", vip).getBody().path("id").asText();
        String refundOnly = send(merchant(), HttpMethod.POST, "/api/returns", homePickup(newOrderId())).getBody()
                .path("id").asText();
        transaction.executeWithoutResult(tx -> {
            assertThat(settlements.storeCredit(vipId)).isEmpty();
            assertThat(settlements.exchangeRefused(vipId, "the shop said no", "shop")).isEmpty();
            assertThat(settlements.exchangeLines(vipId)).isEmpty();
            assertThat(settlements.storeCredit(refundOnly)).isEmpty();
            assertThat(settlements.exchangeLines(refundOnly)).isEmpty();
        });
        assertThat(cs().getForObject("/api/returns/" + vipId, JsonNode.class).path("refund").path("amount").asText())
                .isEqualTo("99.00");
    }
}
