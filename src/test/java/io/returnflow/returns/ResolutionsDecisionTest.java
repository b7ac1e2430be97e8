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
 * One test per rule of {@code processes/return-resolutions.dmn}: each names the rule it expects to fire, so that
 * reordering or rewriting rules shows up here; and how the policy reads an answer it cannot trust.
 */
class ResolutionsDecisionTest {

    static final DecisionTableUnderTest TABLE =
            new DecisionTableUnderTest("processes/return-resolutions.dmn", ResolutionPolicy.DECISION_KEY);

    @BeforeEach
    void forgetFiredRules() {
        TABLE.forgetFiredRules();
    }

    @Test
    void theTableIsWellFormedForAnalystsAndTheEngine() {
        TABLE.assertWellFormed("How a returned line may be settled", "Rule_SellersFault",
                "Rule_HighPricedElectronics", "Rule_SizeFit", "Rule_VipExchange", "Rule_Default");
    }

    @Test
    void theSellersFaultIsRefundedOrExchangedWithoutACreditBonus() {
        for (String reason : List.of("DEFECTIVE", "WRONG_ITEM", "DAMAGED_IN_TRANSIT")) {
            ResolutionPolicy.Allowed allowed = allowed("electronics", reason, "STANDARD", "5000.00");
            assertThat(allowed.inOrder()).containsExactly(Resolution.REFUND, Resolution.EXCHANGE);
            assertThat(allowed.bonusPercent()).isEqualByComparingTo("0");
            assertThat(allowed.fallback()).isEqualTo(ResolutionPolicy.Fallback.REFUND);
            assertThat(allowed.rule()).isEqualTo("sellers-fault");
        }
        assertThat(TABLE.firedRules()).containsOnly("Rule_SellersFault").hasSize(3);
    }

    @Test
    void highPricedElectronicsAreNotExchanged() {
        ResolutionPolicy.Allowed allowed = allowed("electronics", "CHANGED_MIND", "VIP", "2000.00");
        assertThat(allowed.inOrder()).containsExactly(Resolution.REFUND, Resolution.STORE_CREDIT);
        assertThat(allowed.bonusPercent()).isEqualByComparingTo("5");
        assertThat(allowed.rule()).isEqualTo("high-priced-electronics");
        assertThat(TABLE.firedRules()).containsExactly("Rule_HighPricedElectronics");
    }

    @Test
    void apparelAndShoesThatDoNotFitMayHaveAllThree() {
        for (String category : List.of("apparel", "shoes")) {
            ResolutionPolicy.Allowed allowed = allowed(category, "SIZE_FIT", "STANDARD", "99.00");
            assertThat(allowed.inOrder()).containsExactly(Resolution.REFUND, Resolution.STORE_CREDIT,
                    Resolution.EXCHANGE);
            assertThat(allowed.bonusPercent()).isEqualByComparingTo("10");
            assertThat(allowed.differenceTo()).isEqualTo(Resolution.STORE_CREDIT);
            assertThat(allowed.fallback()).isEqualTo(ResolutionPolicy.Fallback.CUSTOMER_SERVICE);
            assertThat(allowed.rule()).isEqualTo("size-fit");
        }
        assertThat(TABLE.firedRules()).containsOnly("Rule_SizeFit").hasSize(2);
    }

    @Test
    void vipCustomersMayExchangeWhatTheyReturn() {
        ResolutionPolicy.Allowed allowed = allowed("electronics", "CHANGED_MIND", "VIP", "1999.99");
        assertThat(allowed.inOrder()).containsExactly(Resolution.REFUND, Resolution.STORE_CREDIT,
                Resolution.EXCHANGE);
        assertThat(allowed.fallback()).isEqualTo(ResolutionPolicy.Fallback.REFUND);
        assertThat(allowed.rule()).isEqualTo("vip-exchange");
        assertThat(TABLE.firedRules()).containsExactly("Rule_VipExchange");
    }

    @Test
    void otherwiseRefundOrCreditWithTenPercentOnTop() {
        ResolutionPolicy.Allowed allowed = allowed("home", "CHANGED_MIND", "STANDARD", "49.00");
        assertThat(allowed.inOrder()).containsExactly(Resolution.REFUND, Resolution.STORE_CREDIT);
        assertThat(allowed.bonusPercent()).isEqualByComparingTo("10");
        assertThat(allowed.rule()).isEqualTo("refund-or-credit");
        assertThat(allowed("apparel", "NOT_AS_DESCRIBED", "GOLD", "49.00").rule()).isEqualTo("refund-or-credit");
        assertThat(TABLE.firedRules()).containsOnly("Rule_Default").hasSize(2);
    }

    @Test
    void withoutAnAnswerALineMayOnlyBeRefunded() {
        ResolutionPolicy.Allowed none = ResolutionPolicy.parse(null);
        assertThat(none.inOrder()).containsExactly(Resolution.REFUND);
        assertThat(none.bonusPercent()).isEqualByComparingTo("0");
        assertThat(none.rule()).isEqualTo(ResolutionPolicy.NO_RULE);

        ResolutionPolicy.Allowed nothing = ResolutionPolicy.parse(java.util.Map.of("refund", false,
                "storeCredit", false, "exchange", false, "rule", "closed"));
        assertThat(nothing.inOrder()).as("a rule allowing nothing").containsExactly(Resolution.REFUND);

        ResolutionPolicy.Allowed odd = ResolutionPolicy.parse(java.util.Map.of("refund", true, "storeCredit", true,
                "exchange", true, "storeCreditBonusPercent", -5, "exchangeDifferenceTo", "CASH",
                "exchangeFallback", "SHRUG", "rule", "odd"));
        assertThat(odd.bonusPercent()).isEqualByComparingTo("0");
        assertThat(odd.differenceTo()).isEqualTo(Resolution.REFUND);
        assertThat(odd.fallback()).as("a person decides").isEqualTo(ResolutionPolicy.Fallback.CUSTOMER_SERVICE);
    }

    private static ResolutionPolicy.Allowed allowed(String category, String reason, String tier, String unitPrice) {
        DmnDecisionRuleResult result = TABLE.evaluate(Variables.createVariables()
                .putValue("category", category)
                .putValue("reason", reason)
                .putValue("customerTier", tier)
                .putValue("unitPrice", new BigDecimal(unitPrice)));
        assertThat(result).isNotNull();
        return ResolutionPolicy.parse(result.getEntryMap());
    }
}
