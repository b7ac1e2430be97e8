package io.returnflow.selfservice;

import static io.returnflow.selfservice.BuyerLinks.api;
import static io.returnflow.selfservice.BuyerLinks.dropOffAt;
import static io.returnflow.selfservice.BuyerLinks.link;
import static io.returnflow.selfservice.BuyerLinks.order;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The buyer settles each returned line as the analysts' table allows: the link carries the variants the shop can
 * send, the order shows per reason what each resolution gives, the quote and the confirmation take the buyer's
 * choice (the exchange's name and price from the link), and refuse what the table or the link does not allow.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class BuyerResolutionApiTest {

    @Autowired
    TestRestTemplate rest;

    /**
     * The order of {@link BuyerLinks#order}: the T-shirt with a size L and a cheaper polo to exchange for, the
     * mooncakes and the headphones with one each.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> orderWithOptions(String orderId) {
        Map<String, Object> order = order(orderId, "科技园 1 号");
        List<Map<String, Object>> items = (List<Map<String, Object>>) order.get("items");
        items.get(0).put("exchangeOptions", List.of(map("sku", "SKU-TEE-L", "name", "T 恤 L", "unitPrice", "99.00"),
                map("sku", "SKU-POLO", "name", "Polo 衫", "unitPrice", "89.00")));
        items.get(1).put("exchangeOptions", List.of(map("sku", "SKU-MOON-2", "name", "月饼小盒", "unitPrice", "68.00")));
        items.get(2).put("exchangeOptions", List.of(map("sku", "SKU-HEAD-B", "name", "Headphones (black)",
                "unitPrice", "299.00")));
        return order;
    }

    static Map<String, Object> line(String lineId, int quantity, String resolution, String exchangeSku) {
        Map<String, Object> line = map("lineId", lineId, "quantity", quantity, "resolution", resolution);
        if (exchangeSku != null) {
            line.put("exchangeSku", exchangeSku);
        }
        return line;
    }

    /** A drop-off at the Shenzhen store, size does not fit, with these lines. */
    static Map<String, Object> choice(Object... lines) {
        Map<String, Object> choice = dropOffAt("S-SZ-001", "SIZE_FIT");
        choice.put("lines", List.of(lines));
        return choice;
    }

    @Test
    @SuppressWarnings("unchecked")
    void exchangeOptionsTheShopCannotOfferAreRefusedNamingTheField() {
        Map<String, Object> order = orderWithOptions(newOrderId());
        List<Map<String, Object>> items = (List<Map<String, Object>>) order.get("items");
        items.get(0).put("exchangeOptions", List.of(map("sku", "SKU-TEE-XL", "name", "T 恤 XL", "unitPrice", "99.01"),
                map("sku", "SKU-TEE", "name", "T 恤", "unitPrice", "99.00"),
                map("sku", "SKU-POLO", "name", "Polo", "unitPrice", "50.00"),
                map("sku", "SKU-POLO", "name", "Polo", "unitPrice", "50.00"),
                map("sku", "SKU-X", "unitPrice", "50.00")));
        List<Map<String, Object>> many = new ArrayList<>();
        for (int j = 0; j < ReturnLinkRequest.MAX_EXCHANGE_OPTIONS + 1; j++) {
            many.add(map("sku", "SKU-H-" + j, "name", "Headphones " + j, "unitPrice", "199.00"));
        }
        items.get(2).put("exchangeOptions", many);

        ResponseEntity<JsonNode> refused = rest.withBasicAuth("merchant", "merchant")
                .postForEntity("/api/return-links", order, JsonNode.class);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "items[0].exchangeOptions[4].name", "items[2].exchangeOptions");

        items.get(0).put("exchangeOptions", ((List<Object>) items.get(0).get("exchangeOptions")).subList(0, 4));
        items.get(2).remove("exchangeOptions");
        refused = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/return-links", order, JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "items[0].exchangeOptions[0].unitPrice", "items[0].exchangeOptions[1].sku",
                "items[0].exchangeOptions[3].sku");
    }

    @Test
    void theOrderShowsPerReasonWhatEachResolutionGivesAndTheOptionsOnlyWhereAnExchangeIsAllowed() {
        String token = link(rest, orderWithOptions(newOrderId()));

        JsonNode order = rest.getForObject(api(token), JsonNode.class);

        JsonNode tee = order.path("lines").get(0);
        JsonNode sizeFit = resolutionsFor(tee, "SIZE_FIT");
        assertThat(sizeFit.path("allowed").findValuesAsText("resolution"))
                .containsExactly("REFUND", "STORE_CREDIT", "EXCHANGE");
        assertThat(sizeFit.path("allowed").get(1).path("amount").asText()).isEqualTo("198.00");
        assertThat(sizeFit.path("allowed").get(1).path("bonus").asText()).isEqualTo("19.80");
        assertThat(tee.path("exchangeOptions").findValuesAsText("sku")).containsExactly("SKU-TEE-L", "SKU-POLO");
        assertThat(tee.path("exchangeOptions").get(1).path("unitPrice").asText()).isEqualTo("89.00");
        // the mooncakes go back for no reason: the link's option is not offered
        JsonNode mooncakes = order.path("lines").get(1);
        assertThat(mooncakes.path("resolutions")).isEmpty();
        assertThat(mooncakes.path("exchangeOptions")).isEmpty();
        // headphones of 299.00 that do not fit: refund or credit +10 %, no exchange
        JsonNode headphones = order.path("lines").get(2);
        assertThat(resolutionsFor(headphones, "SIZE_FIT").path("allowed").findValuesAsText("resolution"))
                .containsExactly("REFUND", "STORE_CREDIT");
        // ... but a defect is the seller's fault: refund or exchange, so the shop's option is offered
        assertThat(resolutionsFor(headphones, "DEFECTIVE").path("allowed").findValuesAsText("resolution"))
                .containsExactly("REFUND", "EXCHANGE");
        assertThat(headphones.path("exchangeOptions").findValuesAsText("sku")).containsExactly("SKU-HEAD-B");
    }

    @Test
    void theQuoteSettlesEachLineAsChosenAndRefusesWhatTheTableOrTheLinkDoesNotAllow() {
        String token = link(rest, orderWithOptions(newOrderId()));

        JsonNode quote = rest.postForObject(api(token) + "/quote", choice(line("L1", 2, "EXCHANGE", "SKU-POLO"),
                line("L3", 1, "STORE_CREDIT", null)), JsonNode.class);

        assertThat(quote.path("eligible").asBoolean()).as(quote.toString()).isTrue();
        assertThat(quote.path("lines").findValuesAsText("chosen")).containsExactly("EXCHANGE", "STORE_CREDIT");
        JsonNode settlement = quote.path("options").get(0).path("settlement");
        assertThat(settlement.path("storeCredit").asText()).as(settlement.toString()).isEqualTo("319.00");
        assertThat(settlement.path("storeCreditBonus").asText()).isEqualTo("29.90");
        assertThat(settlement.path("exchangeDifference").asText()).isEqualTo("20.00");
        assertThat(settlement.path("refund").asText()).isEqualTo("0.00");

        ResponseEntity<JsonNode> notAllowed = rest.postForEntity(api(token) + "/quote",
                choice(line("L1", 1, "REFUND", null), line("L3", 1, "EXCHANGE", "SKU-HEAD-B")), JsonNode.class);
        assertThat(notAllowed.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(notAllowed.getBody().path("errors").findValuesAsText("field")).containsExactly("lines[1].resolution");
        // the T-shirt's line carries no such option, and a refund takes none
        ResponseEntity<JsonNode> notOnTheLink = rest.postForEntity(api(token) + "/quote",
                choice(line("L1", 1, "EXCHANGE", "SKU-HEAD"), line("L3", 1, "REFUND", "SKU-POLO")), JsonNode.class);
        assertThat(notOnTheLink.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(notOnTheLink.getBody().path("errors").findValuesAsText("field"))
                .containsExactly("lines[0].exchangeSku", "lines[1].exchangeSku");
        ResponseEntity<JsonNode> noSku = rest.postForEntity(api(token) + "/quote",
                choice(line("L1", 1, "EXCHANGE", null)), JsonNode.class);
        assertThat(noSku.getBody().path("errors").findValuesAsText("field")).containsExactly("lines[0].exchangeSku");
        Map<String, Object> instant = choice(line("L1", 1, "STORE_CREDIT", null));
        instant.put("instantExchange", true);
        ResponseEntity<JsonNode> instantWithoutExchange = rest.postForEntity(api(token) + "/quote", instant,
                JsonNode.class);
        assertThat(instantWithoutExchange.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(instantWithoutExchange.getBody().path("errors").findValuesAsText("field"))
                .containsExactly("instantExchange");
    }

    @Test
    void theBuyersChoiceStartsTheReturnOnceWithTheShopsReplacement() {
        String token = link(rest, orderWithOptions(newOrderId()));
        Map<String, Object> choice = choice(line("L1", 1, "EXCHANGE", "SKU-POLO"), line("L3", 1, "STORE_CREDIT", null));
        choice.put("instantExchange", true);

        ResponseEntity<JsonNode> refused = rest.postForEntity(api(token) + "/return",
                choice(line("L1", 1, "EXCHANGE", "SKU-POLO"), line("L3", 1, "EXCHANGE", "SKU-HEAD-B")), JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(refused.getBody().path("errors").findValuesAsText("field")).containsExactly("lines[1].resolution");
        assertThat(rest.getForObject(api(token), JsonNode.class).path("returnId").isNull()).isTrue();

        ResponseEntity<JsonNode> started = rest.postForEntity(api(token) + "/return", choice, JsonNode.class);
        ResponseEntity<JsonNode> again = rest.postForEntity(api(token) + "/return", choice, JsonNode.class);

        assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().path("id").asText()).isEqualTo(started.getBody().path("id").asText());
        JsonNode items = started.getBody().path("items");
        assertThat(items.findValuesAsText("resolution")).containsExactly("EXCHANGE", "STORE_CREDIT");
        assertThat(items.get(0).path("exchangeFor").path("name").asText()).isEqualTo("Polo 衫");
        assertThat(items.get(0).path("exchangeFor").path("unitPrice").asText()).isEqualTo("89.00");
        assertThat(started.getBody().path("settlement").path("storeCredit").asText()).isEqualTo("309.00");
        // another choice while the return is open
        Map<String, Object> other = choice(line("L1", 1, "REFUND", null));
        assertThat(rest.postForEntity(api(token) + "/return", other, JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        // the API's own view of the return agrees
        JsonNode view = rest.withBasicAuth("cs", "cs").getForObject("/api/returns/" + started.getBody().path("id")
                .asText(), JsonNode.class);
        assertThat(view.path("items").findValuesAsText("resolution")).containsExactly("EXCHANGE", "STORE_CREDIT");
        assertThat(view.path("items").get(0).path("exchangeFor").path("sku").asText()).isEqualTo("SKU-POLO");
    }

    private static JsonNode resolutionsFor(JsonNode line, String reason) {
        for (JsonNode r : line.path("resolutions")) {
            if (r.path("reason").asText().equals(reason)) {
                return r;
            }
        }
        throw new AssertionError("no resolutions for " + reason + " in " + line);
    }
}
