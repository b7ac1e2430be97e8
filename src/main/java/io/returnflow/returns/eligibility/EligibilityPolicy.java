package io.returnflow.returns.eligibility;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

/**
 * Decides whether a return may go ahead, by asking the analysts' decision table
 * {@value #DECISION_KEY} ({@code processes/return-eligibility.dmn}) about every item.
 *
 * <p>One refused item refuses the whole return: the buyer is told which line failed and why, and
 * may ask again without it.
 *
 * <p><b>Days since delivery</b> are counted in calendar days in {@link #POLICY_ZONE}, not in
 * elapsed 24-hour periods: the statutory seven-day rule (七日无理由退货) runs from the day after
 * the buyer signed for the parcel, so an order delivered at 23:50 on 1 May has day 1 on 2 May and
 * day 7 on 8 May, whatever the hour. A window of N days therefore ends at the end of the N-th
 * calendar day after the delivery date.
 *
 * <p>Inputs are normalised before they reach the table, so that analysts can write plain literals:
 * category in lower case ({@code "apparel"}), reason and customer tier in upper case
 * ({@code "DEFECTIVE"}, {@code "VIP"}).
 */
@Component
public class EligibilityPolicy {

    /** The key of the decision in {@code processes/return-eligibility.dmn}. */
    public static final String DECISION_KEY = "return-eligibility";

    /** Refusal code for an item that no rule of the table covers. */
    public static final String NO_POLICY = "NO_POLICY";
    /** Refusal code the table uses for categories that cannot be returned. */
    public static final String NON_RETURNABLE_CATEGORY = "NON_RETURNABLE_CATEGORY";
    /** Refusal code the table uses when the item's return window has ended. */
    public static final String RETURN_WINDOW_EXPIRED = "RETURN_WINDOW_EXPIRED";
    /** Refusal code for a rule that refuses without naming a reason (an incomplete rule). */
    public static final String NOT_ELIGIBLE = "NOT_ELIGIBLE";

    /**
     * The calendar the return windows are counted in. Not a setting: the windows are the
     * consumer-protection rules of mainland China, which count in China's calendar days.
     */
    public static final ZoneId POLICY_ZONE = ZoneId.of("Asia/Shanghai");

    private final DecisionService decisionService;

    public EligibilityPolicy(DecisionService decisionService) {
        this.decisionService = decisionService;
    }

    /** Evaluates the decision table once per item and combines the answers. */
    public EligibilityVerdict evaluate(EligibilityFacts facts) {
        LocalDate deliveredOn = calendarDay(facts.deliveredAt());
        int daysSinceDelivery = daysSinceDelivery(facts.deliveredAt(), facts.asOf());
        String reason = facts.reason().trim().toUpperCase(Locale.ROOT);
        String customerTier = facts.customerTier().trim().toUpperCase(Locale.ROOT);

        List<String> reasons = new ArrayList<>();
        Set<String> refusalCodes = new LinkedHashSet<>();
        for (ItemFacts item : facts.items()) {
            String category = category(item.category());
            DmnDecisionRuleResult outcome = decisionService
                    .evaluateDecisionTableByKey(DECISION_KEY, Variables.createVariables()
                            .putValue("category", category)
                            .putValue("reason", reason)
                            .putValue("daysSinceDelivery", daysSinceDelivery)
                            .putValue("customerTier", customerTier))
                    .getFirstResult();
            refusalOf(item.lineId(), category, reason, deliveredOn, outcome).ifPresent(refusal -> {
                reasons.add(refusal.sentence());
                refusalCodes.add(refusal.code());
            });
        }
        return new EligibilityVerdict(reasons.isEmpty(), reasons, List.copyOf(refusalCodes));
    }

    /** Calendar days from the delivery to {@code asOf}, counted in {@link #POLICY_ZONE}. */
    public static int daysSinceDelivery(OffsetDateTime deliveredAt, OffsetDateTime asOf) {
        return Math.toIntExact(ChronoUnit.DAYS.between(calendarDay(deliveredAt), calendarDay(asOf)));
    }

    /** An item category as the table writes it: lower case. */
    public static String category(String category) {
        return category.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Why one item may not be returned, from the table's answer for it (its outputs by name, or
     * {@code null} when no rule matched); empty when it may.
     */
    public static Optional<Refusal> refusalOf(String lineId, String category, String reason, LocalDate deliveredOn,
            Map<String, Object> outcome) {
        // an empty output cell leaves its entry out of the result: read with get, never getEntry
        Object eligible = outcome == null ? null : outcome.get("eligible");
        if (!(eligible instanceof Boolean isEligible)) {
            return Optional.of(new Refusal(NO_POLICY,
                    "%s: no return policy covers category %s with reason %s".formatted(lineId, category, reason)));
        }
        if (isEligible) {
            return Optional.empty();
        }
        String code = outcome.get("refusalReason") instanceof String named && !named.isBlank() ? named : NOT_ELIGIBLE;
        Integer windowDays = outcome.get("returnWindowDays") instanceof Integer days ? days : null;
        String sentence = switch (code) {
            case NON_RETURNABLE_CATEGORY -> "%s: category %s is not returnable".formatted(lineId, category);
            case RETURN_WINDOW_EXPIRED -> windowDays == null
                    ? "%s: the return window has ended".formatted(lineId)
                    : "%s: return window of %d days ended on %s"
                            .formatted(lineId, windowDays, deliveredOn.plusDays(windowDays));
            default -> "%s: not returnable (%s)".formatted(lineId, code);
        };
        return Optional.of(new Refusal(code, sentence));
    }

    /** The calendar day of a moment in {@link #POLICY_ZONE}. */
    public static LocalDate calendarDay(OffsetDateTime moment) {
        return moment.atZoneSameInstant(POLICY_ZONE).toLocalDate();
    }

    /** A refused item: the table's refusal code and a sentence for the buyer. */
    public record Refusal(String code, String sentence) {
    }
}
