package io.returnflow.journey;

import java.math.BigDecimal;
import java.util.Objects;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import io.returnflow.inspection.InspectionRoutingPolicy;
import io.returnflow.returns.FreightPayerPolicy;
import io.returnflow.returns.RefundTiming;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnReason;

/**
 * When a refund is due, by asking the analysts' table {@value #DECISION_KEY}
 * ({@code processes/refund-timing.dmn}) after the inspection routing, exactly as the journey's
 * business rule tasks "Decide inspection" and "Decide refund timing" do. Used where no journey runs
 * yet: the quote, and the refund block of a return being created.
 */
@Component
class RefundTimingPolicy {

    /** The key of the decision in {@code processes/refund-timing.dmn}. */
    public static final String DECISION_KEY = "refund-timing";

    private final DecisionService decisionService;
    private final InspectionRoutingPolicy inspectionRouting;

    public RefundTimingPolicy(DecisionService decisionService, InspectionRoutingPolicy inspectionRouting) {
        this.decisionService = decisionService;
        this.inspectionRouting = inspectionRouting;
    }

    /**
     * @return {@link RefundTiming#AFTER_INSPECTION} also when no rule answers or the answer is not a
     *         known timing: money that nobody decided about waits for the parcel to be looked at
     */
    public RefundTiming decide(ReturnReason reason, String customerTier, BigDecimal itemsTotal, ReturnMethod method) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(itemsTotal, "itemsTotal");
        Objects.requireNonNull(method, "method");
        String tier = FreightPayerPolicy.tier(customerTier);
        String inspection = inspectionRouting.decide(reason, itemsTotal, tier).name();
        DmnDecisionRuleResult outcome = decisionService
                .evaluateDecisionTableByKey(DECISION_KEY, Variables.createVariables()
                        .putValue("inspection", inspection)
                        .putValue("reason", reason.name())
                        .putValue("customerTier", tier)
                        .putValue("itemsTotal", itemsTotal)
                        .putValue("method", method.name()))
                .getFirstResult();
        return parse(outcome == null ? null : outcome.get("refundTiming"));
    }

    /**
     * The timing for a return that exchanges a line: never at hand-over ({@link RefundTiming#AT_DROP_OFF} becomes
     * {@link RefundTiming#AT_WAREHOUSE_RECEIPT}), because a refused exchange may still fall back to a refund, and
     * the ledger refunds a return once.
     */
    public static RefundTiming forExchanges(RefundTiming timing, boolean exchanges) {
        return exchanges && timing == RefundTiming.AT_DROP_OFF ? RefundTiming.AT_WAREHOUSE_RECEIPT : timing;
    }

    /** A timing the table answered; anything unknown waits for the inspection. */
    public static RefundTiming parse(Object answer) {
        if (answer instanceof String named) {
            for (RefundTiming timing : RefundTiming.values()) {
                if (timing.name().equalsIgnoreCase(named.trim())) {
                    return timing;
                }
            }
        }
        return RefundTiming.AFTER_INSPECTION;
    }
}
