package io.returnflow.storeshipment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.support.ProductionRetryCycles;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One test per path through the store-shipment process. Delegates are recording stand-ins registered
 * under the bean names the BPMN uses; the timers' bean is the real one on a fixed configuration.
 * Asynchronous steps and timers are run by executing their jobs, never by waiting.
 */
@Deployment(resources = "processes/store-shipment.bpmn")
class StoreShipmentProcessTest {

    @RegisterExtension
    static final ProcessEngineExtension engine = ProcessEngineExtension.builder()
            .configurationResource("camunda.cfg.xml").build();

    private static final Duration LOST_AFTER = Duration.ofHours(30);
    /** Every day at 18:00 (the engine reads it in the JVM's zone). */
    private static final String EVENING = "0 0 18 * * ?";

    private final List<String> journal = new CopyOnWriteArrayList<>();
    private Recording closeShipment;
    private Recording bookStorePickup;
    private Recording receiveShipmentReturns;
    private Recording handReturnsToLostPath;
    /** The stores whose lock the collection time asked for. */
    private final List<String> collectionTimes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void registerStandIns() {
        BpmnAwareTests.init(engine.getProcessEngine());
        closeShipment = delegate("closeShipment");
        bookStorePickup = delegate("bookStorePickup");
        receiveShipmentReturns = delegate("receiveShipmentReturns");
        handReturnsToLostPath = delegate("handReturnsToLostPath");
        Mocks.register("storeShipmentTimings", new StoreShipmentTimings(new StoreShipmentProperties(LOST_AFTER)));
        Mocks.register("retryCycles", ProductionRetryCycles.bean());
        Mocks.register("collectionTimeCame",
                (ExecutionListener) execution -> collectionTimes.add((String) execution.getVariable("storeId")));
    }

    @AfterEach
    void forgetStandIns() {
        Mocks.reset();
        BpmnAwareTests.reset();
        ClockUtil.reset();
    }

    @Test
    void enoughParcelsSendTheShipmentOnItsWayAndItsSignatureReceivesTheReturns() {
        ProcessInstance shipment = start("SH-FULL", false);

        assertThat(shipment).isWaitingAt("Gateway_AwaitRule");
        assertThat(journal).isEmpty();
        assertThat(new StoreShipmentProcess(runtimeService()).tellIfWaiting(shipment.getId(), "ShipmentFull"))
                .isTrue();

        // closing is a job of its own: the check-in that filled the shipment never fails with it
        assertThat(shipment).isWaitingAt("Activity_CloseShipment");
        assertThat(closeShipment.calls).isEmpty();
        execute(job("Activity_CloseShipment", shipment));
        // booking calls the carrier, so it waits as a job too
        assertThat(shipment).isWaitingAt("Activity_BookStorePickup");
        assertThat(closeShipment.calls).containsExactly("SH-FULL");
        assertThat(bookStorePickup.calls).isEmpty();
        execute(job("Activity_BookStorePickup", shipment));
        assertThat(bookStorePickup.calls).containsExactly("SH-FULL");

        assertThat(shipment).isWaitingAt("Gateway_AwaitWarehouse");
        // the schedule's timer went with the rule that did not fire
        assertThat(timers(shipment)).singleElement().extracting(Job::getId)
                .isEqualTo(timer("Event_ShipmentOverdue", shipment).getId());
        tell(shipment, "ShipmentSigned");

        assertThat(shipment).isWaitingAt("Activity_ReceiveShipmentReturns");
        execute(job("Activity_ReceiveShipmentReturns", shipment));

        assertThat(shipment).isEnded().hasPassedInOrder("StartEvent_FirstParcelJoined", "Gateway_AlreadyFull",
                "Gateway_AwaitRule", "Event_ShipmentFull", "Gateway_ShipmentLeaves", "Activity_CloseShipment",
                "Activity_BookStorePickup", "Gateway_AwaitWarehouse", "Event_ShipmentSigned",
                "Activity_ReceiveShipmentReturns", "EndEvent_ShipmentReceived");
        assertThat(shipment).hasNotPassed("Event_CollectionTime", "Event_ShipmentOverdue",
                "Activity_HandReturnsToLostPath");
        assertThat(journal).containsExactly("closeShipment", "bookStorePickup", "receiveShipmentReturns");
        assertThat(collectionTimes).isEmpty();
        assertThat(jobs(shipment)).isZero();
    }

