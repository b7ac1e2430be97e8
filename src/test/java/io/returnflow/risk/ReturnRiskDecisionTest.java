package io.returnflow.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.HitPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.support.DecisionTableUnderTest;

/**
 * One test per rule of {@code processes/return-risk.dmn} (RULE ORDER: every matching rule answers): each names the
 * rules it expects to fire, on either side of the shipped thresholds, and what the journey makes of the answer.
 */
class ReturnRiskDecisionTest {

    static final DecisionTableUnderTest TABLE =
            new DecisionTableUnderTest("processes/return-risk.dmn", RiskAssessments.DECISION_KEY);

    @BeforeEach
    void forgetFiredRules() {
        TABLE.forgetFiredRules();
    }

    @Test
    void theTableIsWellFormedForAnalystsAndTheEngine() {
        TABLE.assertWellFormed(HitPolicy.RULE_ORDER, "How risky is the return?", "Rule_FrequentReturner",
                "Rule_HighReturnedValue", "Rule_SharedPhone", "Rule_SharedAddress", "Rule_RepeatedFarDropOffs",
                "Rule_MostOrdersReturned", "Rule_ValuableItem", "Rule_FarStore", "Rule_NewCustomer");
    }

    @Test
    void anOrdinaryBuyerWithHistoryIsAllowedAndMayExchangeInstantly() {
        RiskOutcome outcome = evaluate(ordinary());
        assertThat(TABLE.firedRules()).isEmpty();
        assertThat(outcome.allowed()).isTrue();
        assertThat(outcome.review()).isFalse();
        assertThat(outcome.inspectionRequired()).isFalse();
    }

    @Test
    void fiveOtherReturnsInTheLookbackGoToCustomerService() {
        assertThat(evaluate(ordinary().putValue("returnCount", 4)).allowed()).isTrue();
        RiskOutcome outcome = evaluate(ordinary().putValue("returnCount", 5));
        assertThat(TABLE.firedRules()).containsExactly("Rule_FrequentReturner");
        assertThat(outcome.rules()).containsExactly(
                new RiskOutcome.FiredRule("frequent-returner", "CUSTOMER_SERVICE_REVIEW"));
        assertThat(outcome.review()).isTrue();
    }

    @Test
    void threeThousandReturnedInTheLookbackGoesToCustomerService() {
        assertThat(evaluate(ordinary().putValue("returnedValue", 2999.99)).allowed()).isTrue();
        assertThat(evaluate(ordinary().putValue("returnedValue", 3000.00)).actions())
                .containsExactly("CUSTOMER_SERVICE_REVIEW");
        assertThat(TABLE.firedRules()).containsExactly("Rule_HighReturnedValue");
    }

    @Test
    void aPhoneOrAddressOfThreeBuyersGoesToCustomerService() {
        assertThat(evaluate(ordinary().putValue("sharedPhoneCustomers", 1)
                .putValue("sharedAddressCustomers", 1)).allowed()).isTrue();
        assertThat(evaluate(ordinary().putValue("sharedPhoneCustomers", 2)).review()).isTrue();
        assertThat(evaluate(ordinary().putValue("sharedAddressCustomers", 2)).review()).isTrue();
        assertThat(TABLE.firedRules()).containsExactly("Rule_SharedPhone", "Rule_SharedAddress");
    }

    @Test
    void repeatedFarDropOffsGoToCustomerService() {
        assertThat(evaluate(ordinary().putValue("earlierFarDropOffs", 1)).allowed()).isTrue();
        assertThat(evaluate(ordinary().putValue("earlierFarDropOffs", 2)).review()).isTrue();
        assertThat(TABLE.firedRules()).containsExactly("Rule_RepeatedFarDropOffs");
    }

