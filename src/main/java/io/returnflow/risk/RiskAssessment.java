package io.returnflow.risk;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * What the analysts' table {@code return-risk} decided for a return, and why: the rules that fired with their
 * descriptions, and the facts it read. What customer service decided on review, when it did.
 *
 * @param decisionVersion the version of the deployed table that decided
 * @param actions         the actions, in the order their rules fired; empty: allowed
 * @param rules           the rules that fired
 * @param facts           the facts by name ({@link RiskFacts#byName()})
 * @param review          customer service's review; null when none was asked for or it is still open
 */
public record RiskAssessment(String returnId, OffsetDateTime decidedAt, String decisionKey, int decisionVersion,
                             List<String> actions, List<Rule> rules, Map<String, Object> facts, Review review) {

    /**
     * @param description the rule's description in the table (what analysts wrote it for)
     */
    public record Rule(String rule, String action, String description) {
    }

    /**
     * @param decision {@code APPROVE}, {@code REQUIRE_INSPECTION} or {@code REJECT}
     */
    public record Review(String decision, String note, String by, OffsetDateTime at) {
    }
}
