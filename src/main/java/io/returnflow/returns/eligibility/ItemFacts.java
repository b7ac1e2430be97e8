package io.returnflow.returns.eligibility;

import java.util.Objects;

/**
 * One returned order line as the eligibility policy sees it.
 *
 * @param lineId   the order line, named in the verdict's reasons
 * @param category the item's category as the order system names it (e.g. {@code apparel}); matched
 *                 case-insensitively against the decision table
 */
public record ItemFacts(String lineId, String category) {

    public ItemFacts {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(category, "category");
    }
}
