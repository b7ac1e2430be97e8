package io.returnflow.returns.eligibility;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * What the eligibility policy needs to know about a return request.
 *
 * @param reason       the return reason code ({@code DEFECTIVE}, {@code SIZE_FIT}, …)
 * @param customerTier the buyer's tier ({@code STANDARD}, {@code VIP}, …)
 * @param deliveredAt  when the order was delivered to the buyer
 * @param asOf         the moment the request is judged at (usually now); passed in so that the
 *                     verdict is reproducible
 * @param items        the order lines to return, at least one
 */
public record EligibilityFacts(
        String reason,
        String customerTier,
        OffsetDateTime deliveredAt,
        OffsetDateTime asOf,
        List<ItemFacts> items) {

    public EligibilityFacts {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(customerTier, "customerTier");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
        Objects.requireNonNull(asOf, "asOf");
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a return needs at least one item");
        }
    }
}