    @Test
    void theStoresCollectionTimeSendsTheParcelsThatWaitAndLeavesNoTimerBehind() {
        ZonedDateTime now = ZonedDateTime.of(2026, 3, 2, 9, 15, 0, 0, ZoneId.systemDefault());
        ClockUtil.setCurrentTime(java.util.Date.from(now.toInstant()));
        ProcessInstance shipment = start("SH-EVENING", false);

        Job collection = timer("Event_CollectionTime", shipment);
        // the store's schedule decides: today at 18:00 where the engine runs
        assertThat(collection.getDuedate().toInstant()).isEqualTo(now.withHour(18).withMinute(0).toInstant());
        assertThat(collectionTimes).isEmpty();
        execute(collection);
        // the schedule waits for the store's check-ins under way, as the parcels that join take the store's lock
        assertThat(collectionTimes).containsExactly("S-TEST");
        execute(job("Activity_CloseShipment", shipment));

        assertThat(shipment).hasPassed("Event_CollectionTime", "Activity_CloseShipment")
                .isWaitingAt("Activity_BookStorePickup");
        assertThat(closeShipment.calls).containsExactly("SH-EVENING");
        // a cron cycle must not leave a second collection timer behind on the leaving shipment
        assertThat(timers(shipment)).isEmpty();
        assertThat(runtimeService().createEventSubscriptionQuery().processInstanceId(shipment.getId()).count())
                .isZero();

        execute(job("Activity_BookStorePickup", shipment));
        assertThat(shipment).isWaitingAt("Gateway_AwaitWarehouse");
        assertThat(timers(shipment)).singleElement().extracting(Job::getId)
                .isEqualTo(timer("Event_ShipmentOverdue", shipment).getId());
        tell(shipment, "ShipmentSigned");
        execute(job("Activity_ReceiveShipmentReturns", shipment));
        assertThat(shipment).isEnded().hasPassed("EndEvent_ShipmentReceived").hasNotPassed("Event_ShipmentFull");
        assertThat(jobs(shipment)).isZero();
    }

    @Test
    void aShipmentTheFirstParcelFillsLeavesAtOnce() {
        ProcessInstance shipment = start("SH-ONE", true);
        execute(job("Activity_CloseShipment", shipment));

        assertThat(shipment).hasPassedInOrder("StartEvent_FirstParcelJoined", "Gateway_AlreadyFull",
                "Gateway_ShipmentLeaves", "Activity_CloseShipment").isWaitingAt("Activity_BookStorePickup");
        assertThat(shipment).hasNotPassed("Gateway_AwaitRule");
        assertThat(closeShipment.calls).containsExactly("SH-ONE");
        assertThat(timers(shipment)).isEmpty();
    }

    @Test
    void aShipmentNotSignedForInTimeHandsItsReturnsToTheLostParcelPath() {
        ProcessInstance shipment = start("SH-LOST", true);
        execute(job("Activity_CloseShipment", shipment));
        execute(job("Activity_BookStorePickup", shipment));

        Job overdue = timer("Event_ShipmentOverdue", shipment);
        assertThat(Duration.between(ClockUtil.getCurrentTime().toInstant(), overdue.getDuedate().toInstant()))
                .isBetween(LOST_AFTER.minusMinutes(1), LOST_AFTER);
        execute(overdue);

        assertThat(shipment).isWaitingAt("Activity_HandReturnsToLostPath");
        assertThat(handReturnsToLostPath.calls).isEmpty();
        execute(job("Activity_HandReturnsToLostPath", shipment));

        assertThat(shipment).isEnded().hasPassedInOrder("Activity_BookStorePickup", "Gateway_AwaitWarehouse",
                "Event_ShipmentOverdue", "Activity_HandReturnsToLostPath", "EndEvent_ReturnsHandedOn");
        assertThat(shipment).hasNotPassed("Event_ShipmentSigned", "Activity_ReceiveShipmentReturns");
        assertThat(handReturnsToLostPath.calls).containsExactly("SH-LOST");
        assertThat(receiveShipmentReturns.calls).isEmpty();
        // the signature that never came can no longer be delivered
        assertThat(runtimeService().createEventSubscriptionQuery().processInstanceId(shipment.getId()).count())
                .isZero();
    }

