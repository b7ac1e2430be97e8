package io.returnflow.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Output;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.returns.Disposition;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnReason;
import io.returnflow.support.DecisionTableUnderTest;

/**
 * One test per rule of {@code processes/return-dispositions.dmn}, through {@link DispositionPolicy} as the journey
 * asks it: each names the rule it expects to fire, so that reordering or rewriting rules shows up here; and how the
 * policy reads an answer that is no rule's, or no disposition.
 */
class DispositionDecisionTest {

    static final DecisionTableUnderTest TABLE =
            new DecisionTableUnderTest(DispositionPolicy.TABLE_FILE, DispositionPolicy.DECISION_KEY);
    static final DispositionPolicy POLICY = new DispositionPolicy(TABLE::evaluate);

    @BeforeEach
    void forgetFiredRules() {
        TABLE.forgetFiredRules();
    }

    @Test
    void theTableIsWellFormedForAnalystsAndTheEngine() {
        TABLE.assertWellFormed("What the warehouse does with a line nobody inspected", "Rule_DefectiveToVendor",
                "Rule_DamagedInTransit", "Rule_Restock");
    }

    @Test
    void theOutputDeclaresEveryDispositionAsItsAllowedValues() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(DispositionPolicy.TABLE_FILE)) {
            Decision decision = Dmn.readModelFromStream(in).getModelElementById(DispositionPolicy.DECISION_KEY);
            Output disposition = ((DecisionTable) decision.getExpression()).getOutputs().stream()
                    .filter(output -> "disposition".equals(output.getName())).findFirst().orElseThrow();
            assertThat(disposition.getOutputValues().getTextContent()).isEqualTo(Arrays.stream(Disposition.values())
                    .map(value -> "\"" + value.name() + "\"").collect(Collectors.joining(",")));
        }
    }

    @Test
    void aLineTheBuyerCallsDefectiveGoesBackToTheVendorWhateverItIs() {
        assertThat(decide(ReturnReason.DEFECTIVE, "apparel", "99.00"))
                .isEqualTo(new DispositionPolicy.Decided(Disposition.RETURN_TO_VENDOR, "defective-to-vendor"));
        assertThat(decide(ReturnReason.DEFECTIVE, "  Electronics ", "5000.00").disposition())
                .isEqualTo(Disposition.RETURN_TO_VENDOR);
        assertThat(TABLE.firedRules()).containsOnly("Rule_DefectiveToVendor").hasSize(2);
    }

    @Test
    void aLineDamagedOnTheWayBackIsRefurbished() {
        assertThat(decide(ReturnReason.DAMAGED_IN_TRANSIT, "kitchen", "30.00"))
                .isEqualTo(new DispositionPolicy.Decided(Disposition.REFURBISH, "damaged-in-transit"));
        assertThat(TABLE.firedRules()).containsExactly("Rule_DamagedInTransit");
    }

    @Test
    void anyOtherLineIsRestocked() {
        List<ReturnReason> others = List.of(ReturnReason.WRONG_ITEM, ReturnReason.NOT_AS_DESCRIBED,
                ReturnReason.SIZE_FIT, ReturnReason.CHANGED_MIND, ReturnReason.OTHER);
        for (ReturnReason reason : others) {
            assertThat(decide(reason, "apparel", "99.00"))
                    .isEqualTo(new DispositionPolicy.Decided(Disposition.RESTOCK, "restock"));
        }
        assertThat(decide(ReturnReason.CHANGED_MIND, null, "0.00").byRule()).isTrue();
        assertThat(TABLE.firedRules()).containsOnly("Rule_Restock").hasSize(others.size() + 1);
    }

    @Test
    void aLineNoRuleAnswersIsRestockedWithoutARule() {
        DispositionPolicy.Decided decided = new DispositionPolicy(inputs -> null)
                .decide("R-1", ReturnReason.DEFECTIVE, line("apparel", "99.00"));
        assertThat(decided).isEqualTo(new DispositionPolicy.Decided(Disposition.RESTOCK, DispositionPolicy.NO_RULE));
        assertThat(decided.byRule()).isFalse();
    }

    @Test
    void theTableHearsTheReasonTheCategoryInLowerCaseAndTheUnitPrice() {
        Map<String, Object> heard = new HashMap<>();
        new DispositionPolicy(inputs -> {
            heard.putAll(inputs);
            return Map.of("disposition", " dispose ", "rule", "broken-glass");
        }).decide("R-1", ReturnReason.OTHER, line(" Kitchen ", "12.50"));
        assertThat(heard).containsOnly(Map.entry("reason", "OTHER"), Map.entry("category", "kitchen"),
                Map.entry("unitPrice", new BigDecimal("12.50")));
    }

    @Test
    void anAnswerThatIsNoDispositionIsNeverGuessed() {
        assertThatThrownBy(() -> answering(Map.of("disposition", "SELL_ON_EBAY", "rule", "clearance")))
                .isInstanceOf(DispositionPolicy.UnknownDisposition.class)
                .hasMessage("The analysts' table return-disposition (processes/return-dispositions.dmn) answered the "
                        + "disposition 'SELL_ON_EBAY' for line L1 of return R-1 (rule clearance), which is none of "
                        + "RESTOCK, REFURBISH, DISPOSE, RETURN_TO_VENDOR: deploy a corrected table, then retry the "
                        + "step");
        Map<String, Object> empty = new HashMap<>();
        empty.put("disposition", null);
        empty.put("rule", "forgot-the-output");
        assertThatThrownBy(() -> answering(empty)).isInstanceOf(DispositionPolicy.UnknownDisposition.class)
                .hasMessageContaining("answered the disposition null for line L1 of return R-1 (rule "
                        + "forgot-the-output)");
        assertThatThrownBy(() -> answering(Map.of("disposition", 3, "rule", "a-number")))
                .hasMessageContaining("answered the disposition '3'");
    }

    private static DispositionPolicy.Decided decide(ReturnReason reason, String category, String unitPrice) {
        return POLICY.decide("R-1", reason, line(category, unitPrice));
    }

    private static DispositionPolicy.Decided answering(Map<String, Object> answer) {
        return new DispositionPolicy(inputs -> answer).decide("R-1", ReturnReason.CHANGED_MIND,
                line("apparel", "99.00"));
    }

    private static ReturnItem line(String category, String unitPrice) {
        return new ReturnItem("L1", "SKU-1", "T 恤", category, 1, new BigDecimal(unitPrice));
    }
}
