package io.returnflow.notification;

import static io.returnflow.events.MerchantEventTypes.DROPOFF_CHECKED_IN;
import static io.returnflow.events.MerchantEventTypes.DROPOFF_CODE_EXPIRING;
import static io.returnflow.events.MerchantEventTypes.DROPOFF_CODE_ISSUED;
import static io.returnflow.events.MerchantEventTypes.PARCEL_RECEIVED;
import static io.returnflow.events.MerchantEventTypes.PICKUP_BOOKED;
import static io.returnflow.events.MerchantEventTypes.PICKUP_COURIER_ASSIGNED;
import static io.returnflow.events.MerchantEventTypes.PICKUP_FAILED;
import static io.returnflow.events.MerchantEventTypes.REFUND_SUCCEEDED;
import static io.returnflow.events.MerchantEventTypes.RETURN_REJECTED;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The steps of a return the buyer hears of, each named by the merchant event that sends it (its template key), and
 * the placeholders its templates may use. The values come from the event's copy of the return (and, for what an
 * event leaves out, such as the store's name, from the tables): {@link MessageValues}.
 */
final class MessageSteps {

    /** Languages the buyer's messages are written in. */
    static final List<String> LANGUAGES = List.of("zh-CN", "en");

    /** Every step's placeholders. */
    private static final List<String> COMMON = List.of("returnId", "orderId");

    private static final Map<String, List<String>> PLACEHOLDERS = new LinkedHashMap<>();

    static {
        step(DROPOFF_CODE_ISSUED, "code", "storeName", "storeAddress", "expiresAt", "qrLink");
        step(PICKUP_BOOKED, "pickupWindow", "district");
        step(PICKUP_COURIER_ASSIGNED, "courierName", "pickupCode", "pickupWindow");
        step(PICKUP_FAILED);
        step(DROPOFF_CODE_EXPIRING, "code", "storeName", "storeAddress", "expiresAt", "qrLink");
        step(DROPOFF_CHECKED_IN, "storeName", "checkedInAt");
        step(PARCEL_RECEIVED);
        step(REFUND_SUCCEEDED, "amount", "currency");
        step(RETURN_REJECTED, "reasons");
    }

    private MessageSteps() {
    }

    private static void step(String key, String... own) {
        PLACEHOLDERS.put(key, Stream.concat(COMMON.stream(), Stream.of(own)).toList());
    }

    /** The template keys (event types), in the order a journey meets them. */
    static List<String> keys() {
        return List.copyOf(PLACEHOLDERS.keySet());
    }

    /** Whether the buyer hears of events of this type. */
    static boolean sends(String eventType) {
        return PLACEHOLDERS.containsKey(eventType);
    }

    /** The placeholders a template of this step may use. */
    static List<String> placeholders(String key) {
        return PLACEHOLDERS.getOrDefault(key, List.of());
    }
}
