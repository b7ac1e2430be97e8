package io.returnflow.returns.eligibility;

import java.util.List;

/**
 * The policy's answer for a whole return.
 *
 * @param eligible     true when every item may be returned
 * @param reasons      one readable sentence per refused item, naming its line
 *                     (e.g. {@code "L2: category food is not returnable"}); empty when eligible
 * @param refusalCodes the distinct refusal codes in the order they first occurred
 *                     ({@code NON_RETURNABLE_CATEGORY}, {@code RETURN_WINDOW_EXPIRED}, {@code NO_POLICY});
 *                     empty when eligible
 */
public record EligibilityVerdict(boolean eligible, List<String> reasons, List<String> refusalCodes) {

    public EligibilityVerdict {
        reasons = List.copyOf(reasons);
        refusalCodes = List.copyOf(refusalCodes);
        if (eligible != reasons.isEmpty()) {
            throw new IllegalArgumentException("an eligible verdict has no reasons, a refusal has at least one");
        }
    }
}
