package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.support.DecisionTableUnderTest;

/**
 * One test per rule of {@code processes/freight-payer.dmn}: each names the rule it expects to fire,
 * so that reordering or rewriting rules shows up here.
 */
class FreightPayerDecisionTest {

    static final DecisionTableUnderTest TABLE =
            new DecisionTableUnderTest("processes/freight-payer.dmn", FreightPayerPolicy.DECISION_KEY);

    @BeforeEach
    void forgetFiredRules() {
        TABLE.forgetFiredRules();
    }

    @Test
    void theTableIsWellFormedForAnalystsAndTheEngine() {
        TABLE.assertWellFormed("Who pays the return freight",
                "Rule_SellersFault", "Rule_VipFreeReturn", "Rule_FreeReturnOver299", "Rule_BuyerPays");
    }

    @Test
    void theMerchantPaysForItsOwnFaultsWhateverTheTierOrValue() {
        for (String reason : List.of("DEFECTIVE", "WRONG_ITEM", "DAMAGED_IN_TRANSIT")) {
            assertPays(evaluate(reason, "STANDARD", "10.00"), "MERCHANT", "defect-free-return");
        }
        assertPays(evaluate("DEFECTIVE", "VIP", "1000.00"), "MERCHANT", "defect-free-return");
        assertThat(TABLE.firedRules()).containsOnly("Rule_SellersFault").hasSize(4);
    }

    @Test
    void vipCustomersReturnFreeForAReasonOfTheirOwn() {
        assertPays(evaluate("CHANGED_MIND", "VIP", "10.00"), "MERCHANT", "vip-free-return");
        assertThat(TABLE.firedRules()).containsExactly("Rule_VipFreeReturn");
    }

    @Test
    void itemsWorth299OrMoreReturnFree() {
        assertPays(evaluate("SIZE_FIT", "STANDARD", "299.00"), "MERCHANT", "free-return-over-299");
        assertPays(evaluate("CHANGED_MIND", "GOLD", "1299.50"), "MERCHANT", "free-return-over-299");
        assertThat(TABLE.firedRules()).containsOnly("Rule_FreeReturnOver299").hasSize(2);
    }

    @Test
    void otherwiseTheBuyerPays() {
        assertPays(evaluate("CHANGED_MIND", "STANDARD", "99.00"), "BUYER", "buyer-pays");
        assertPays(evaluate("NOT_AS_DESCRIBED", "GOLD", "298.99"), "BUYER", "buyer-pays");
        assertThat(TABLE.firedRules()).containsOnly("Rule_BuyerPays").hasSize(2);
    }

    private static DmnDecisionRuleResult evaluate(String reason, String customerTier, String itemsTotal) {
        return TABLE.evaluate(Variables.createVariables()
                .putValue("reason", reason)
                .putValue("customerTier", customerTier)
                .putValue("itemsTotal", new BigDecimal(itemsTotal)));
    }

    private static void assertPays(DmnDecisionRuleResult result, String payer, String rule) {
        assertThat(result).isNotNull();
        assertThat(result.get("payer")).isEqualTo(payer);
        assertThat(result.get("rule")).isEqualTo(rule);
    }
}
