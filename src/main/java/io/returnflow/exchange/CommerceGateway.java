package io.returnflow.exchange;

import java.util.Optional;

/**
 * The merchant's shop as the exchange steps see it: it places the order that sends the buyer a replacement.
 *
 * <p>Every call carries our exchange order id ({@code EX-…}) as its idempotency key: the shop answers a repeated
 * key with the first answer, so a retried job never orders twice. Technical failures (timeouts, 5xx, 429, a key
 * still in flight) are {@link CommerceUnavailableException}s, retried with the same key. An answer ReturnFlow does
 * not understand (a status or code outside the documented protocol) is a {@link ShopAnswerNotUnderstoodException}:
 * parked as an incident for a person, never mapped to the nearest known answer.
 */
public interface CommerceGateway {

    /** Places the exchange order under its id; the answer may be {@link ShopAnswer.Outcome#PENDING}. */
    ShopAnswer place(ExchangeOrderRequest order);

    /**
     * The order as the shop holds it now, by our id; empty when the shop does not know it (never placed, or
     * the placing never reached it).
     */
    Optional<ShopAnswer> lookup(String exchangeOrderId);
}
