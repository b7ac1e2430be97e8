package io.returnflow.returns;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import io.returnflow.returns.CustomerReturn.FreightPayer;

/**
 * Decides who bears the return freight, by asking the analysts' decision table
 * {@value #DECISION_KEY} ({@code processes/freight-payer.dmn}): the merchant for its own faults,
 * free-return tiers and order values, the buyer otherwise (deducted from the refund).
 *
 * <p>Inputs are normalised before they reach the table, so that analysts can write plain literals:
 * reason and customer tier in upper case ({@code "DEFECTIVE"}, {@code "VIP"}); a customer without a
 * tier is {@value #STANDARD_TIER}.
 */
@Component
public class FreightPayerPolicy {

    /** The key of the decision in {@code processes/freight-payer.dmn}. */
    public static final String DECISION_KEY = "freight-payer";

    /** The tier of a customer the shop names none for. */
    public static final String STANDARD_TIER = "STANDARD";

    /** A customer tier as the tables write it: upper case, {@value #STANDARD_TIER} when the shop sent none. */
    public static String tier(String customerTier) {
        return customerTier == null || customerTier.isBlank() ? STANDARD_TIER
                : customerTier.trim().toUpperCase(Locale.ROOT);
    }

    private final DecisionService decisionService;

    public FreightPayerPolicy(DecisionService decisionService) {
        this.decisionService = decisionService;
    }

    /**
     * @param itemsTotal the value of the returned items, before any deduction
     * @throws IllegalStateException when no rule of the table answers (the table lost its last,
     *                               catch-all rule): money must not move on a guess
     */
    public Decision decide(ReturnReason reason, String customerTier, BigDecimal itemsTotal) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(itemsTotal, "itemsTotal");
        String tier = tier(customerTier);
        DmnDecisionRuleResult outcome = decisionService
                .evaluateDecisionTableByKey(DECISION_KEY, Variables.createVariables()
                        .putValue("reason", reason.name())
                        .putValue("customerTier", tier)
                        .putValue("itemsTotal", itemsTotal))
                .getFirstResult();
        return parse(outcome, "reason %s, tier %s, items worth %s".formatted(reason, tier,
                itemsTotal.toPlainString()));
    }

    /**
     * The table's answer (its outputs by name; {@code null} when no rule matched), as the journey's
     * business rule task "Decide who pays the freight" gets it too.
     *
     * @param asked for the message when no rule answers
     * @throws IllegalStateException when no rule answers: money must not move on a guess
     */
    public static Decision parse(java.util.Map<String, Object> outcome, String asked) {
        Object payer = outcome == null ? null : outcome.get("payer");
        if (!(payer instanceof String named)) {
            throw new IllegalStateException("%s decides no payer for %s".formatted(DECISION_KEY, asked));
        }
        String rule = outcome.get("rule") instanceof String r && !r.isBlank() ? r : DECISION_KEY;
        return new Decision(FreightPayer.valueOf(named.trim().toUpperCase(Locale.ROOT)), rule);
    }

    /** Who pays, and the table's name for the rule that decided. */
    public record Decision(FreightPayer payer, String rule) {
    }
}
