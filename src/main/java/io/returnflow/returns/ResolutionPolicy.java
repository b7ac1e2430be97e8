package io.returnflow.returns;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Which resolutions a returned line may have, by asking the analysts' decision table {@value #DECISION_KEY}
 * ({@code processes/return-resolutions.dmn}) once per line: refund, store credit (and its bonus), exchange (where
 * its price difference goes, and what it becomes when the shop cannot ship the replacement).
 *
 * <p>Inputs are normalised before they reach the table, so that analysts can write plain literals: category in
 * lower case ({@code "apparel"}), reason and customer tier in upper case ({@code "SIZE_FIT"}, {@code "VIP"}).
 *
 * <p>A line no rule answers (the table lost its catch-all rule) may only be refunded, with rule {@value #NO_RULE}:
 * a refund to the original payment is what every return did before lines could be resolved otherwise, so no money
 * moves on a guess about credit or a replacement. The same holds for a rule that allows nothing.
 */
@Component
public class ResolutionPolicy {

    /** The key of the decision in {@code processes/return-resolutions.dmn}. */
    public static final String DECISION_KEY = "return-resolutions";

    /** The rule a line is recorded with when no rule of the table answered for it. */
    public static final String NO_RULE = "no-rule";

    private final DecisionService decisionService;

    public ResolutionPolicy(DecisionService decisionService) {
        this.decisionService = decisionService;
    }

    /** What the table allows a line of this category, reason, buyer's tier and unit price. */
    public Allowed decide(String category, ReturnReason reason, String customerTier, BigDecimal unitPrice) {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(unitPrice, "unitPrice");
        DmnDecisionRuleResult outcome = decisionService
                .evaluateDecisionTableByKey(DECISION_KEY, Variables.createVariables()
                        .putValue("category", category.trim().toLowerCase(Locale.ROOT))
                        .putValue("reason", reason.name())
                        .putValue("customerTier", FreightPayerPolicy.tier(customerTier))
                        .putValue("unitPrice", unitPrice))
                .getFirstResult();
        return parse(outcome);
    }

    /**
     * The table's answer (its outputs by name; {@code null} when no rule matched). An output the code does not
     * know is read on the safe side: a bonus that is not a number of 0 or more is 0, a difference goes to
     * {@link Resolution#REFUND}, an unknown fallback is {@link Fallback#CUSTOMER_SERVICE} (a person decides).
     */
    public static Allowed parse(Map<String, Object> outcome) {
        if (outcome == null) {
            return Allowed.refundOnly(NO_RULE);
        }
        String rule = outcome.get("rule") instanceof String r && !r.isBlank() ? r.trim() : DECISION_KEY;
        Set<Resolution> allowed = EnumSet.noneOf(Resolution.class);
        if (Boolean.TRUE.equals(outcome.get("refund"))) {
            allowed.add(Resolution.REFUND);
        }
        if (Boolean.TRUE.equals(outcome.get("storeCredit"))) {
            allowed.add(Resolution.STORE_CREDIT);
        }
        if (Boolean.TRUE.equals(outcome.get("exchange"))) {
            allowed.add(Resolution.EXCHANGE);
        }
        if (allowed.isEmpty()) {
            return Allowed.refundOnly(rule);
        }
        BigDecimal bonus = outcome.get("storeCreditBonusPercent") instanceof Number n
                ? new BigDecimal(n.toString()) : BigDecimal.ZERO;
        if (bonus.signum() < 0) {
            bonus = BigDecimal.ZERO;
        }
        Resolution differenceTo = "STORE_CREDIT".equals(upper(outcome.get("exchangeDifferenceTo")))
                ? Resolution.STORE_CREDIT : Resolution.REFUND;
        Fallback fallback = switch (String.valueOf(upper(outcome.get("exchangeFallback")))) {
            case "REFUND" -> Fallback.REFUND;
            case "STORE_CREDIT" -> Fallback.STORE_CREDIT;
            default -> Fallback.CUSTOMER_SERVICE;
        };
        return new Allowed(Set.copyOf(allowed), bonus.stripTrailingZeros().scale() < 0 ? bonus.setScale(0) : bonus,
                differenceTo, fallback, rule);
    }

    private static String upper(Object value) {
        return value instanceof String s ? s.trim().toUpperCase(Locale.ROOT) : null;
    }

    /** What an exchange becomes when the shop cannot ship the replacement. */
    public enum Fallback {
        /** Refunded to the original payment. */
        REFUND,
        /** Credited, with the line's bonus. */
        STORE_CREDIT,
        /** Customer service asks the buyer, and chooses refund or store credit. */
        CUSTOMER_SERVICE;

        /** The resolution this fallback settles the line with; empty for {@link #CUSTOMER_SERVICE}. */
        public Optional<Resolution> resolution() {
            return switch (this) {
                case REFUND -> Optional.of(Resolution.REFUND);
                case STORE_CREDIT -> Optional.of(Resolution.STORE_CREDIT);
                case CUSTOMER_SERVICE -> Optional.empty();
            };
        }
    }

    /**
     * The table's answer for one line.
     *
     * @param resolutions  the resolutions the line may have (never empty)
     * @param bonusPercent the store credit bonus, percent of the credited value
     * @param differenceTo where an exchange's price difference goes: {@link Resolution#REFUND} or
     *                     {@link Resolution#STORE_CREDIT}
     * @param fallback     what an exchange becomes when the shop cannot ship it
     * @param rule         the table's name for the rule that answered ({@value #NO_RULE} when none did)
     */
    public record Allowed(Set<Resolution> resolutions, BigDecimal bonusPercent, Resolution differenceTo,
                          Fallback fallback, String rule) {

        static Allowed refundOnly(String rule) {
            return new Allowed(Set.of(Resolution.REFUND), BigDecimal.ZERO, Resolution.REFUND, Fallback.REFUND, rule);
        }

        public boolean allows(Resolution resolution) {
            return resolutions.contains(resolution);
        }

        /** The allowed resolutions in their declared order (refund, store credit, exchange). */
        public List<Resolution> inOrder() {
            return Arrays.stream(Resolution.values()).filter(resolutions::contains).toList();
        }
    }
}
