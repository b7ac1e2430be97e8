package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One test per path through the return journey. Delegates are recording stand-ins registered under
 * the bean names the BPMN uses; asynchronous steps are run by executing their jobs.
 */
@Deployment(resources = {"processes/return-journey.bpmn", "processes/return-eligibility.dmn", "processes/freight-payer.dmn",
        "processes/inspection-routing.dmn",
        "processes/refund-timing.dmn",
        "processes/return-risk.dmn"})
class ReturnJourneyProcessTest extends JourneyProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension engine = journeyEngine();

    @Override
    ProcessEngineExtension engine() {
        return engine;
    }

    @Test
    void homePickupRunsFromBookingToRefund() {
        ProcessInstance journey = startReturn("R-PICKUP", HOME_PICKUP);

        // booking calls the carrier, so it waits as a job instead of running in the request
        assertThat(journey).isWaitingAt("Activity_BookPickup");
        assertThat(bookPickup.calls()).isEmpty();
        execute(job("Activity_BookPickup", journey));
        assertThat(bookPickup.calls()).containsExactly("R-PICKUP");

        assertThat(journey).isWaitingAt("Gateway_AwaitCollection");
        correlate("ParcelCollected", "R-PICKUP");

        // the parcel is travelling: the lost-parcel clock runs until the warehouse signs
        assertThat(journey).hasPassed("EndEvent_ParcelHandedOver", "Activity_StartLostParcelClock")
                .isWaitingAt("Gateway_AwaitSigned");
        correlate("ParcelSigned", "R-PICKUP");

        assertThat(journey).isWaitingAt("Activity_IssueRefund");
        assertThat(issueRefund.calls()).isEmpty();
        execute(job("Activity_IssueRefund", journey));

        assertThat(journey).isEnded().hasPassedInOrder("StartEvent_ReturnRequested", "Activity_CheckEligibility",
                "Activity_BookPickup", "Event_ParcelCollected", "EndEvent_ParcelHandedOver", "Gateway_HandOverOutcome",
                "Activity_StartLostParcelClock", "Event_ParcelSigned", "Gateway_Inspection",
                "Gateway_ReadyToRefund", "Activity_IssueRefund", "Activity_CompleteReturn", "EndEvent_ReturnCompleted");
        assertThat(journey).hasNotPassed("Activity_IssueDropOffCode", "Activity_JoinStoreShipment",
                "Activity_RejectReturn", "Activity_MarkReturnCancelled", "Event_CourierDidNotCome",
                "Event_ParcelOverdue", "Activity_InspectReturnedItems", "EndEvent_HandOverClosed");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "bookPickup", "startLostParcelClock",
                "issueRefund", "completeReturn");
        // the timers that did not fire are gone with the journey
        assertThat(managementService().createJobQuery().processInstanceId(journey.getId()).count()).isZero();
        assertThat(completeReturn.calls()).containsExactly("R-PICKUP");
    }

    @Test
    void aTrustedReturnIsRefundedAtHandOverAndTheRefundAtReceiptOnlyConfirmsIt() {
        // what the real tables answer AT_DROP_OFF for: a VIP returning little
        facts.customerTier = "VIP";
        ProcessInstance journey = startReturn("R-EARLY", HOME_PICKUP);
        assertThat(recordedRefundTimings).containsExactly("AT_DROP_OFF");
        // a VIP returns for free (the real freight-payer table)
        assertThat(recordedFreightPayers).containsExactly("MERCHANT");
        execute(job("Activity_BookPickup", journey));
        correlate("ParcelCollected", "R-EARLY");

        // the money goes back as soon as the courier has the parcel, in a job of its own
        assertThat(journey).isWaitingAt("Activity_RefundAtHandOver");
        execute(job("Activity_RefundAtHandOver", journey));
        assertThat(refundAtHandOver.calls()).containsExactly("R-EARLY");
        assertThat(journey).isWaitingAt("Gateway_AwaitSigned");

        correlate("ParcelSigned", "R-EARLY");
        execute(job("Activity_IssueRefund", journey));
        assertThat(journey).isEnded().hasPassedInOrder("Event_ParcelCollected", "Gateway_RefundAtHandOver",
                "Activity_RefundAtHandOver", "Gateway_ReadyToTravel", "Activity_StartLostParcelClock",
                "Event_ParcelSigned", "Activity_IssueRefund", "EndEvent_ReturnCompleted");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "bookPickup", "refundAtHandOver",
                "startLostParcelClock", "issueRefund", "completeReturn");
    }

    @Test
    void anOrdinaryReturnIsRefundedAtReceiptWithoutAStopAtHandOver() {
        startReturn("R-LATER", STORE_DROPOFF);

        assertThat(recordedRefundTimings).containsExactly("AT_WAREHOUSE_RECEIPT");
        correlate("DropOffCheckedIn", "R-LATER");
        // a defect is returned at the merchant's cost
        assertThat(recordedFreightPayers).containsExactly("MERCHANT");
        assertThat(refundAtHandOver.calls()).isEmpty();
    }

    @Test
    void aValuableReturnIsInspectedAndRefundedAfterTheInspection() {
        facts.itemsTotal = new java.math.BigDecimal("650.00");
        ProcessInstance journey = startReturn("R-VALUABLE", HOME_PICKUP);

        assertThat(runtimeService().getVariable(journey.getId(), "inspection")).isEqualTo("MANUAL");
        assertThat(recordedRefundTimings).containsExactly("AFTER_INSPECTION");
    }

    @Test
    void aLostStoreShipmentHandsTheParcelToCustomerService() {
        ProcessInstance journey = startReturn("R-SHIPMENT-LOST", STORE_DROPOFF);
        correlate("DropOffCheckedIn", "R-SHIPMENT-LOST");
        execute(job("Activity_JoinStoreShipment", journey));
        assertThat(journey).isWaitingAt("Gateway_AwaitSigned");

        // the store's consolidated shipment was given up: its parcels do not wait for their own clocks
        correlate("ParcelLost", "R-SHIPMENT-LOST");

        assertThat(journey).hasPassedInOrder("Activity_JoinStoreShipment", "Event_ParcelLost")
                .isWaitingAt("Activity_InvestigateMissingParcel");
        assertThat(journey).hasNotPassed("Event_ParcelOverdue");
    }

    @Test
    void storeDropOffRunsFromCodeToRefund() {
        ProcessInstance journey = startReturn("R-DROPOFF", STORE_DROPOFF);

        // the code is issued while the buyer waits for the answer
        assertThat(issueDropOffCode.calls()).containsExactly("R-DROPOFF");
        assertThat(journey).isWaitingAt("Gateway_AwaitDropOff");
        correlate("DropOffCheckedIn", "R-DROPOFF");

        assertThat(journey).hasPassed("EndEvent_ParcelHandedOver").isWaitingAt("Activity_JoinStoreShipment");
        assertThat(joinStoreShipment.calls()).isEmpty();
        execute(job("Activity_JoinStoreShipment", journey));
        assertThat(joinStoreShipment.calls()).containsExactly("R-DROPOFF");

        assertThat(journey).isWaitingAt("Gateway_AwaitSigned");
        correlate("ParcelSigned", "R-DROPOFF");
        execute(job("Activity_IssueRefund", journey));

        assertThat(journey).isEnded().hasPassedInOrder("Activity_CheckEligibility", "Activity_IssueDropOffCode",
                "Event_DropOffCheckedIn", "EndEvent_ParcelHandedOver", "Activity_JoinStoreShipment",
                "Activity_StartLostParcelClock", "Event_ParcelSigned", "Gateway_Inspection",
                "Activity_IssueRefund", "Activity_CompleteReturn", "EndEvent_ReturnCompleted");
        assertThat(journey).hasNotPassed("Activity_BookPickup", "Activity_MarkReturnCancelled",
                "Event_DropOffCodeExpired");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "issueDropOffCode", "joinStoreShipment",
                "startLostParcelClock", "issueRefund", "completeReturn");
    }

    @Test
    void anIneligibleReturnIsRejectedAndNothingIsBooked() {
        facts.category = "food";   // not returnable: the real eligibility table refuses it

        ProcessInstance journey = startReturn("R-REJECTED", HOME_PICKUP);

        assertThat(journey).isEnded().hasPassedInOrder("Activity_CheckEligibility", "Activity_RejectReturn",
                "EndEvent_ReturnRejected");
        assertThat(journey).hasNotPassed("SubProcess_HandOverParcel");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "rejectReturn");
        assertThat(rejectReturn.calls()).containsExactly("R-REJECTED");
        assertThat(managementService().createJobQuery().processInstanceId(journey.getId()).count()).isZero();
    }

    @Test
    void cancellingWhileTheCourierIsAwaitedCancelsTheBooking() {
        ProcessInstance journey = startReturn("R-CANCEL-BOOKED", HOME_PICKUP);
        execute(job("Activity_BookPickup", journey));
        assertThat(journey).isWaitingAt("Gateway_AwaitCollection");

        correlate("ReturnCancellationRequested", "R-CANCEL-BOOKED");

        // the return is marked cancelled at once; the carrier is called from a job
        assertThat(markReturnCancelled.calls()).containsExactly("R-CANCEL-BOOKED");
        assertThat(journey).isWaitingAt("Activity_CancelPickup");
        assertThat(cancelPickup.calls()).isEmpty();
        execute(job("Activity_CancelPickup", journey));

        assertThat(journey).isEnded().hasPassedInOrder("Activity_BookPickup", "Event_CancellationRequested",
                "Activity_MarkReturnCancelled", "Activity_CancelPickup", "EndEvent_ReturnCancelled");
        assertThat(journey).hasNotPassed("Activity_VoidDropOffCode", "EndEvent_ParcelHandedOver");
        assertThat(cancelPickup.calls()).containsExactly("R-CANCEL-BOOKED");
        // the no-show timer went with the hand-over
        assertThat(managementService().createJobQuery().processInstanceId(journey.getId()).count()).isZero();
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "bookPickup", "markReturnCancelled",
                "cancelPickup");
        // a late "collected" from the carrier finds nothing to continue
        assertThatThrownBy(() -> correlate("ParcelCollected", "R-CANCEL-BOOKED"))
                .isInstanceOf(MismatchingMessageCorrelationException.class);
    }

    @Test
    void aCancellationTheCarrierRefusesBecauseTheParcelIsCollectedGoesToCustomerService() {
        cancelPickup.behaving(execution -> {
            throw new BpmnError("PICKUP_ALREADY_COLLECTED", "The carrier refused to cancel pickup RF-R-REFUSED-1: "
                    + "订单已揽收，不能取消");
        });
        flagForCustomerService.behaving(execution -> assertThat(execution.getVariable("pickupCancellationRefusal"))
                .as("the refusal reaches the next step").isEqualTo(
                        "The carrier refused to cancel pickup RF-R-REFUSED-1: 订单已揽收，不能取消"));
        ProcessInstance journey = startReturn("R-REFUSED", HOME_PICKUP);
        execute(job("Activity_BookPickup", journey));
        correlate("ReturnCancellationRequested", "R-REFUSED");
        assertThat(journey).isWaitingAt("Activity_CancelPickup");

        // a business outcome, not a failure: the job completes, no retry, no incident
        execute(job("Activity_CancelPickup", journey));

        assertThat(journey).isEnded().hasPassedInOrder("Activity_MarkReturnCancelled", "Activity_CancelPickup",
                "Event_CancellationRefused", "Activity_FlagForCustomerService", "EndEvent_CancelledAfterCollection");
        assertThat(journey).hasNotPassed("Gateway_Cancelled", "EndEvent_ReturnCancelled", "EndEvent_ParcelHandedOver");
        assertThat(flagForCustomerService.calls()).containsExactly("R-REFUSED");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "bookPickup", "markReturnCancelled",
                "cancelPickup", "flagForCustomerService");
        assertThat(incidents(journey)).isEmpty();
        assertThat(managementService().createJobQuery().processInstanceId(journey.getId()).count()).isZero();
    }

    @Test
    void anyOtherCancellationErrorIsNotMistakenForACollectedParcel() {
        cancelPickup.behaving(execution -> {
            throw new IllegalStateException("carrier unavailable");
        });
        ProcessInstance journey = startReturn("R-CANCEL-DOWN", HOME_PICKUP);
        correlate("ReturnCancellationRequested", "R-CANCEL-DOWN");

        assertThatThrownBy(() -> execute(job("Activity_CancelPickup", journey))).hasMessage("carrier unavailable");

        assertThat(job("Activity_CancelPickup", journey).getRetries()).isEqualTo(4);
        assertThat(journey).isWaitingAt("Activity_CancelPickup").hasNotPassed("Activity_FlagForCustomerService");
        assertThat(flagForCustomerService.calls()).isEmpty();
    }

    @Test
    void cancellingBeforeTheBookingRanRemovesTheBookingAndStillCancels() {
        ProcessInstance journey = startReturn("R-CANCEL-UNBOOKED", HOME_PICKUP);
        assertThat(journey).isWaitingAt("Activity_BookPickup");

        correlate("ReturnCancellationRequested", "R-CANCEL-UNBOOKED");

        assertThat(managementService().createJobQuery().processInstanceId(journey.getId())
                .activityId("Activity_BookPickup").count()).as("pending booking job").isZero();
        assertThat(journey).isWaitingAt("Activity_CancelPickup");
        // cancelling a pickup that was never booked must be harmless, so the step runs anyway
        execute(job("Activity_CancelPickup", journey));

        assertThat(journey).isEnded().hasPassed("Activity_MarkReturnCancelled", "Activity_CancelPickup",
                "EndEvent_ReturnCancelled");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "markReturnCancelled", "cancelPickup");
        assertThat(cancelPickup.calls()).containsExactly("R-CANCEL-UNBOOKED");
    }

    @Test
    void cancellingADropOffBeforeCheckInVoidsTheCode() {
        ProcessInstance journey = startReturn("R-CANCEL-DROPOFF", STORE_DROPOFF);
        assertThat(journey).isWaitingAt("Gateway_AwaitDropOff");

        correlate("ReturnCancellationRequested", "R-CANCEL-DROPOFF");

        assertThat(journey).isEnded().hasPassedInOrder("Activity_IssueDropOffCode", "Event_CancellationRequested",
                "Activity_MarkReturnCancelled", "Activity_VoidDropOffCode", "EndEvent_ReturnCancelled");
        assertThat(journey).hasNotPassed("Activity_CancelPickup", "Activity_JoinStoreShipment");
        assertThat(voidDropOffCode.calls()).containsExactly("R-CANCEL-DROPOFF");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "issueDropOffCode", "markReturnCancelled",
                "voidDropOffCode");
        // a clerk scanning the voided code no longer moves the journey
        assertThatThrownBy(() -> correlate("DropOffCheckedIn", "R-CANCEL-DROPOFF"))
                .isInstanceOf(MismatchingMessageCorrelationException.class);
    }

    @Test
    void cancellationIsRefusedOnceTheCourierCollectedTheParcel() {
        ProcessInstance journey = startReturn("R-COLLECTED", HOME_PICKUP);
        execute(job("Activity_BookPickup", journey));
        correlate("ParcelCollected", "R-COLLECTED");

        assertThatThrownBy(() -> correlate("ReturnCancellationRequested", "R-COLLECTED"))
                .isInstanceOf(MismatchingMessageCorrelationException.class);

        assertThat(journey).isWaitingAt("Gateway_AwaitSigned");
        correlate("ParcelSigned", "R-COLLECTED");
        execute(job("Activity_IssueRefund", journey));
        assertThat(journey).isEnded().hasPassed("EndEvent_ReturnCompleted");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "bookPickup", "startLostParcelClock",
                "issueRefund", "completeReturn");
    }

    @Test
    void cancellationIsRefusedOnceTheStoreCheckedTheParcelIn() {
        ProcessInstance journey = startReturn("R-CHECKED-IN", STORE_DROPOFF);
        correlate("DropOffCheckedIn", "R-CHECKED-IN");
        // the store has not shipped it yet, but the parcel is out of the buyer's hands
        assertThat(journey).isWaitingAt("Activity_JoinStoreShipment");

        assertThatThrownBy(() -> correlate("ReturnCancellationRequested", "R-CHECKED-IN"))
                .isInstanceOf(MismatchingMessageCorrelationException.class);

        execute(job("Activity_JoinStoreShipment", journey));
        correlate("ParcelSigned", "R-CHECKED-IN");
        execute(job("Activity_IssueRefund", journey));
        assertThat(journey).isEnded().hasPassed("EndEvent_ReturnCompleted");
        assertThat(calledDelegates()).containsExactly("recordItemEligibility", "issueDropOffCode", "joinStoreShipment",
                "startLostParcelClock", "issueRefund", "completeReturn");
    }

    @Test
    void aFailingBookingIsRetriedFiveTimesThenBecomesAnIncident() {
        Instant now = Instant.parse("2026-11-23T02:00:00Z");
        engine.setCurrentTime(Date.from(now));
        bookPickup.behaving(execution -> {
            throw new IllegalStateException("carrier unavailable");
        });
        ProcessInstance journey = startReturn("R-CARRIER-DOWN", HOME_PICKUP);

        assertThatThrownBy(() -> execute(job("Activity_BookPickup", journey))).hasMessage("carrier unavailable");

        Job booking = job("Activity_BookPickup", journey);
        assertThat(booking.getRetries()).isEqualTo(4);
        assertThat(booking.getExceptionMessage()).contains("carrier unavailable");
        assertThat(booking.getDuedate()).isEqualTo(Date.from(now.plus(Duration.ofSeconds(30))));
        assertThat(incidents(journey)).isEmpty();

        for (int retry = 1; retry <= 4; retry++) {
            assertThatThrownBy(() -> execute(job("Activity_BookPickup", journey))).hasMessage("carrier unavailable");
        }
        assertThat(job("Activity_BookPickup", journey).getRetries()).isZero();
        assertThat(bookPickup.calls()).hasSize(5);
        assertThat(incidents(journey)).singleElement().satisfies(incident -> {
            assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
            assertThat(incident.getActivityId()).isEqualTo("Activity_BookPickup");
        });

        // operations retry it once the carrier is back, as from Cockpit
        bookPickup.behaving(execution -> booked(execution, true));
        Job stuck = job("Activity_BookPickup", journey);
        managementService().setJobRetries(stuck.getId(), 1);
        execute(managementService().createJobQuery().jobId(stuck.getId()).singleResult());

        assertThat(journey).isWaitingAt("Gateway_AwaitCollection");
        assertThat(incidents(journey)).isEmpty();
    }

    @Test
    void aFailingRefundIsRetriedAMinuteLater() {
        Instant now = Instant.parse("2026-11-25T06:00:00Z");
        engine.setCurrentTime(Date.from(now));
        issueRefund.behaving(execution -> {
            throw new IllegalStateException("payment provider unavailable");
        });
        ProcessInstance journey = startReturn("R-REFUND-DOWN", HOME_PICKUP);
        execute(job("Activity_BookPickup", journey));
        correlate("ParcelCollected", "R-REFUND-DOWN");
        correlate("ParcelSigned", "R-REFUND-DOWN");

        assertThatThrownBy(() -> execute(job("Activity_IssueRefund", journey)))
                .hasMessage("payment provider unavailable");

        Job refund = job("Activity_IssueRefund", journey);
        assertThat(refund.getRetries()).isEqualTo(4);
        assertThat(refund.getDuedate()).isEqualTo(Date.from(now.plus(Duration.ofMinutes(1))));
        assertThat(journey).isWaitingAt("Activity_IssueRefund");
        assertThat(completeReturn.calls()).isEmpty();
    }
}
