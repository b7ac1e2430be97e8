package io.returnflow.inspection;

import java.math.BigDecimal;
import java.util.Objects;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import io.returnflow.returns.FreightPayerPolicy;
import io.returnflow.returns.ReturnReason;

/**
 * Decides whether an inspector looks at a received parcel, by asking the analysts' decision table
 * {@value #DECISION_KEY} ({@code processes/inspection-routing.dmn}).
 *
 * <p>Inputs are normalised before they reach the table, so that analysts can write plain literals:
 * reason and customer tier in upper case; a customer without a tier is {@code STANDARD}.
 */
@Component
public class InspectionRoutingPolicy {

    /** The key of the decision in {@code processes/inspection-routing.dmn}. */
    public static final String DECISION_KEY = "inspection-routing";

    private final DecisionService decisionService;

    public InspectionRoutingPolicy(DecisionService decisionService) {
        this.decisionService = decisionService;
    }

    /**
     * @param itemsTotal the value of the returned items
     * @return {@link InspectionService.Inspection#MANUAL} also when no rule answers: a parcel nobody
     *         decided about is safer in front of an inspector than refunded unseen
     */
    public InspectionService.Inspection decide(ReturnReason reason, BigDecimal itemsTotal, String customerTier) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(itemsTotal, "itemsTotal");
        String tier = FreightPayerPolicy.tier(customerTier);
        DmnDecisionRuleResult outcome = decisionService
                .evaluateDecisionTableByKey(DECISION_KEY, Variables.createVariables()
                        .putValue("reason", reason.name())
                        .putValue("itemsTotal", itemsTotal)
                        .putValue("customerTier", tier))
                .getFirstResult();
        Object inspection = outcome == null ? null : outcome.get("inspection");
        return inspection instanceof String named
                && InspectionService.Inspection.AUTOMATIC.name().equalsIgnoreCase(named.trim())
                ? InspectionService.Inspection.AUTOMATIC : InspectionService.Inspection.MANUAL;
    }
}
