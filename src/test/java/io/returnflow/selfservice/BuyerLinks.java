package io.returnflow.selfservice;

import static io.returnflow.support.ReturnRequests.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** What the buyer's page tests share: an order for a link, a link made by the merchant, the buyer's calls. */
final class BuyerLinks {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private BuyerLinks() {
    }

    /**
     * An order delivered two days ago: a T-shirt (two of them), a box of mooncakes (food: never returnable) and
     * headphones, with the buyer's shipping address in Shenzhen.
     */
    static Map<String, Object> order(String orderId, String addressLine) {
        OffsetDateTime delivered = OffsetDateTime.now(SHANGHAI).minusDays(2);
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(map("lineId", "L1", "sku", "SKU-TEE", "name", "T 恤", "category", "apparel", "quantity", 2,
                "unitPrice", "99.00"));
        items.add(map("lineId", "L2", "sku", "SKU-MOON", "name", "月饼礼盒", "category", "food", "quantity", 1,
                "unitPrice", "128.00"));
        items.add(map("lineId", "L3", "sku", "SKU-HEAD", "name", "Headphones", "category", "electronics",
                "quantity", 1, "unitPrice", "299.00"));
        return map("orderId", orderId,
                "orderedAt", delivered.minusDays(2).toString(),
                "deliveredAt", delivered.toString(),
                "customer", map("id", "C-7", "name", "李四", "phone", "13900000000", "email", "ls@example.com",
                        "tier", "STANDARD", "language", "zh-CN"),
                "payment", map("provider", "sandbox", "chargeId", "ch_" + orderId, "currency", "CNY",
                        "amountPaid", "625.00"),
                "items", items,
                "shippingAddress", map("province", "广东省", "city", "深圳市", "district", "南山区",
                        "line", addressLine, "postCode", "518000"));
    }

    /** Makes the link as the merchant's system does, and answers its token. */
    static String link(TestRestTemplate rest, Map<String, Object> order) {
        ResponseEntity<JsonNode> made = rest.withBasicAuth("merchant", "merchant")
                .postForEntity("/api/return-links", order, JsonNode.class);
        assertThat(made.getStatusCode()).as(String.valueOf(made.getBody())).isEqualTo(HttpStatus.CREATED);
        String url = made.getBody().path("url").asText();
        return url.substring(url.indexOf('#') + 1);
    }

    static String api(String token) {
        return "/returns/api/links/" + token;
    }

    /** A choice of the buyer: the lines (id, quantity, id, quantity, ...), the reason, a drop-off at a store. */
    static Map<String, Object> dropOffAt(String storeId, String reason, Object... lineQuantities) {
        Map<String, Object> choice = choice(reason, lineQuantities);
        choice.put("method", "STORE_DROPOFF");
        choice.put("dropOff", map("storeId", storeId));
        return choice;
    }

    /** A home pickup in tomorrow's first window at the address. */
    static Map<String, Object> pickupAt(String addressLine, String reason, Object... lineQuantities) {
        Map<String, Object> choice = choice(reason, lineQuantities);
        OffsetDateTime start = LocalDate.now(SHANGHAI).plusDays(1).atTime(9, 0).atZone(SHANGHAI).toOffsetDateTime();
        choice.put("method", "HOME_PICKUP");
        choice.put("pickup", map("address", map("province", "广东省", "city", "深圳市", "district", "南山区",
                        "line", addressLine, "postCode", "518000"),
                "window", map("start", start.toString(), "end", start.plusHours(2).toString())));
        return choice;
    }

    static Map<String, Object> choice(String reason, Object... lineQuantities) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < lineQuantities.length; i += 2) {
            lines.add(map("lineId", lineQuantities[i], "quantity", lineQuantities[i + 1]));
        }
        return map("lines", lines, "reason", reason);
    }
}
