package io.returnflow.notification;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import io.returnflow.dropoff.Store;
import io.returnflow.dropoff.Stores;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.DropOffCodeImages;

/**
 * The values of a message's placeholders ({@link MessageSteps}): from the event's copy of the return
 * ({@code data.object}, as {@code GET /api/returns/{id}} showed it when the step happened), the store's name and
 * address from the store network, the pickup address's district from the return. Times in the buyer's zone
 * ({@code returnflow.notification.time-zone}), written the way the buyer's language writes them.
 */
@Component
class MessageValues {

    private static final DateTimeFormatter ZH_TIME = DateTimeFormatter.ofPattern("M月d日 HH:mm", Locale.CHINA);
    private static final DateTimeFormatter EN_TIME = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private final Stores stores;
    private final ShippedTemplates shipped;
    private final NotificationProperties properties;
    private final DropOffCodeImages codeImages;

    MessageValues(Stores stores, ShippedTemplates shipped, NotificationProperties properties,
                  DropOffCodeImages codeImages) {
        this.stores = stores;
        this.shipped = shipped;
        this.properties = properties;
        this.codeImages = codeImages;
    }

    /** Every placeholder's value for this return (a template uses those of its step). */
    Map<String, String> of(CustomerReturn r, JsonNode snapshot, String language) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("returnId", r.id());
        values.put("orderId", r.orderId());
        JsonNode dropOff = snapshot.path("dropOff");
        String storeId = text(dropOff.path("storeId"));
        if (storeId == null) {
            storeId = r.dropOffStoreId();
        }
        put(values, "code", text(dropOff.path("code")));
        if (storeId != null) {
            Store store = stores.findAny(storeId).orElse(null);
            put(values, "storeName", store == null ? storeId : store.name());
            put(values, "storeAddress", store == null ? null : store.city() + store.district() + store.address());
        }
        put(values, "expiresAt", time(dropOff.path("expiresAt"), language));
        // the API's image needs a log-in; the buyer gets a path signed for this return alone
        if (text(dropOff.path("code")) != null) {
            put(values, "qrLink", codeImages.publicPath(r.id()).map(path -> properties.publicBaseUrl() + path)
                    .orElse(null));
        }
        put(values, "checkedInAt", time(dropOff.path("checkedInAt"), language));
        JsonNode pickup = snapshot.path("pickup");
        put(values, "pickupWindow", window(pickup.path("window"), language));
        if (r.pickupAddress() != null) {
            put(values, "district", r.pickupAddress().district());
        }
        JsonNode courier = pickup.path("courier");
        put(values, "courierName", text(courier.path("name")));
        put(values, "pickupCode", text(courier.path("pickupCode")));
        JsonNode refund = snapshot.path("refund");
        put(values, "amount", amount(text(refund.path("amount"))));
        put(values, "currency", text(refund.path("currency")));
        List<String> reasons = new ArrayList<>();
        snapshot.path("rejectionReasons").forEach(reason ->
                reasons.add(shipped.rejectionReason(language, reason.asText())));
        if (reasons.isEmpty() && r.rejectionReasons() != null) {
            r.rejectionReasons().forEach(reason -> reasons.add(shipped.rejectionReason(language, reason)));
        }
        put(values, "reasons", String.join(language.equals("en") ? "; " : "；", reasons));
        return values;
    }

    /** Values of the same shape as a real return's, for previewing a template without one. */
    Map<String, String> sample(String language) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean en = language.equals("en");
        OffsetDateTime at = OffsetDateTime.parse("2026-12-08T10:00:00+08:00");
        values.put("returnId", "R-8F3K2Q");
        values.put("orderId", "SO-10001");
        values.put("code", "RF4K-7Q2M-9X");
        values.put("storeName", en ? "Futian Xinghe Store" : "福田星河店");
        values.put("storeAddress", en ? "Futian District, Shenzhen, Xinghe Road 1" : "深圳市福田区星河路 1 号");
        values.put("expiresAt", format(at.plusDays(7), language));
        values.put("qrLink", properties.publicBaseUrl() + "/returns/api/code-images/R-8F3K2Q/"
                + "Xq3kT9vLw2mB7cN5pR8sY1uZ4aD6fG0hJ2kM5nQ7rS9");
        values.put("checkedInAt", format(at.plusDays(1), language));
        values.put("pickupWindow", format(at, language) + "–" + CLOCK.format(at.plusHours(2)
                .atZoneSameInstant(properties.zone())));
        values.put("district", en ? "Nanshan" : "南山区");
        values.put("courierName", en ? "Li Si" : "李四");
        values.put("pickupCode", "4821");
        values.put("amount", "199.00");
        values.put("currency", "CNY");
        values.put("reasons", shipped.rejectionReason(language, "RETURN_WINDOW_EXPIRED"));
        return values;
    }

    private static void put(Map<String, String> values, String name, String value) {
        if (value != null && !value.isBlank()) {
            values.put(name, value);
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private String time(JsonNode node, String language) {
        String text = text(node);
        return text == null ? null : format(OffsetDateTime.parse(text), language);
    }

    private String window(JsonNode window, String language) {
        String start = text(window.path("start"));
        String end = text(window.path("end"));
        if (start == null) {
            return null;
        }
        String from = format(OffsetDateTime.parse(start), language);
        if (end == null) {
            return from;
        }
        ZonedDateTime until = OffsetDateTime.parse(end).atZoneSameInstant(properties.zone());
        ZonedDateTime since = OffsetDateTime.parse(start).atZoneSameInstant(properties.zone());
        return from + "–" + (since.toLocalDate().equals(until.toLocalDate()) ? CLOCK.format(until)
                : format(until.toOffsetDateTime(), language));
    }

    private String format(OffsetDateTime at, String language) {
        ZonedDateTime local = at.atZoneSameInstant(properties.zone());
        return (language.equals("en") ? EN_TIME : ZH_TIME).format(local);
    }

    /** The amount with two decimals, as the buyer's bank statement shows it. */
    private static String amount(String decimal) {
        if (decimal == null) {
            return null;
        }
        BigDecimal value = new BigDecimal(decimal);
        return (value.scale() < 2 ? value.setScale(2) : value).toPlainString();
    }
}
