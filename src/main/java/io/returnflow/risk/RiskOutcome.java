package io.returnflow.risk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * What the journey does with the answer of the analysts' table {@code return-risk} (hit policy RULE ORDER: every
 * matching rule answers an {@code action} and its {@code rule} name): the actions, in the order their rules fired,
 * and the journey's variables they set.
 *
 * <ul>
 * <li>{@code HOLD_REFUND} and {@code REQUIRE_INSPECTION}: {@code inspection = MANUAL}, and the refund is due
 * {@code AFTER_INSPECTION} (as the refund-timing table's first rule has it: an inspection decides the amount, so
 * no refund goes out before it);</li>
 * <li>{@code CUSTOMER_SERVICE_REVIEW}, and any action the journey does not know (a misspelt output is looked at
 * by a person, never ignored): {@code riskReview = true};</li>
 * <li>any action at all: {@code instantExchangeAllowed = false}; no action: {@code true}.</li>
 * </ul>
 *
 * @param actions the distinct actions, in the order their first rule fired; empty: allowed
 * @param rules   every rule that fired, in table order
 */
public record RiskOutcome(List<String> actions, List<FiredRule> rules) {

    /** The output of {@code return-risk} naming the action. */
    public static final String OUTPUT_ACTION = "action";
    /** The output of {@code return-risk} naming the rule. */
    public static final String OUTPUT_RULE = "rule";
    /** The journey's variable: whether customer service reviews the return before the hand-over. */
    public static final String VAR_RISK_REVIEW = "riskReview";
    /** The journey's variable: whether an exchange item may ship before the returned parcel arrives. */
    public static final String VAR_INSTANT_EXCHANGE_ALLOWED = "instantExchangeAllowed";
    /** The journey's variables the inspection routing and the refund timing decided. */
    public static final String VAR_INSPECTION = "inspection";
    public static final String VAR_REFUND_TIMING = "refundTiming";
    public static final String MANUAL = "MANUAL";
    public static final String AFTER_INSPECTION = "AFTER_INSPECTION";

    /**
     * A rule that fired.
     *
     * @param rule   its name (the output {@code rule})
     * @param action what it asked for (the output {@code action})
     */
    public record FiredRule(String rule, String action) {
    }

    public RiskOutcome {
        actions = List.copyOf(actions);
        rules = List.copyOf(rules);
    }

    /** The outcome of the table's result list (each entry the outputs of one matching rule). */
    public static RiskOutcome of(Collection<? extends Map<String, Object>> results) {
        List<FiredRule> rules = new ArrayList<>();
        Set<String> actions = new LinkedHashSet<>();
        for (Map<String, Object> result : results) {
            String action = text(result.get(OUTPUT_ACTION));
            if (action.isEmpty()) {
                continue;
            }
            String rule = text(result.get(OUTPUT_RULE));
            rules.add(new FiredRule(rule.isEmpty() ? "unnamed" : rule, action));
            actions.add(action);
        }
        return new RiskOutcome(List.copyOf(actions), rules);
    }

    public boolean allowed() {
        return actions.isEmpty();
    }

    /** Whether customer service reviews the return: asked for, or an action the journey does not know. */
    public boolean review() {
        return actions.stream().anyMatch(action -> !known(action)
                || action.equals(RiskAction.CUSTOMER_SERVICE_REVIEW.name()));
    }

    /** Whether an inspector must look at the parcel before the refund. */
    public boolean inspectionRequired() {
        return actions.contains(RiskAction.HOLD_REFUND.name())
                || actions.contains(RiskAction.REQUIRE_INSPECTION.name());
    }

    /** Sets the journey's variables the outcome decides (see the class's description). */
    public void applyTo(VariableScope execution) {
        execution.setVariable(VAR_RISK_REVIEW, review());
        execution.setVariable(VAR_INSTANT_EXCHANGE_ALLOWED, allowed());
        if (inspectionRequired()) {
            requireInspection(execution);
        }
    }

    /** An inspection decided after the tables: the parcel is inspected by hand and the refund waits for it. */
    public static void requireInspection(VariableScope execution) {
        execution.setVariable(VAR_INSPECTION, MANUAL);
        execution.setVariable(VAR_REFUND_TIMING, AFTER_INSPECTION);
    }

    private static boolean known(String action) {
        for (RiskAction known : RiskAction.values()) {
            if (known.name().equals(action)) {
                return true;
            }
        }
        return false;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
