package io.returnflow.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.support.DecisionTableUnderTest;

/**
 * One test per rule of {@code processes/refund-timing.dmn}: each names the rule it expects to fire,
 * so that reordering or rewriting rules shows up here.
 */
class RefundTimingDecisionTest {

    static final DecisionTableUnderTest TABLE =
            new DecisionTableUnderTest("processes/refund-timing.dmn", RefundTimingPolicy.DECISION_KEY);

    @BeforeEach
    void forgetFiredRules() {
        TABLE.forgetFiredRules();
    }

    @Test
    void theTableIsWellFormedForAnalystsAndTheEngine() {
        TABLE.assertWellFormed("When is the refund due?", "Rule_InspectedFirst", "Rule_TrustedLowValue",
                "Rule_SmallDropOff", "Rule_ValuableAfterInspection", "Rule_AtWarehouseReceipt");
    }

    @Test
    void aParcelAnInspectorLooksAtIsRefundedAfterTheInspectionWhoeverSentIt() {
        assertTiming(evaluate("MANUAL", "NOT_AS_DESCRIBED", "VIP", "20.00", "STORE_DROPOFF"), "AFTER_INSPECTION");
        assertTiming(evaluate("MANUAL", "CHANGED_MIND", "STANDARD", "900.00", "HOME_PICKUP"), "AFTER_INSPECTION");
        assertThat(TABLE.firedRules()).containsOnly("Rule_InspectedFirst").hasSize(2);
    }

    @Test
    void aVipReturningLittleIsRefundedAtHandOverByEitherMethod() {
        assertTiming(evaluate("AUTOMATIC", "CHANGED_MIND", "VIP", "200.00", "HOME_PICKUP"), "AT_DROP_OFF");
        assertTiming(evaluate("AUTOMATIC", "DEFECTIVE", "VIP", "0.01", "STORE_DROPOFF"), "AT_DROP_OFF");
        assertThat(TABLE.firedRules()).containsOnly("Rule_TrustedLowValue").hasSize(2);
    }

    @Test
    void aSmallParcelCheckedInAtAStoreIsRefundedAtTheCounterUnlessItIsBroken() {
        assertTiming(evaluate("AUTOMATIC", "SIZE_FIT", "STANDARD", "50.00", "STORE_DROPOFF"), "AT_DROP_OFF");
        assertThat(TABLE.firedRules()).containsExactly("Rule_SmallDropOff");
        TABLE.forgetFiredRules();

        // a defect is refunded when the warehouse has the parcel: the table's last rule
        assertTiming(evaluate("AUTOMATIC", "DEFECTIVE", "STANDARD", "50.00", "STORE_DROPOFF"), "AT_WAREHOUSE_RECEIPT");
        // the same small parcel from the buyer's door waits for the warehouse too
        assertTiming(evaluate("AUTOMATIC", "SIZE_FIT", "STANDARD", "50.00", "HOME_PICKUP"), "AT_WAREHOUSE_RECEIPT");
        // and a VIP's 200.01 is no longer "little"
        assertTiming(evaluate("AUTOMATIC", "SIZE_FIT", "VIP", "200.01", "HOME_PICKUP"), "AT_WAREHOUSE_RECEIPT");
        assertThat(TABLE.firedRules()).containsOnly("Rule_AtWarehouseReceipt").hasSize(3);
    }

    @Test
    void valuableReturnsWaitForTheInspectionsResult() {
        assertTiming(evaluate("AUTOMATIC", "CHANGED_MIND", "STANDARD", "300.01", "HOME_PICKUP"), "AFTER_INSPECTION");
        assertTiming(evaluate("AUTOMATIC", "DEFECTIVE", "VIP", "450.00", "STORE_DROPOFF"), "AFTER_INSPECTION");
        assertThat(TABLE.firedRules()).containsOnly("Rule_ValuableAfterInspection").hasSize(2);
    }

    @Test
    void everythingElseIsRefundedAtWarehouseReceipt() {
        assertTiming(evaluate("AUTOMATIC", "CHANGED_MIND", "STANDARD", "300.00", "HOME_PICKUP"),
                "AT_WAREHOUSE_RECEIPT");
        assertTiming(evaluate("AUTOMATIC", "DAMAGED_IN_TRANSIT", "STANDARD", "99.00", "STORE_DROPOFF"),
                "AT_WAREHOUSE_RECEIPT");
        assertThat(TABLE.firedRules()).containsOnly("Rule_AtWarehouseReceipt").hasSize(2);
    }

    private static DmnDecisionRuleResult evaluate(String inspection, String reason, String customerTier,
                                                  String itemsTotal, String method) {
        return TABLE.evaluate(Variables.createVariables()
                .putValue("inspection", inspection)
                .putValue("reason", reason)
                .putValue("customerTier", customerTier)
                .putValue("itemsTotal", new BigDecimal(itemsTotal))
                .putValue("method", method));
    }

    private static void assertTiming(DmnDecisionRuleResult result, String timing) {
        assertThat(result).isNotNull();
        assertThat(result.get("refundTiming")).isEqualTo(timing);
    }
}
