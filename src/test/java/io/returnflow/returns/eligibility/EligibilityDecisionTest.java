package io.returnflow.returns.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.support.DecisionTableUnderTest;

/**
 * One test per rule of {@code processes/return-eligibility.dmn}: each names the rule it expects to
 * fire, so that reordering or rewriting rules shows up here. Runs on a standalone DMN engine with
 * the application's FEEL engine, as the process engine does ({@link DecisionTableUnderTest}).
 */
class EligibilityDecisionTest {

    static final DecisionTableUnderTest TABLE =
            new DecisionTableUnderTest("processes/return-eligibility.dmn", EligibilityPolicy.DECISION_KEY);

    @BeforeEach
    void forgetFiredRules() {
        TABLE.forgetFiredRules();
    }

    @Test
    void theTableIsWellFormedForAnalystsAndTheEngine() {
        TABLE.assertWellFormed("Return eligibility",
                "Rule_NonReturnableCategory",
                "Rule_FaultWithinWindow", "Rule_FaultWindowExpired",
                "Rule_VipWithinWindow", "Rule_VipWindowExpired",
                "Rule_ApparelWithinWindow", "Rule_ApparelWindowExpired",
                "Rule_ElectronicsWithinWindow", "Rule_ElectronicsWindowExpired",
                "Rule_NoReasonWithinWindow", "Rule_NoReasonWindowExpired");
    }

    @Test
    void nonReturnableCategoriesAreRefusedWhateverTheReasonOrTier() {
        for (String category : List.of("food", "underwear", "digital", "customised")) {
            assertRefused(evaluate(category, "DEFECTIVE", 0, "VIP"), "NON_RETURNABLE_CATEGORY", null);
        }
        assertThat(TABLE.firedRules()).containsOnly("Rule_NonReturnableCategory").hasSize(4);
    }

    @Test
    void aSellersFaultGivesThirtyDaysEvenForShortWindowCategories() {
        assertEligible(evaluate("electronics", "DEFECTIVE", 30, "STANDARD"), 30);
        assertEligible(evaluate("apparel", "WRONG_ITEM", 16, "STANDARD"), 30);
        assertEligible(evaluate("home", "DAMAGED_IN_TRANSIT", 0, "STANDARD"), 30);
        assertThat(TABLE.firedRules()).containsOnly("Rule_FaultWithinWindow").hasSize(3);
    }

    @Test
    void aSellersFaultIsRefusedAfterThirtyDays() {
        assertRefused(evaluate("electronics", "DEFECTIVE", 31, "STANDARD"), "RETURN_WINDOW_EXPIRED", 30);
        assertThat(TABLE.firedRules()).containsExactly("Rule_FaultWindowExpired");
    }

    @Test
    void vipCustomersGetThirtyDaysForAnyReason() {
        assertEligible(evaluate("electronics", "CHANGED_MIND", 30, "VIP"), 30);
        assertThat(TABLE.firedRules()).containsExactly("Rule_VipWithinWindow");
    }

    @Test
    void vipCustomersAreRefusedAfterThirtyDays() {
        assertRefused(evaluate("apparel", "SIZE_FIT", 31, "VIP"), "RETURN_WINDOW_EXPIRED", 30);
        assertThat(TABLE.firedRules()).containsExactly("Rule_VipWindowExpired");
    }

    @Test
    void apparelAndShoesGetFifteenDays() {
        assertEligible(evaluate("apparel", "SIZE_FIT", 15, "STANDARD"), 15);
        assertEligible(evaluate("shoes", "CHANGED_MIND", 8, "STANDARD"), 15);
        assertThat(TABLE.firedRules()).containsOnly("Rule_ApparelWithinWindow").hasSize(2);
    }

    @Test
    void apparelAndShoesAreRefusedAfterFifteenDays() {
        assertRefused(evaluate("shoes", "SIZE_FIT", 16, "STANDARD"), "RETURN_WINDOW_EXPIRED", 15);
        assertThat(TABLE.firedRules()).containsExactly("Rule_ApparelWindowExpired");
    }

    @Test
    void electronicsGetSevenDays() {
        assertEligible(evaluate("electronics", "NOT_AS_DESCRIBED", 7, "STANDARD"), 7);
        assertThat(TABLE.firedRules()).containsExactly("Rule_ElectronicsWithinWindow");
    }

    @Test
    void electronicsAreRefusedAfterSevenDays() {
        assertRefused(evaluate("electronics", "CHANGED_MIND", 8, "STANDARD"), "RETURN_WINDOW_EXPIRED", 7);
        assertThat(TABLE.firedRules()).containsExactly("Rule_ElectronicsWindowExpired");
    }

    @Test
    void everythingElseGetsTheStatutorySevenDaysWithoutAReason() {
        assertEligible(evaluate("home", "CHANGED_MIND", 7, "STANDARD"), 7);
        assertEligible(evaluate("toys", "OTHER", 0, "GOLD"), 7);
        assertThat(TABLE.firedRules()).containsOnly("Rule_NoReasonWithinWindow").hasSize(2);
    }

    @Test
    void everythingElseIsRefusedAfterSevenDays() {
        assertRefused(evaluate("home", "CHANGED_MIND", 8, "STANDARD"), "RETURN_WINDOW_EXPIRED", 7);
        assertThat(TABLE.firedRules()).containsExactly("Rule_NoReasonWindowExpired");
    }

    @Test
    void withoutDaysSinceDeliveryOnlyTheCategoryRuleCanDecide() {
        assertThat(evaluate("home", "CHANGED_MIND", null, "STANDARD")).isNull();
        assertRefused(evaluate("food", "CHANGED_MIND", null, "STANDARD"), "NON_RETURNABLE_CATEGORY", null);
    }

    private static DmnDecisionRuleResult evaluate(String category, String reason, Integer daysSinceDelivery,
            String customerTier) {
        return TABLE.evaluate(Variables.createVariables()
                .putValue("category", category)
                .putValue("reason", reason)
                .putValue("daysSinceDelivery", daysSinceDelivery)
                .putValue("customerTier", customerTier));
    }

    /** An empty output cell is absent from the result, not present with null. */
    private static void assertEligible(DmnDecisionRuleResult result, int windowDays) {
        assertThat(result).isNotNull();
        assertThat(result.get("eligible")).isEqualTo(true);
        assertThat(result).doesNotContainKey("refusalReason");
        assertThat(result.get("returnWindowDays")).isEqualTo(windowDays);
    }

    private static void assertRefused(DmnDecisionRuleResult result, String refusalReason, Integer windowDays) {
        assertThat(result).isNotNull();
        assertThat(result.get("eligible")).isEqualTo(false);
        assertThat(result.get("refusalReason")).isEqualTo(refusalReason);
        assertThat(result.get("returnWindowDays")).isEqualTo(windowDays);
    }

}
