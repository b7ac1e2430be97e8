package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.math.BigDecimal;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.returnflow.risk.RiskFacts;

/**
 * One test per outcome of the region "Assess return risk": the real return-risk table answers from the facts each
 * test sets, the real outcome sets the journey's variables, and the journey goes where they say: on to the
 * hand-over (allowed, refund held, inspection required, instant exchange refused), or to customer service, who
 * approve, require an inspection or reject.
 */
@Deployment(resources = {"processes/return-journey.bpmn", "processes/return-eligibility.dmn",
        "processes/freight-payer.dmn", "processes/inspection-routing.dmn", "processes/refund-timing.dmn",
        "processes/return-risk.dmn"})
class ReturnJourneyRiskTest extends JourneyProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension engine = journeyEngine();

    @Override
    ProcessEngineExtension engine() {
        return engine;
    }

    @Test
    void anOrdinaryBuyerIsAllowedAndMayExchangeInstantly() {
        ProcessInstance journey = startReturn("R-ALLOW", HOME_PICKUP);

        assertThat(journey).hasPassedInOrder("Activity_DecideRefundTiming", "Activity_GatherRiskFacts",
                "Activity_AssessReturnRisk", "Gateway_RiskReview", "Gateway_RiskSettled")
                .hasNotPassed("Activity_ReviewRiskyReturn").isWaitingAt("Activity_BookPickup");
        assertThat(riskOutcomes).singleElement().satisfies(outcome -> assertThat(outcome.allowed()).isTrue());
        assertThat(journey).variables().containsEntry("instantExchangeAllowed", true)
                .containsEntry("riskReview", false)
                // the tables' own answers stand: a 99.00 defect is inspected automatically, refunded at receipt
                .containsEntry("inspection", "AUTOMATIC").containsEntry("refundTiming", "AT_WAREHOUSE_RECEIPT");
    }

    @Test
    void aBuyerWhoReturnedMostOrdersHasTheRefundHeldForAnInspection() {
        riskFacts = facts(2, new BigDecimal("0.80"), new BigDecimal("99.00"), false, 0);
        ProcessInstance journey = startReturn("R-HOLD", HOME_PICKUP);

        assertThat(riskOutcomes).singleElement().satisfies(outcome ->
                assertThat(outcome.actions()).containsExactly("HOLD_REFUND"));
        assertThat(journey).hasNotPassed("Activity_ReviewRiskyReturn").isWaitingAt("Activity_BookPickup");
        assertThat(journey).variables().containsEntry("inspection", "MANUAL")
                .containsEntry("refundTiming", "AFTER_INSPECTION").containsEntry("instantExchangeAllowed", false);

        // and the parcel does go to an inspector once it is signed for
        execute(job("Activity_BookPickup", journey));
        correlate("ParcelCollected", "R-HOLD");
        correlate("ParcelSigned", "R-HOLD");
        assertThat(journey).isWaitingAt("Activity_InspectReturnedItems");
    }

    @Test
    void aValuableItemIsInspectedByHand() {
        riskFacts = facts(1, new BigDecimal("0.25"), new BigDecimal("2500.00"), false, 0);
        ProcessInstance journey = startReturn("R-VALUABLE", HOME_PICKUP);

        assertThat(riskOutcomes).singleElement().satisfies(outcome ->
                assertThat(outcome.rules()).extracting(r -> r.rule()).containsExactly("valuable-item"));
        assertThat(journey).hasNotPassed("Activity_ReviewRiskyReturn").isWaitingAt("Activity_BookPickup");
        assertThat(journey).variables().containsEntry("inspection", "MANUAL")
                .containsEntry("refundTiming", "AFTER_INSPECTION").containsEntry("instantExchangeAllowed", false);
    }

    @Test
    void aNewBuyerGoesOnButMayNotExchangeInstantly() {
        riskFacts = new RiskFacts(90, 0, BigDecimal.ZERO.setScale(2), 1, 1, new BigDecimal("1.00"),
                new BigDecimal("99.00"), new BigDecimal("99.00"), "DEFECTIVE", STORE_DROPOFF, true, false, false, 0,
                0, 0);
        ProcessInstance journey = startReturn("R-NEW", STORE_DROPOFF);

        assertThat(riskOutcomes).singleElement().satisfies(outcome ->
                assertThat(outcome.actions()).containsExactly("REFUSE_INSTANT_EXCHANGE"));
        assertThat(journey).hasNotPassed("Activity_ReviewRiskyReturn").hasPassed("Activity_IssueDropOffCode");
        assertThat(journey).variables().containsEntry("instantExchangeAllowed", false)
                .containsEntry("inspection", "AUTOMATIC");
    }

    @Test
    void aFrequentReturnerWaitsForCustomerServiceWhoApproves() {
        riskFacts = facts(6, new BigDecimal("0.40"), new BigDecimal("99.00"), false, 0);
        ProcessInstance journey = startReturn("R-REVIEW", HOME_PICKUP);

        Task review = waitsForReview(journey);
        assertThat(taskEvents).containsExactly("prepareTaskFacts create Activity_ReviewRiskyReturn",
                "exceptionTaskOpened create Activity_ReviewRiskyReturn");
        assertThat(taskService().getIdentityLinksForTask(review.getId()))
                .anySatisfy(link -> {
                    assertThat(link.getType()).isEqualTo(IdentityLinkType.CANDIDATE);
                    assertThat(link.getGroupId()).isEqualTo("customer-service");
                });
        assertThat(formRef(review)).isEqualTo("review-return-risk latest");
        assertThat(review.getDueDate()).isNotNull();

        complete(review, withVariables("riskReviewDecision", "APPROVE", "riskReviewNote", "Known buyer"));

        assertThat(taskEvents).endsWith("reviewRiskyReturnDecided complete Activity_ReviewRiskyReturn");
        assertThat(riskReviews).containsExactly("APPROVE Known buyer");
        assertThat(journey).hasPassedInOrder("Activity_ReviewRiskyReturn", "Activity_RecordRiskReview",
                "Gateway_RiskReviewDecision", "Gateway_RiskSettled").isWaitingAt("Activity_BookPickup");
        assertThat(journey).variables().containsEntry("inspection", "AUTOMATIC")
                .containsEntry("instantExchangeAllowed", false);
    }

    @Test
    void customerServiceMayRequireAnInspectionAfterReview() {
        riskFacts = facts(0, new BigDecimal("0.20"), new BigDecimal("99.00"), false, 3);
        ProcessInstance journey = startReturn("R-REVIEW-INSPECT", HOME_PICKUP);

        complete(waitsForReview(journey), withVariables("riskReviewDecision", "REQUIRE_INSPECTION",
                "riskReviewNote", "Shares a phone with two other buyers"));

        assertThat(journey).isWaitingAt("Activity_BookPickup");
        assertThat(journey).variables().containsEntry("inspection", "MANUAL")
                .containsEntry("refundTiming", "AFTER_INSPECTION");
    }

    @Test
    void customerServiceMayRejectTheReturnAfterReview() {
        riskFacts = facts(9, new BigDecimal("0.90"), new BigDecimal("99.00"), false, 0);
        ProcessInstance journey = startReturn("R-REVIEW-REJECT", HOME_PICKUP);

        complete(waitsForReview(journey), withVariables("riskReviewDecision", "REJECT",
                "riskReviewNote", "Same parcel returned three times"));

        assertThat(journey).isEnded().hasPassedInOrder("Activity_RecordRiskReview", "Gateway_RiskReviewDecision",
                "Activity_RejectAfterReview", "EndEvent_RejectedAfterReview")
                .hasNotPassed("Gateway_RiskSettled", "SubProcess_HandOverParcel");
        assertThat(rejectAfterReview.calls()).containsExactly("R-REVIEW-REJECT");
        assertThat(bookPickup.calls()).isEmpty();
    }

    @Test
    void aReturnCancelledDuringTheReviewIsCancelledAndTheReviewWithdrawn() {
        riskFacts = facts(7, new BigDecimal("0.40"), new BigDecimal("99.00"), false, 0);
        ProcessInstance journey = startReturn("R-REVIEW-CANCEL", HOME_PICKUP);
        waitsForReview(journey);

        correlate("ReturnCancellationRequested", "R-REVIEW-CANCEL");

        assertThat(journey).isEnded().hasPassedInOrder("Event_CancelledDuringReview", "Activity_CancelDuringReview",
                "EndEvent_CancelledDuringReview").hasNotPassed("Activity_RecordRiskReview", "Gateway_RiskSettled");
        assertThat(taskEvents).endsWith("reviewRiskyReturnDecided delete Activity_ReviewRiskyReturn");
        assertThat(markReturnCancelled.calls()).containsExactly("R-REVIEW-CANCEL");
        assertThat(bookPickup.calls()).isEmpty();
    }

    private static Task waitsForReview(ProcessInstance journey) {
        assertThat(journey).isWaitingAt("Activity_ReviewRiskyReturn");
        assertThat(runtimeService().getVariable(journey.getId(), "riskReview")).isEqualTo(true);
        return task(journey);
    }

    /** A home pickup's facts with the history and values that matter to a test. */
    private static RiskFacts facts(int returnCount, BigDecimal returnedShare, BigDecimal highestItemValue,
                                   boolean farStore, int sharedPhoneCustomers) {
        return new RiskFacts(90, returnCount, new BigDecimal("300.00"), 5, 4, returnedShare, highestItemValue,
                highestItemValue, "DEFECTIVE", HOME_PICKUP, false, true, farStore, 0, 0, sharedPhoneCustomers);
    }
}
