package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.OffsetDateTime;
import java.util.List;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.returnflow.exchange.ExchangeOrder;
import io.returnflow.exchange.ExchangeStatus;
import io.returnflow.returns.ReturnSettlements;

/**
 * One test per path through the journey's exchange regions: the exchange order placed before the refund and the
 * shop's answer waited for (at once, by message, by asking, or chased by customer service), the fallback when it is
 * refused, the instant exchange before the hand-over and its recovery when the parcel never comes or the inspector
 * accepts fewer pieces than it shipped.
 */
@Deployment(resources = {"processes/return-journey.bpmn", "processes/return-eligibility.dmn",
        "processes/freight-payer.dmn", "processes/inspection-routing.dmn", "processes/refund-timing.dmn", "processes/return-risk.dmn"})
class ReturnJourneyExchangeTest extends JourneyProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension engine = journeyEngine();

    /** Where the exchange order stands as "Look up the exchange order" reads it. */
    String shopStatus = "CONFIRMED";
    /** Whether "Fall back from the exchange" leaves lines for a person. */
    boolean linesLeft;

    @Override
    ProcessEngineExtension engine() {
        return engine;
    }

    @BeforeEach
    void exchangeStandIns() {
        exchangesLines = true;
        lookUpExchangeOrder.behaving(execution -> execution.setVariable("exchangeOrderStatus", shopStatus));
        fallBackFromExchange.behaving(execution -> execution.setVariable("exchangeLinesLeft", linesLeft));
        askTheShop.behaving(execution -> {
            Object asks = execution.getVariable("exchangeAsks");
            execution.setVariable("exchangeAsks", asks == null ? 1 : (Integer) asks + 1);
            execution.setVariable("exchangeOrderStatus", shopStatus);
        });
    }

    @Test
    void aReturnWithoutExchangedLinesGoesStraightToItsRefund() {
        exchangesLines = false;
        ProcessInstance journey = receivedParcel("R-NO-EXCHANGE");

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassed("Gateway_ExchangeLines");
        assertThat(journey).hasNotPassed("Activity_PlaceExchangeOrder", "Activity_LookUpExchangeOrder");
        assertThat(placeExchangeOrder.calls()).isEmpty();
    }

    @Test
    void anOrderConfirmedAtOnceIsFollowedByTheRefund() {
        ProcessInstance journey = receivedParcel("R-EX-CONFIRMED");

        // the shop is called from a job, never in the transaction that received the parcel
        assertThat(journey).isWaitingAt("Activity_PlaceExchangeOrder");
        execute(job("Activity_PlaceExchangeOrder", journey));

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassedInOrder("Gateway_ExchangeLines",
                "Gateway_PlacedAtRequest", "Activity_PlaceExchangeOrder", "Activity_LookUpExchangeOrder",
                "Gateway_ExchangeAnswer", "Gateway_ExchangeSettled");
        assertThat(journey).hasNotPassed("Gateway_AwaitExchangeAnswer", "Activity_FallBackFromExchange");
        refundAndComplete(journey);
        assertThat(placeExchangeOrder.calls()).containsExactly("R-EX-CONFIRMED");
    }

    @Test
    void aPendingOrderWaitsForTheShopsConfirmation() {
        shopStatus = "PENDING";
        ProcessInstance journey = receivedParcel("R-EX-PENDING");
        execute(job("Activity_PlaceExchangeOrder", journey));

        assertThat(journey).isWaitingAt("Gateway_AwaitExchangeAnswer");
        correlate("ExchangeOrderConfirmed", "R-EX-PENDING");

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassed("Event_ExchangeOrderConfirmed");
        assertThat(journey).hasNotPassed("Activity_AskTheShop", "Activity_FallBackFromExchange");
    }

    @Test
    void anAnswerRecordedBeforeTheJourneyWaitsIsFoundByTheLookUp() {
        // the outcome API records the answer while the order is placed: nobody waits yet, so no message is
        // delivered, and the look-up that follows reads the recorded answer instead
        shopStatus = "PENDING";
        placeExchangeOrder.behaving(execution -> {
            assertThat(runtimeService().createMessageCorrelation("ExchangeOrderConfirmed")
                    .processInstanceBusinessKey("R-EX-EARLY").correlateAllWithResult()).isEmpty();
            shopStatus = "CONFIRMED";
        });
        ProcessInstance journey = receivedParcel("R-EX-EARLY");
        execute(job("Activity_PlaceExchangeOrder", journey));

        assertThat(journey).isWaitingAt("Activity_IssueRefund");
        assertThat(journey).hasNotPassed("Gateway_AwaitExchangeAnswer");
    }

    @Test
    void aRefusalThePolicyFallsBackForIsRefundedWithoutAPerson() {
        shopStatus = "OUT_OF_STOCK";
        ProcessInstance journey = receivedParcel("R-EX-OOS");
        execute(job("Activity_PlaceExchangeOrder", journey));

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassedInOrder("Gateway_ExchangeAnswer",
                "Gateway_JoinBeforeFallBack", "Activity_FallBackFromExchange", "Gateway_LinesLeft",
                "Gateway_ExchangeSettled");
        assertThat(journey).hasNotPassed("Activity_ResolveRefusedExchange");
        assertThat(fallBackFromExchange.calls()).containsExactly("R-EX-OOS");
    }

    @Test
    void aRefusalByMessageFallsBackToo() {
        shopStatus = "PENDING";
        ProcessInstance journey = receivedParcel("R-EX-REFUSED-LATER");
        execute(job("Activity_PlaceExchangeOrder", journey));

        correlate("ExchangeOrderRefused", "R-EX-REFUSED-LATER");

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassedInOrder("Event_ExchangeOrderRefused",
                "Activity_FallBackFromExchange");
    }

    @Test
    void linesThePolicyNamesNoFallbackForAreRefundedAsCustomerServiceChooses() {
        Task task = refusedWithLinesLeft("R-EX-CS-REFUND");

        taskService().complete(task.getId(), withVariables("exchangeFallback", "REFUND"));

        assertThat(refundExchangeLines.calls()).containsExactly("R-EX-CS-REFUND");
        assertThat(creditExchangeLines.calls()).isEmpty();
    }

    @Test
    void linesThePolicyNamesNoFallbackForBecomeStoreCreditAsCustomerServiceChooses() {
        Task task = refusedWithLinesLeft("R-EX-CS-CREDIT");

        taskService().complete(task.getId(), withVariables("exchangeFallback", "STORE_CREDIT"));

        assertThat(creditExchangeLines.calls()).containsExactly("R-EX-CS-CREDIT");
        assertThat(refundExchangeLines.calls()).isEmpty();
    }

    @Test
    void withoutAnAnswerInTimeTheShopIsAskedAndItsAnswerTaken() {
        shopStatus = "PENDING";
        ProcessInstance journey = receivedParcel("R-EX-ASK");
        execute(job("Activity_PlaceExchangeOrder", journey));
        assertThat(journey).isWaitingAt("Gateway_AwaitExchangeAnswer");

        fire("Event_NoExchangeAnswerYet", journey);
        // asking calls the shop: a job of its own
        assertThat(journey).isWaitingAt("Activity_AskTheShop");
        askTheShop.behaving(execution -> {
            execution.setVariable("exchangeAsks", 1);
            shopStatus = "CONFIRMED";
        });
        execute(job("Activity_AskTheShop", journey));

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassedInOrder("Event_NoExchangeAnswerYet",
                "Activity_AskTheShop", "Gateway_AskedEnough", "Activity_LookUpExchangeOrder",
                "Gateway_ExchangeSettled");
        assertThat(journey).hasNotPassed("Activity_ChaseExchangeOrder");
    }

    @Test
    void anOrderStillUnansweredAfterTheAsksIsChasedByCustomerServiceWhoMayGiveItUp() {
        ProcessInstance journey = chased("R-EX-CHASE");

        taskService().complete(task("Activity_ChaseExchangeOrder", journey).getId(),
                withVariables("exchangeChaseDecision", "GIVE_UP"));

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassedInOrder("Activity_ChaseExchangeOrder",
                "Gateway_ChaseDecision", "Activity_FallBackFromExchange");
    }

    @Test
    void customerServiceMayKeepWaitingForTheShop() {
        ProcessInstance journey = chased("R-EX-KEEP");

        taskService().complete(task("Activity_ChaseExchangeOrder", journey).getId(),
                withVariables("exchangeChaseDecision", "KEEP_WAITING"));

        assertThat(journey).isWaitingAt("Gateway_AwaitExchangeAnswer");
        correlate("ExchangeOrderConfirmed", "R-EX-KEEP");
        assertThat(journey).isWaitingAt("Activity_IssueRefund");
        assertThat(fallBackFromExchange.calls()).isEmpty();
    }

    @Test
    void anOrderTheLastAskFindsConfirmedIsSettledNotChased() {
        ProcessInstance journey = askedUntilTheLastAsk("R-EX-LAST-ASK-CONFIRMED");

        shopStatus = "CONFIRMED";
        execute(job("Activity_AskTheShop", journey));

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassedInOrder("Activity_AskTheShop",
                "Gateway_AskedEnough", "Activity_LookUpExchangeOrder", "Gateway_ExchangeAnswer",
                "Gateway_ExchangeSettled");
        assertThat(journey).hasNotPassed("Activity_ChaseExchangeOrder", "Activity_FallBackFromExchange");
        assertThat(fallBackFromExchange.calls()).isEmpty();
    }

    @Test
    void anOrderTheLastAskFindsRefusedFallsBackWithoutAChase() {
        ProcessInstance journey = askedUntilTheLastAsk("R-EX-LAST-ASK-REFUSED");

        shopStatus = "OUT_OF_STOCK";
        execute(job("Activity_AskTheShop", journey));

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassedInOrder("Gateway_AskedEnough",
                "Activity_LookUpExchangeOrder", "Activity_FallBackFromExchange");
        assertThat(journey).hasNotPassed("Activity_ChaseExchangeOrder");
    }

    @Test
    void theShopsConfirmationWhileTheOrderIsChasedWithdrawsTheTaskAndSettlesTheExchange() {
        ProcessInstance journey = chased("R-EX-CHASED-CONFIRMED");

        correlate("ExchangeOrderConfirmed", "R-EX-CHASED-CONFIRMED");

        assertThat(task("Activity_ChaseExchangeOrder", journey)).as("withdrawn").isNull();
        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassedInOrder("Event_ConfirmedWhileChased",
                "Gateway_ExchangeSettled");
        assertThat(journey).hasNotPassed("Gateway_ChaseDecision", "Activity_FallBackFromExchange");
        assertThat(fallBackFromExchange.calls()).isEmpty();
        refundAndComplete(journey);
    }

    @Test
    void theShopsRefusalWhileTheOrderIsChasedWithdrawsTheTaskAndFallsBack() {
        ProcessInstance journey = chased("R-EX-CHASED-REFUSED");

        correlate("ExchangeOrderRefused", "R-EX-CHASED-REFUSED");

        assertThat(task("Activity_ChaseExchangeOrder", journey)).as("withdrawn").isNull();
        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassedInOrder("Event_RefusedWhileChased",
                "Activity_FallBackFromExchange");
        assertThat(journey).hasNotPassed("Gateway_ChaseDecision");
        assertThat(fallBackFromExchange.calls()).containsExactly("R-EX-CHASED-REFUSED");
    }

    @Test
    void keepingWaitingForAnOrderConfirmedMeanwhileSettlesIt() {
        ProcessInstance journey = chased("R-EX-CHASED-KEEP");
        shopStatus = "CONFIRMED";

        taskService().complete(task("Activity_ChaseExchangeOrder", journey).getId(),
                withVariables("exchangeChaseDecision", "KEEP_WAITING"));

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassedInOrder("Gateway_ChaseDecision",
                "Activity_LookUpExchangeOrder", "Gateway_ExchangeSettled");
        assertThat(fallBackFromExchange.calls()).isEmpty();
    }

    @Test
    void aTrustedBuyersInstantExchangeIsPlacedBeforeTheHandOverAndNotPlacedAgain() {
        ProcessInstance journey = startInstant("R-EX-INSTANT", true);

        assertThat(journey).isWaitingAt("Activity_PlaceInstantExchangeOrder");
        execute(job("Activity_PlaceInstantExchangeOrder", journey));
        assertThat(journey).isWaitingAt("Activity_BookPickup");
        execute(job("Activity_BookPickup", journey));
        correlate("ParcelCollected", "R-EX-INSTANT");
        correlate("ParcelSigned", "R-EX-INSTANT");

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassedInOrder("Gateway_InstantExchange",
                "Activity_PlaceInstantExchangeOrder", "Gateway_JoinBeforeHandOver", "Activity_BookPickup",
                "Gateway_PlacedAtRequest", "Activity_LookUpExchangeOrder");
        assertThat(placeInstantExchangeOrder.calls()).containsExactly("R-EX-INSTANT");
        assertThat(placeExchangeOrder.calls()).as("the same order, never a second").isEmpty();
    }

    @Test
    void anInstantExchangeTheRiskAssessmentDidNotAllowWaitsForTheParcel() {
        ProcessInstance journey = startInstant("R-EX-NOT-TRUSTED", false);

        assertThat(journey).isWaitingAt("Activity_BookPickup").hasPassed("Gateway_InstantExchange");
        assertThat(journey).hasNotPassed("Activity_PlaceInstantExchangeOrder");
    }

    @Test
    void anInstantExchangeWhoseReturnIsCancelledGoesToCustomerServiceToRecover() {
        ProcessInstance journey = startInstant("R-EX-INSTANT-CANCEL", true);
        execute(job("Activity_PlaceInstantExchangeOrder", journey));
        execute(job("Activity_BookPickup", journey));

        correlate("ReturnCancellationRequested", "R-EX-INSTANT-CANCEL");
        execute(job("Activity_CancelPickup", journey));

        assertThat(journey).isWaitingAt("Activity_RecoverInstantExchange")
                .hasPassed("Gateway_CancelledInstantExchange");
        taskService().complete(task("Activity_RecoverInstantExchange", journey).getId(),
                withVariables("instantExchangeRecovery", "RECOVERED"));
        assertThat(journey).isEnded().hasPassed("EndEvent_InstantExchangeRecovered");
        assertThat(journey).hasNotPassed("EndEvent_ReturnCancelled");
    }

    @Test
    void anInstantExchangeWhoseDropOffCodeExpiresGoesToCustomerServiceToRecover() {
        ProcessInstance journey = runtimeService().startProcessInstanceByKey("return-journey", "R-EX-INSTANT-EXPIRED",
                withVariables("returnId", "R-EX-INSTANT-EXPIRED", "method", STORE_DROPOFF,
                        "instantExchangeRequested", true, "instantExchangeAllowed", true));
        execute(job("Activity_PlaceInstantExchangeOrder", journey));
        fire("Event_DropOffCodeExpired", journey);

        assertThat(journey).isWaitingAt("Activity_RecoverInstantExchange")
                .hasPassed("Gateway_AbandonedInstantExchange");
        taskService().complete(task("Activity_RecoverInstantExchange", journey).getId(),
                withVariables("instantExchangeRecovery", "WRITTEN_OFF"));
        assertThat(journey).isEnded().hasPassed("EndEvent_InstantExchangeWrittenOff");
    }

    @Test
    void anInstantExchangeWhoseReturnedItemsTheInspectorRejectsGoesToCustomerServiceToRecover() {
        // items worth 600.00: the inspection-routing table sends the parcel to an inspector
        facts.itemsTotal = new java.math.BigDecimal("600.00");
        ProcessInstance journey = startInstant("R-EX-INSTANT-REJECTED", true);
        execute(job("Activity_PlaceInstantExchangeOrder", journey));
        execute(job("Activity_BookPickup", journey));
        assertThat(runtimeService().getVariable(journey.getId(), "inspection")).isEqualTo("MANUAL");
        correlate("ParcelCollected", "R-EX-INSTANT-REJECTED");
        correlate("ParcelSigned", "R-EX-INSTANT-REJECTED");

        taskService().complete(task("Activity_InspectReturnedItems", journey).getId(),
                withVariables("inspectionOutcome", "REJECT"));

        // the replacements went out at request and nothing is kept back for them: a person follows them up
        assertThat(journey).isWaitingAt("Activity_RecoverInstantExchange")
                .hasPassed("Activity_RejectAfterInspection", "Gateway_RejectedInstantExchange");
        taskService().complete(task("Activity_RecoverInstantExchange", journey).getId(),
                withVariables("instantExchangeRecovery", "WRITTEN_OFF"));
        assertThat(journey).isEnded().hasPassed("EndEvent_InstantExchangeWrittenOff");
        assertThat(journey).hasNotPassed("EndEvent_RejectedAtInspection");
    }

    @Test
    void aReturnWithoutAnInstantExchangeTheInspectorRejectsEndsAsBefore() {
        facts.itemsTotal = new java.math.BigDecimal("600.00");
        ProcessInstance journey = receivedParcel("R-EX-REJECTED-PLAIN");

        taskService().complete(task("Activity_InspectReturnedItems", journey).getId(),
                withVariables("inspectionOutcome", "REJECT"));

        assertThat(journey).isEnded().hasPassed("Gateway_RejectedInstantExchange", "EndEvent_RejectedAtInspection");
        assertThat(journey).hasNotPassed("Activity_RecoverInstantExchange");
    }

    @Test
    void aCancelledReturnWithoutAnInstantExchangeEndsAsBefore() {
        ProcessInstance journey = startReturn("R-EX-CANCEL-PLAIN", HOME_PICKUP);
        execute(job("Activity_BookPickup", journey));
        correlate("ReturnCancellationRequested", "R-EX-CANCEL-PLAIN");
        execute(job("Activity_CancelPickup", journey));

        assertThat(journey).isEnded().hasPassed("Gateway_CancelledInstantExchange", "EndEvent_ReturnCancelled");
        assertThat(journey).hasNotPassed("Activity_RecoverInstantExchange");
    }

    @Test
    void anInstantExchangeWhoseLineTheInspectorAcceptsNoneOfIsRecoveredWhileTheRestIsRefunded() {
        // L1 exchanged (one replacement shipped at request) and accepted 0; L2 refunded and accepted
        exchangeOrder = instantOrder("L1", 1);
        acceptedExchangeLines = List.of();
        exchangesLines = false;
        ProcessInstance journey = inspectedAfterInstantExchange("R-EX-SHORT-NONE", "PARTIAL");

        assertThat(journey).isWaitingAt("Activity_RecoverShortInstantExchange", "Activity_IssueRefund")
                .hasPassedInOrder("Gateway_InspectionOutcome", "Gateway_InstantExchangeShort",
                        "Gateway_SettleAndRecover", "Gateway_ReadyToRefund", "Gateway_ExchangeLines");
        assertThat(runtimeService().getVariable(journey.getId(), "instantExchangeShort")).isEqualTo(true);
        Task recovery = task("Activity_RecoverShortInstantExchange", journey);
        assertThat(formRef(recovery)).isEqualTo("recover-instant-exchange latest");
        assertThat(taskService().getIdentityLinksForTask(recovery.getId())).extracting(link -> link.getGroupId())
                .contains("customer-service");
        assertThat(taskEvents).contains("exchangeTaskFacts create Activity_RecoverShortInstantExchange",
                "exceptionTaskOpened create Activity_RecoverShortInstantExchange");

        // the refund of what was accepted does not wait for customer service
        execute(job("Activity_IssueRefund", journey));
        assertThat(issueRefund.calls()).containsExactly("R-EX-SHORT-NONE");
        assertThat(completeReturn.calls()).containsExactly("R-EX-SHORT-NONE");
        assertThat(journey).hasPassed("EndEvent_ReturnCompleted").isNotEnded()
                .isWaitingAt("Activity_RecoverShortInstantExchange");

        taskService().complete(recovery.getId(), withVariables("instantExchangeRecovery", "WRITTEN_OFF"));
        assertThat(journey).isEnded().hasPassed("EndEvent_ShortReplacementsWrittenOff");
        assertThat(journey).hasNotPassed("Activity_RecoverInstantExchange", "EndEvent_ShortReplacementsRecovered");
        assertThat(taskEvents).contains("recoverShortInstantExchangeDecided complete Activity_RecoverShortInstantExchange");
    }

    @Test
    void anInstantExchangeWhoseLineTheInspectorAcceptsInPartIsRecoveredWhileTheExchangeGoesOn() {
        // two replacements shipped at request, one piece accepted: the exchange of one goes on, one is recovered
        exchangeOrder = instantOrder("L1", 2);
        acceptedExchangeLines = List.of(exchanged("L1", 1));
        ProcessInstance journey = inspectedAfterInstantExchange("R-EX-SHORT-PART", "PARTIAL");

        assertThat(journey).isWaitingAt("Activity_RecoverShortInstantExchange", "Activity_IssueRefund")
                .hasPassed("Gateway_SettleAndRecover", "Gateway_PlacedAtRequest", "Activity_LookUpExchangeOrder");
        assertThat(placeExchangeOrder.calls()).as("the order placed at request, never a second").isEmpty();

        taskService().complete(task("Activity_RecoverShortInstantExchange", journey).getId(),
                withVariables("instantExchangeRecovery", "RECOVERED"));
        assertThat(journey).hasPassed("EndEvent_ShortReplacementsRecovered").isWaitingAt("Activity_IssueRefund");
        execute(job("Activity_IssueRefund", journey));
        assertThat(journey).isEnded().hasPassed("EndEvent_ReturnCompleted");
    }

    @Test
    void aRefundRetriedAfterItFailedDoesNotAskForTheRecoveryAgain() {
        exchangeOrder = instantOrder("L1", 1);
        ProcessInstance journey = inspectedAfterInstantExchange("R-EX-SHORT-RETRY", "PARTIAL");
        issueRefund.behaving(execution -> {
            throw new org.camunda.bpm.engine.delegate.BpmnError("REFUND_FAILED", "card_declined: the card was closed");
        });
        execute(job("Activity_IssueRefund", journey));
        taskService().complete(task("Activity_ResolveRefundFailure", journey).getId(),
                withVariables("refundFailureDecision", "RETRY"));

        // the retry goes back to "Ready to refund", past the question: one recovery task, still the first
        assertThat(journey).isWaitingAt("Activity_RecoverShortInstantExchange", "Activity_IssueRefund");
        assertThat(taskService().createTaskQuery().processInstanceId(journey.getId())
                .taskDefinitionKey("Activity_RecoverShortInstantExchange").count()).isEqualTo(1);
        assertThat(taskEvents).containsOnlyOnce("exceptionTaskOpened create Activity_RecoverShortInstantExchange");
    }

    @Test
    void anInstantExchangeAcceptedInFullIsSettledWithoutARecovery() {
        exchangeOrder = instantOrder("L1", 2);
        acceptedExchangeLines = List.of(exchanged("L1", 2));
        ProcessInstance journey = inspectedAfterInstantExchange("R-EX-SHORT-FULL", "ACCEPT");

        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasPassed("Gateway_InstantExchangeShort");
        assertThat(runtimeService().getVariable(journey.getId(), "instantExchangeShort")).isEqualTo(false);
        assertThat(journey).hasNotPassed("Gateway_SettleAndRecover", "Activity_RecoverShortInstantExchange");
        refundAndComplete(journey);
    }

    @Test
    void anExchangePlacedAfterAPartialInspectionIsNotRecovered() {
        // not instant: the order is placed after inspection, for the accepted pieces only; nothing is asked
        facts.itemsTotal = new java.math.BigDecimal("600.00");
        ProcessInstance journey = receivedParcel("R-EX-PARTIAL-PLAIN");
        taskService().complete(task("Activity_InspectReturnedItems", journey).getId(),
                withVariables("inspectionOutcome", "PARTIAL"));

        assertThat(journey).isWaitingAt("Activity_PlaceExchangeOrder").hasPassed("Gateway_InstantExchangeShort");
        assertThat(runtimeService().getVariable(journey.getId(), "instantExchangeShort")).isNull();
        assertThat(journey).hasNotPassed("Gateway_SettleAndRecover");
        execute(job("Activity_PlaceExchangeOrder", journey));
        refundAndComplete(journey);
    }

    /**
     * A journey whose buyer asked for an instant exchange; the risk assessment allows it for an ordinary buyer and
     * refuses it for a new one (the table's rule, on the stand-in facts).
     */
    private ProcessInstance startInstant(String returnId, boolean allowed) {
        if (!allowed) {
            riskFacts = new io.returnflow.risk.RiskFacts(90, 0, java.math.BigDecimal.ZERO, 1, 1, java.math.BigDecimal.ONE,
                    new java.math.BigDecimal("99.00"), new java.math.BigDecimal("99.00"), "DEFECTIVE", HOME_PICKUP,
                    true, true, false, 0, 0, 0);
        }
        return runtimeService().startProcessInstanceByKey("return-journey", returnId,
                withVariables("returnId", returnId, "method", HOME_PICKUP, "instantExchangeRequested", true));
    }

    /**
     * An instant exchange placed and confirmed before the hand-over; the parcel (items worth 600.00, which the
     * inspection-routing table sends to an inspector) signed for and inspected with this outcome.
     */
    private ProcessInstance inspectedAfterInstantExchange(String returnId, String outcome) {
        facts.itemsTotal = new java.math.BigDecimal("600.00");
        ProcessInstance journey = startInstant(returnId, true);
        execute(job("Activity_PlaceInstantExchangeOrder", journey));
        execute(job("Activity_BookPickup", journey));
        correlate("ParcelCollected", returnId);
        correlate("ParcelSigned", returnId);
        taskService().complete(task("Activity_InspectReturnedItems", journey).getId(),
                withVariables("inspectionOutcome", outcome));
        return journey;
    }

    /** The instant order the shop confirmed at request: {@code shipped} replacements for the returned line. */
    private static ExchangeOrder instantOrder(String lineId, int shipped) {
        return new ExchangeOrder("EX-R", "R", "O-1", "C-1", ExchangeStatus.CONFIRMED, true, "SHOP-1", null,
                OffsetDateTime.now(), OffsetDateTime.now(), List.of(new ExchangeOrder.Line(lineId,
                "SKU-" + lineId + "-L", "T 恤 L", shipped, new java.math.BigDecimal("99.00"))));
    }

    /** An exchanged line as the settlements port gives it after inspection: the accepted pieces. */
    private static ReturnSettlements.ExchangeLine exchanged(String lineId, int accepted) {
        return new ReturnSettlements.ExchangeLine(lineId, "SKU-" + lineId, "T 恤", accepted,
                new java.math.BigDecimal("99.00"), "SKU-" + lineId + "-L", "T 恤 L", new java.math.BigDecimal("99.00"));
    }

    /** A home pickup collected and signed for: the journey arrives at the refund's region. */
    private ProcessInstance receivedParcel(String returnId) {
        ProcessInstance journey = startReturn(returnId, HOME_PICKUP);
        execute(job("Activity_BookPickup", journey));
        correlate("ParcelCollected", returnId);
        correlate("ParcelSigned", returnId);
        return journey;
    }

    private Task refusedWithLinesLeft(String returnId) {
        shopStatus = "REFUSED";
        linesLeft = true;
        ProcessInstance journey = receivedParcel(returnId);
        execute(job("Activity_PlaceExchangeOrder", journey));
        assertThat(journey).isWaitingAt("Activity_ResolveRefusedExchange");
        Task task = task("Activity_ResolveRefusedExchange", journey);
        assertThat(formRef(task)).isEqualTo("resolve-refused-exchange latest");
        assertThat(taskService().getIdentityLinksForTask(task.getId())).extracting(link -> link.getGroupId())
                .contains("customer-service");
        return task;
    }

    /** The shop answers nothing: asked as often as configured, then the order goes to customer service. */
    private ProcessInstance chased(String returnId) {
        shopStatus = "PENDING";
        ProcessInstance journey = receivedParcel(returnId);
        execute(job("Activity_PlaceExchangeOrder", journey));
        for (int ask = 1; ask <= StandInExchangeTimings.ASKS_BEFORE_CUSTOMER_SERVICE; ask++) {
            assertThat(journey).isWaitingAt("Gateway_AwaitExchangeAnswer");
            fire("Event_NoExchangeAnswerYet", journey);
            execute(job("Activity_AskTheShop", journey));
        }
        assertThat(journey).isWaitingAt("Activity_ChaseExchangeOrder");
        assertThat(askTheShop.calls()).hasSize(StandInExchangeTimings.ASKS_BEFORE_CUSTOMER_SERVICE);
        return journey;
    }

    /** The shop answers nothing until the last ask is due: the journey waits at that ask's job. */
    private ProcessInstance askedUntilTheLastAsk(String returnId) {
        shopStatus = "PENDING";
        ProcessInstance journey = receivedParcel(returnId);
        execute(job("Activity_PlaceExchangeOrder", journey));
        for (int ask = 1; ask < StandInExchangeTimings.ASKS_BEFORE_CUSTOMER_SERVICE; ask++) {
            fire("Event_NoExchangeAnswerYet", journey);
            execute(job("Activity_AskTheShop", journey));
        }
        fire("Event_NoExchangeAnswerYet", journey);
        assertThat(journey).isWaitingAt("Activity_AskTheShop");
        return journey;
    }

    private void refundAndComplete(ProcessInstance journey) {
        execute(job("Activity_IssueRefund", journey));
        assertThat(journey).isEnded().hasPassed("EndEvent_ReturnCompleted");
    }

    private static Task task(String activityId, ProcessInstance journey) {
        return taskService().createTaskQuery().processInstanceId(journey.getId()).taskDefinitionKey(activityId)
                .singleResult();
    }
}
