package io.returnflow.storecredit;

import java.math.BigDecimal;

/**
 * One store credit to issue: the buyer's account ({@code customerId}), the credited {@code amount} (counted against
 * what the order paid) and the {@code bonus} on top, recorded apart.
 *
 * @param idempotencyKey {@code credit:{returnId}}, the same on every try (renewed only after a refusal a person
 *                       decided to try again)
 * @param returnId       also the provider's {@code reference}
 */
public record CreditOrder(String idempotencyKey, String returnId, String customerId, String orderId, String currency,
                          BigDecimal amount, BigDecimal bonus) {

    static final String KEY_PREFIX = "credit:";

    /** The first try's key of a return's credit. */
    public static String keyOf(String returnId) {
        return KEY_PREFIX + returnId;
    }

    CreditOrder withIdempotencyKey(String key) {
        return new CreditOrder(key, returnId, customerId, orderId, currency, amount, bonus);
    }
}
