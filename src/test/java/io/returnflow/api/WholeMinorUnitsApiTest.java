package io.returnflow.api;

import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * A store selling in a currency without a minor unit (JPY): every amount of a request is a whole number of yen, or the
 * request is 400 naming the field (a return, its quote, a return link); what is computed (the store-credit bonus) is
 * rounded to whole yen, so that the credit is an amount the currency can pay.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "returnflow.freight.currency=JPY")
@ActiveProfiles("test")
@DirtiesContext
class WholeMinorUnitsApiTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    JdbcClient jdbc;

    TestRestTemplate merchant() {
        return rest.withBasicAuth("merchant", "merchant");
    }

    long returnsOfOrder(String orderId) {
        return jdbc.sql("select count(*) from returns where order_id = ?").param(orderId).query(Long.class).single();
    }

    /** A size that does not fit, paid in yen: a T-shirt exchanged for another size, shoes taken as store credit. */
    static Map<String, Object> sizeFitInYen(String orderId, String teePrice, String replacementPrice,
                                            String shoesPrice, String amountPaid) {
        Map<String, Object> body = storeDropOff(orderId, "S-SH-001");
        body.put("reason", "SIZE_FIT");
        body.put("payment", map("provider", "sandbox", "chargeId", "ch_" + orderId, "currency", "JPY",
                "amountPaid", amountPaid));
        item(body, 0).put("unitPrice", teePrice);
        item(body, 0).put("resolution", "EXCHANGE");
        item(body, 0).put("exchangeFor", map("sku", "SKU-1-L", "name", "T 恤 L", "unitPrice", replacementPrice));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) body.get("items");
        items.add(map("lineId", "L2", "sku", "SKU-7", "name", "运动鞋", "category", "shoes", "quantity", 1,
                "unitPrice", shoesPrice, "resolution", "STORE_CREDIT"));
        return body;
    }

    @Test
    void anAmountInFractionsOfAYenIsRefusedAtRequestNamingTheField() {
        String orderId = newOrderId();
        Map<String, Object> body = sizeFitInYen(orderId, "990.50", "890.50", "2290.50", "3281.50");

        for (String path : List.of("/api/returns", "/api/return-quotes")) {
            ResponseEntity<JsonNode> refused = merchant().postForEntity(path, body, JsonNode.class);
            assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody().path("errors").findValuesAsText("field")).as(path)
                    .containsExactlyInAnyOrder("payment.amountPaid", "items[0].unitPrice",
                            "items[0].exchangeFor.unitPrice", "items[1].unitPrice");
            assertThat(refused.getBody().path("errors").get(0).path("message").asText()).contains("JPY", "0 decimals");
        }
        assertThat(returnsOfOrder(orderId)).isZero();

        Map<String, Object> whole = sizeFitInYen(orderId, "990", "890.00", "2290", "3281");
        assertThat(merchant().postForEntity("/api/return-quotes", whole, JsonNode.class).getStatusCode())
                .as("whole yen, with or without a zero fraction").isEqualTo(HttpStatus.OK);
    }

    @Test
    void aReturnLinkInFractionsOfAYenIsRefusedNamingTheField() {
        String orderId = newOrderId();
        OffsetDateTime delivered = OffsetDateTime.now(ZoneId.of("Asia/Shanghai")).minusDays(2);
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(map("lineId", "L1", "sku", "SKU-TEE", "name", "T 恤", "category", "apparel", "quantity", 1,
                "unitPrice", "990.50", "exchangeOptions",
                List.of(map("sku", "SKU-TEE-L", "name", "T 恤 L", "unitPrice", "890.50"))));
        Map<String, Object> order = map("orderId", orderId, "orderedAt", delivered.minusDays(2).toString(),
                "deliveredAt", delivered.toString(),
                "customer", map("id", "C-7", "name", "李四", "phone", "13900000000", "tier", "STANDARD"),
                "payment", map("provider", "sandbox", "chargeId", "ch_" + orderId, "currency", "JPY",
                        "amountPaid", "990.50"),
                "items", items);

        ResponseEntity<JsonNode> refused = merchant().postForEntity("/api/return-links", order, JsonNode.class);

        assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "payment.amountPaid", "items[0].unitPrice", "items[0].exchangeOptions[0].unitPrice");
    }

    @Test
    void theStoreCreditBonusIsRoundedToWholeYen() {
        String orderId = newOrderId();
        Map<String, Object> body = sizeFitInYen(orderId, "990", "990", "995", "1985");

        JsonNode quote = merchant().postForObject("/api/return-quotes", body, JsonNode.class);
        ResponseEntity<JsonNode> created = merchant().postForEntity("/api/returns", body, JsonNode.class);

        JsonNode credit = quote.path("lines").get(1).path("allowed").findParents("resolution").stream()
                .filter(option -> option.path("resolution").asText().equals("STORE_CREDIT")).findFirst().orElseThrow();
        assertThat(credit.path("bonus").asText()).as("10 % of 995 yen, in whole yen").isEqualTo("100.00");
        assertThat(quote.path("settlement").path("storeCreditBonus").asText()).isEqualTo("100.00");
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody().path("settlement").path("storeCredit").asText()).isEqualTo("995.00");
        assertThat(created.getBody().path("settlement").path("storeCreditBonus").asText()).isEqualTo("100.00");
    }
}
