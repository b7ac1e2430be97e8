package io.returnflow.support;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request bodies of POST /api/returns as the storefront sends them; tests change what they need. */
public final class ReturnRequests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private ReturnRequests() {
    }

    public static String newOrderId() {
        return "SO-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A defective T-shirt delivered two days ago, collected at home in tomorrow's first window. */
    public static Map<String, Object> homePickup(String orderId) {
        Map<String, Object> body = base(orderId, "HOME_PICKUP");
        LocalDate tomorrow = LocalDate.now(SHANGHAI).plusDays(1);
        OffsetDateTime start = tomorrow.atTime(9, 0).atZone(SHANGHAI).toOffsetDateTime();
        body.put("pickup", map(
                "address", map("province", "广东省", "city", "深圳市", "district", "南山区", "line", "科技园 1 号",
                        "postCode", "518000"),
                "window", map("start", start.toString(), "end", start.plusHours(2).toString())));
        return body;
    }

    public static Map<String, Object> storeDropOff(String orderId, String storeId) {
        Map<String, Object> body = base(orderId, "STORE_DROPOFF");
        body.put("dropOff", map("storeId", storeId));
        return body;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> item(Map<String, Object> body, int index) {
        return ((List<Map<String, Object>>) body.get("items")).get(index);
    }

    private static Map<String, Object> base(String orderId, String method) {
        Map<String, Object> body = new LinkedHashMap<>();
        OffsetDateTime delivered = OffsetDateTime.now(SHANGHAI).minusDays(2);
        body.put("orderId", orderId);
        body.put("orderedAt", delivered.minusDays(2).toString());
        body.put("deliveredAt", delivered.toString());
        body.put("customer", map("id", "C-1", "name", "张三", "phone", "13800000000", "email", "zs@example.com",
                "tier", "STANDARD"));
        body.put("payment", map("provider", "sandbox", "chargeId", "ch_" + orderId, "currency", "CNY",
                "amountPaid", "199.00"));
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(map("lineId", "L1", "sku", "SKU-1", "name", "T 恤", "category", "apparel", "quantity", 1,
                "unitPrice", "99.00"));
        body.put("items", items);
        body.put("reason", "DEFECTIVE");
        body.put("method", method);
        return body;
    }

    public static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
