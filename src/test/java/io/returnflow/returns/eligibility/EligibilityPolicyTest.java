package io.returnflow.returns.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.OffsetDateTime;
import java.util.List;

import org.camunda.bpm.dmn.engine.DmnDecisionRuleResult;
import org.camunda.bpm.dmn.engine.DmnDecisionTableResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The policy's aggregation over items, against the real decision deployed to a process engine:
 * one refused item refuses the return, and every refusal names its line.
 */
@Deployment(resources = "processes/return-eligibility.dmn")
class EligibilityPolicyTest {

    @RegisterExtension
    static final ProcessEngineExtension engine = ProcessEngineExtension.builder()
            .configurationResource("camunda.cfg.xml")
            .build();

    private static final OffsetDateTime DELIVERED = OffsetDateTime.parse("2026-11-01T10:00:00+08:00");

    private EligibilityPolicy policy;

    @BeforeEach
    void createPolicy() {
        policy = new EligibilityPolicy(engine.getDecisionService());
    }

    @Test
    void returnsWhoseItemsAreAllWithinTheirWindowsAreEligible() {
        EligibilityVerdict verdict = policy.evaluate(facts("SIZE_FIT", "STANDARD", DELIVERED.plusDays(7),
                new ItemFacts("L1", "apparel"), new ItemFacts("L2", "electronics"), new ItemFacts("L3", "home")));

        assertThat(verdict.eligible()).isTrue();
        assertThat(verdict.reasons()).isEmpty();
        assertThat(verdict.refusalCodes()).isEmpty();
    }

    @Test
    void oneNonReturnableItemRefusesTheWholeReturnAndIsNamed() {
        EligibilityVerdict verdict = policy.evaluate(facts("CHANGED_MIND", "STANDARD", DELIVERED.plusDays(1),
                new ItemFacts("L1", "apparel"), new ItemFacts("L2", "food")));

        assertThat(verdict.eligible()).isFalse();
        assertThat(verdict.reasons()).containsExactly("L2: category food is not returnable");
        assertThat(verdict.refusalCodes()).containsExactly("NON_RETURNABLE_CATEGORY");
    }

    @Test
    void anExpiredWindowNamesTheLineTheWindowAndItsLastDay() {
        EligibilityVerdict verdict = policy.evaluate(facts("SIZE_FIT", "STANDARD", DELIVERED.plusDays(16),
                new ItemFacts("L1", "apparel"), new ItemFacts("L2", "electronics")));

        assertThat(verdict.eligible()).isFalse();
        assertThat(verdict.reasons()).containsExactly(
                "L1: return window of 15 days ended on 2026-11-16",
                "L2: return window of 7 days ended on 2026-11-08");
        assertThat(verdict.refusalCodes()).containsExactly("RETURN_WINDOW_EXPIRED");
    }

    @Test
    void everyRefusedLineIsReportedAndCodesAreDistinctInOrderOfFirstOccurrence() {
        EligibilityVerdict verdict = policy.evaluate(facts("CHANGED_MIND", "STANDARD", DELIVERED.plusDays(10),
                new ItemFacts("L1", "underwear"), new ItemFacts("L2", "electronics"), new ItemFacts("L3", "apparel"),
                new ItemFacts("L4", "food")));

        assertThat(verdict.eligible()).isFalse();
        assertThat(verdict.reasons()).containsExactly(
                "L1: category underwear is not returnable",
                "L2: return window of 7 days ended on 2026-11-08",
                "L4: category food is not returnable");
        assertThat(verdict.refusalCodes()).containsExactly("NON_RETURNABLE_CATEGORY", "RETURN_WINDOW_EXPIRED");
    }