    @Test
    void mostOfAtLeastThreeKnownOrdersReturnedHoldsTheRefund() {
        // one known order returned is "all" of them: no signal
        assertThat(evaluate(ordinary().putValue("returnedShare", 1.0).putValue("knownOrders", 2)).allowed())
                .isTrue();
        assertThat(evaluate(ordinary().putValue("returnedShare", 0.59).putValue("knownOrders", 10)).allowed())
                .isTrue();
        RiskOutcome outcome = evaluate(ordinary().putValue("returnedShare", 0.6).putValue("knownOrders", 5));
        assertThat(TABLE.firedRules()).containsExactly("Rule_MostOrdersReturned");
        assertThat(outcome.actions()).containsExactly("HOLD_REFUND");
        assertThat(outcome.inspectionRequired()).isTrue();
        assertThat(outcome.review()).isFalse();
    }

    @Test
    void anItemOfTwoThousandOrADropOffFarFromHomeIsInspected() {
        assertThat(evaluate(ordinary().putValue("highestItemValue", 1999.99)).allowed()).isTrue();
        assertThat(evaluate(ordinary().putValue("highestItemValue", 2000.00)).actions())
                .containsExactly("REQUIRE_INSPECTION");
        assertThat(evaluate(ordinary().putValue("farStore", true)).actions()).containsExactly("REQUIRE_INSPECTION");
        assertThat(TABLE.firedRules()).containsExactly("Rule_ValuableItem", "Rule_FarStore");
    }

    @Test
    void aNewBuyerMayNotExchangeInstantlyButIsOtherwiseAllowed() {
        RiskOutcome outcome = evaluate(ordinary().putValue("newCustomer", true));
        assertThat(TABLE.firedRules()).containsExactly("Rule_NewCustomer");
        assertThat(outcome.actions()).containsExactly("REFUSE_INSTANT_EXCHANGE");
        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.review()).isFalse();
        assertThat(outcome.inspectionRequired()).isFalse();
    }

    @Test
    void everyMatchingRuleAnswersInTableOrderAndEachActionCountsOnce() {
        RiskOutcome outcome = evaluate(ordinary().putValue("returnCount", 7).putValue("returnedValue", 5000.0)
                .putValue("highestItemValue", 2500.0).putValue("newCustomer", true));
        assertThat(TABLE.firedRules()).containsExactly("Rule_FrequentReturner", "Rule_HighReturnedValue",
                "Rule_ValuableItem", "Rule_NewCustomer");
        assertThat(outcome.actions()).containsExactly("CUSTOMER_SERVICE_REVIEW", "REQUIRE_INSPECTION",
                "REFUSE_INSTANT_EXCHANGE");
        assertThat(outcome.rules()).extracting(RiskOutcome.FiredRule::rule).containsExactly("frequent-returner",
                "high-returned-value", "valuable-item", "new-customer");
    }

    @Test
    void anActionTheJourneyDoesNotKnowIsLookedAtByAPerson() {
        RiskOutcome outcome = RiskOutcome.of(List.of(Map.of("action", "HOLD_REFUNDS", "rule", "typo")));
        assertThat(outcome.review()).isTrue();
        assertThat(outcome.allowed()).isFalse();
    }

    private static RiskOutcome evaluate(VariableMap facts) {
        return RiskOutcome.of(TABLE.evaluateAll(facts));
    }

    /** A buyer with a little ordinary history, returning something ordinary from home. */
    static VariableMap ordinary() {
        return Variables.createVariables()
                .putValue("returnCount", 1)
                .putValue("returnedValue", 120.00)
                .putValue("returnedShare", 0.5)
                .putValue("knownOrders", 4)
                .putValue("highestItemValue", 99.00)
                .putValue("itemsTotal", 99.00)
                .putValue("reason", "DEFECTIVE")
                .putValue("method", "HOME_PICKUP")
                .putValue("farStore", false)
                .putValue("earlierFarDropOffs", 0)
                .putValue("sharedAddressCustomers", 0)
                .putValue("sharedPhoneCustomers", 0)
                .putValue("newCustomer", false);
    }
}