    @Test
    void aBookingThatKeepsFailingBecomesAnIncidentOnTheStoresShipment() {
        bookStorePickup.behaving(execution -> {
            throw new IllegalStateException("carrier refused the store's address");
        });
        ProcessInstance shipment = start("SH-REFUSED", true);
        execute(job("Activity_CloseShipment", shipment));

        int attempts = 0;
        while (runtimeService().createIncidentQuery().processInstanceId(shipment.getId()).count() == 0
                && attempts < 10) {
            Job booking = job("Activity_BookStorePickup", shipment);
            try {
                managementService().executeJob(booking.getId());
            } catch (IllegalStateException expected) {
                // the job failed; the engine counts a retry down
            }
            attempts++;
        }
        // R5/PT1M: five tries in all (7.24 counts the cycle from the first failure)
        assertThat(attempts).isEqualTo(5);
        assertThat(bookStorePickup.calls).hasSize(5).containsOnly("SH-REFUSED");
        assertThat(runtimeService().createIncidentQuery().processInstanceId(shipment.getId()).singleResult()
                .getActivityId()).isEqualTo("Activity_BookStorePickup");
        assertThat(shipment).isWaitingAt("Activity_BookStorePickup");
        assertThat(shipment.getBusinessKey()).isEqualTo("S-TEST");
    }

    @Test
    void aParcelCountMessageAfterTheShipmentLeftFindsNoOneWaiting() {
        ProcessInstance shipment = start("SH-LATE", false);
        execute(timer("Event_CollectionTime", shipment));

        // the shipment left on its schedule: the parcel that fills it now is no error, and moves nothing on
        assertThat(new StoreShipmentProcess(runtimeService()).tellIfWaiting(shipment.getId(), "ShipmentFull"))
                .isFalse();
        assertThat(shipment).isWaitingAt("Activity_CloseShipment");
        execute(job("Activity_CloseShipment", shipment));

        assertThat(runtimeService().createExecutionQuery().processInstanceId(shipment.getId())
                .messageEventSubscriptionName("ShipmentFull").count()).isZero();
        assertThat(closeShipment.calls).containsExactly("SH-LATE");
    }

    private ProcessInstance start(String shipmentId, boolean full) {
        return runtimeService().startProcessInstanceByKey("store-shipment", "S-TEST",
                withVariables("shipmentId", shipmentId, "storeId", "S-TEST", "consolidationSchedule", EVENING,
                        "shipmentFull", full));
    }

    private static void tell(ProcessInstance shipment, String message) {
        runtimeService().createMessageCorrelation(message).processInstanceId(shipment.getId()).correlate();
    }

    private static Job timer(String eventId, ProcessInstance shipment) {
        Job timer = managementService().createJobQuery().processInstanceId(shipment.getId()).timers()
                .activityId(eventId).singleResult();
        assertThat(timer).as("timer of " + eventId).isNotNull();
        return timer;
    }

    private static List<Job> timers(ProcessInstance shipment) {
        return managementService().createJobQuery().processInstanceId(shipment.getId()).timers().list();
    }

    private static long jobs(ProcessInstance shipment) {
        return managementService().createJobQuery().processInstanceId(shipment.getId()).count();
    }

    private Recording delegate(String beanName) {
        Recording delegate = new Recording(beanName, journal);
        Mocks.register(beanName, delegate);
        return delegate;
    }

    /** Stands in for one delegate bean: records the shipment id of every call, then does as told. */
    static final class Recording implements JavaDelegate {

        final List<String> calls = new CopyOnWriteArrayList<>();
        private final String beanName;
        private final List<String> journal;
        private volatile JavaDelegate behaviour = execution -> { };

        Recording(String beanName, List<String> journal) {
            this.beanName = beanName;
            this.journal = journal;
        }

        Recording behaving(JavaDelegate behaviour) {
            this.behaviour = behaviour;
            return this;
        }

        @Override
        public void execute(DelegateExecution execution) throws Exception {
            calls.add((String) execution.getVariable("shipmentId"));
            journal.add(beanName);
            behaviour.execute(execution);
        }
    }
}