    @Test
    void daysAreShanghaiCalendarDaysSoTheLastDayLastsUntilMidnight() {
        // delivered ten minutes before midnight in Shanghai, written in UTC: day 1 starts ten minutes later
        OffsetDateTime delivered = OffsetDateTime.parse("2026-11-01T15:50:00Z");
        ItemFacts blender = new ItemFacts("L1", "electronics");

        EligibilityVerdict lastMinute = policy.evaluate(new EligibilityFacts("CHANGED_MIND", "STANDARD", delivered,
                OffsetDateTime.parse("2026-11-08T23:59:00+08:00"), List.of(blender)));
        EligibilityVerdict nextMorning = policy.evaluate(new EligibilityFacts("CHANGED_MIND", "STANDARD", delivered,
                OffsetDateTime.parse("2026-11-09T00:01:00+08:00"), List.of(blender)));

        assertThat(lastMinute.eligible()).isTrue();
        assertThat(nextMorning.eligible()).isFalse();
        assertThat(nextMorning.reasons()).containsExactly("L1: return window of 7 days ended on 2026-11-08");
    }

    @Test
    void aSellersFaultOutweighsTheCategoryWindow() {
        EligibilityVerdict verdict = policy.evaluate(facts("DEFECTIVE", "STANDARD", DELIVERED.plusDays(25),
                new ItemFacts("L1", "electronics")));

        assertThat(verdict.eligible()).isTrue();
    }

    @Test
    void inputsAreMatchedRegardlessOfCaseAndSurroundingSpace() {
        EligibilityVerdict vip = policy.evaluate(facts("changed_mind", " vip ", DELIVERED.plusDays(20),
                new ItemFacts("L1", " Electronics")));
        EligibilityVerdict food = policy.evaluate(facts("Defective", "STANDARD", DELIVERED,
                new ItemFacts("L1", "FOOD")));

        assertThat(vip.eligible()).as("VIP window applies").isTrue();
        assertThat(food.reasons()).containsExactly("L1: category food is not returnable");
    }

    @Test
    void anItemNoRuleCoversIsRefusedWithNoPolicy() {
        DmnDecisionTableResult noMatch = mock(DmnDecisionTableResult.class);
        DecisionService decisions = mock(DecisionService.class);
        when(decisions.evaluateDecisionTableByKey(eq(EligibilityPolicy.DECISION_KEY), anyMap())).thenReturn(noMatch);

        EligibilityVerdict verdict = new EligibilityPolicy(decisions).evaluate(facts("OTHER", "STANDARD",
                DELIVERED.plusDays(1), new ItemFacts("L7", "gadgets")));

        assertThat(verdict.eligible()).isFalse();
        assertThat(verdict.reasons()).containsExactly("L7: no return policy covers category gadgets with reason OTHER");
        assertThat(verdict.refusalCodes()).containsExactly("NO_POLICY");
    }

    @Test
    void aRuleThatRefusesWithoutAReasonStillRefuses() {
        DmnDecisionRuleResult refusal = mock(DmnDecisionRuleResult.class);
        when(refusal.get("eligible")).thenReturn(false);
        DmnDecisionTableResult result = mock(DmnDecisionTableResult.class);
        when(result.getFirstResult()).thenReturn(refusal);
        DecisionService decisions = mock(DecisionService.class);
        when(decisions.evaluateDecisionTableByKey(eq(EligibilityPolicy.DECISION_KEY), anyMap())).thenReturn(result);

        EligibilityVerdict verdict = new EligibilityPolicy(decisions).evaluate(facts("OTHER", "STANDARD",
                DELIVERED.plusDays(1), new ItemFacts("L1", "home")));

        assertThat(verdict.eligible()).isFalse();
        assertThat(verdict.reasons()).containsExactly("L1: not returnable (NOT_ELIGIBLE)");
        assertThat(verdict.refusalCodes()).containsExactly("NOT_ELIGIBLE");
    }

    @Test
    void aReturnWithoutItemsIsNotAQuestionForThePolicy() {
        assertThatThrownBy(() -> new EligibilityFacts("OTHER", "STANDARD", DELIVERED, DELIVERED, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static EligibilityFacts facts(String reason, String tier, OffsetDateTime asOf, ItemFacts... items) {
        return new EligibilityFacts(reason, tier, DELIVERED, asOf, List.of(items));
    }
}
