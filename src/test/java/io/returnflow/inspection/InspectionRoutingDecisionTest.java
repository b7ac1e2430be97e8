package io.returnflow.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.support.DecisionTableUnderTest;

/**
 * One test per rule of {@code processes/inspection-routing.dmn}: each names the rule it expects to
 * fire, so that reordering or rewriting rules shows up here.
 */
class InspectionRoutingDecisionTest {

    static final DecisionTableUnderTest TABLE =
            new DecisionTableUnderTest("processes/inspection-routing.dmn", InspectionRoutingPolicy.DECISION_KEY);

    @BeforeEach
    void forgetFiredRules() {
        TABLE.forgetFiredRules();
    }

    @Test
    void theTableIsWellFormedForAnalystsAndTheEngine() {
        TABLE.assertWellFormed("Inspect by hand?", "Rule_DoubtfulReason", "Rule_Valuable", "Rule_Automatic");
    }

    @Test
    void aDoubtfulReasonIsInspectedByHandWhateverTheValue() {
        assertInspection(evaluate("NOT_AS_DESCRIBED", "1.00", "STANDARD"), "MANUAL");
        assertInspection(evaluate("WRONG_ITEM", "9999.00", "VIP"), "MANUAL");
        assertThat(TABLE.firedRules()).containsOnly("Rule_DoubtfulReason").hasSize(2);
    }

    @Test
    void itemsWorthMoreThan500AreInspectedByHand() {
        assertInspection(evaluate("DEFECTIVE", "500.01", "STANDARD"), "MANUAL");
        assertInspection(evaluate("CHANGED_MIND", "2000.00", "VIP"), "MANUAL");
        assertThat(TABLE.firedRules()).containsOnly("Rule_Valuable").hasSize(2);
    }

    @Test
    void everythingElseIsAcceptedAutomatically() {
        assertInspection(evaluate("DEFECTIVE", "500.00", "STANDARD"), "AUTOMATIC");
        assertInspection(evaluate("CHANGED_MIND", "99.00", "VIP"), "AUTOMATIC");
        assertThat(TABLE.firedRules()).containsOnly("Rule_Automatic").hasSize(2);
    }

    private static DmnDecisionRuleResult evaluate(String reason, String itemsTotal, String customerTier) {
        return TABLE.evaluate(Variables.createVariables()
                .putValue("reason", reason)
                .putValue("itemsTotal", new BigDecimal(itemsTotal))
                .putValue("customerTier", customerTier));
    }

    private static void assertInspection(DmnDecisionRuleResult result, String inspection) {
        assertThat(result).isNotNull();
        assertThat(result.get("inspection")).isEqualTo(inspection);
    }
}
