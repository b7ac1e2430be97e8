package io.returnflow.exchange.http;

import java.util.Set;

/** The documented vocabulary of the shop protocol (README, "Exchanges"): anything else is not understood. */
final class ShopProtocol {

    static final String CONFIRMED = "confirmed";
    static final String PENDING = "pending";
    static final String OUT_OF_STOCK = "out_of_stock";
    static final String REFUSED = "refused";

    /** Why a shop may refuse an exchange order. */
    static final Set<String> REFUSAL_CODES = Set.of("item_discontinued", "customer_blocked",
            "order_not_exchangeable", "price_changed");

    /** Error codes of problem+json answers. */
    static final String INVALID_REQUEST = "invalid_request";
    static final String UNAUTHORIZED = "unauthorized";
    static final String NOT_FOUND = "not_found";
    static final String IDEMPOTENCY_CONFLICT = "idempotency_conflict";
    static final String IN_FLIGHT = "in_flight";
    static final String RATE_LIMITED = "rate_limited";
    static final String UNAVAILABLE = "unavailable";
    static final Set<String> ERROR_CODES = Set.of(INVALID_REQUEST, UNAUTHORIZED, NOT_FOUND, IDEMPOTENCY_CONFLICT,
            IN_FLIGHT, RATE_LIMITED, UNAVAILABLE);

    private ShopProtocol() {
    }
}
