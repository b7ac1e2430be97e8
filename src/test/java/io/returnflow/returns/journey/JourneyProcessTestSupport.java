package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.returnflow.support.ProductionRetryCycles;

/**
 * The engine, the recording stand-ins for every delegate and task listener the journey calls, and
 * the moments the real delegates would set (pickup deadline, code expiry, lost-parcel deadline), so
 * that each process test only says what differs on its path.
 */
abstract class JourneyProcessTestSupport {

    static final String HOME_PICKUP = "HOME_PICKUP";
    static final String STORE_DROPOFF = "STORE_DROPOFF";

    /** How far ahead the stand-ins put the moments the real delegates compute from configuration. */
    static final Duration NO_SHOW_AFTER = Duration.ofHours(6);
    static final Duration CODE_VALIDITY = Duration.ofDays(7);
    static final Duration LOST_AFTER = Duration.ofDays(5);

    /** Bean names of all delegate calls of the current test, in call order. */
    final List<String> journal = new CopyOnWriteArrayList<>();
    /** The payers "Decide who pays the freight" handed to its end listener. */
    final List<String> recordedFreightPayers = new CopyOnWriteArrayList<>();
    /** The refund timings "Decide refund timing" handed to its end listener. */
    final List<String> recordedRefundTimings = new CopyOnWriteArrayList<>();
    /** The returns whose no-show timer's end listener ({@code recordPickupMissed}) ran, in call order. */
    final List<String> missedPickups = new CopyOnWriteArrayList<>();
    /** The returns whose lines the automatic path recorded as restocked ({@code recordDispositions}), in order. */
    final List<String> defaultDispositions = new CopyOnWriteArrayList<>();
    /** "listener event task" of every task listener call of the current test, in call order. */
    final List<String> taskEvents = new CopyOnWriteArrayList<>();
    private final Map<String, TaskListener> listenerBehaviour = new ConcurrentHashMap<>();

    RecordingDelegate rejectReturn;
    RecordingDelegate bookPickup;
    RecordingDelegate issueDropOffCode;
    RecordingDelegate joinStoreShipment;
    RecordingDelegate refundAtHandOver;
    RecordingDelegate markReturnCancelled;
    RecordingDelegate cancelPickup;
    RecordingDelegate cancelPickupAfterNoShow;
    RecordingDelegate flagForCustomerService;
    RecordingDelegate voidDropOffCode;
    RecordingDelegate issueRefund;
    RecordingDelegate completeReturn;
    RecordingDelegate rebookPickup;
    RecordingDelegate rebookChosenWindow;
    RecordingDelegate switchToDropOff;
    RecordingDelegate expireReturn;
    RecordingDelegate startLostParcelClock;
    RecordingDelegate keepWaiting;
    RecordingDelegate recordCarrierClaim;
    RecordingDelegate recordInspection;
    RecordingDelegate rejectAfterInspection;
    RecordingDelegate recordExternalRefund;
    RecordingDelegate escalateRefundFailure;
    RecordingDelegate placeInstantExchangeOrder;
    RecordingDelegate placeExchangeOrder;
    RecordingDelegate lookUpExchangeOrder;
    RecordingDelegate askTheShop;
    RecordingDelegate fallBackFromExchange;
    RecordingDelegate refundExchangeLines;
    RecordingDelegate creditExchangeLines;
    /** What the settlements port answers at "Exchange lines?" (the real listener asks it): none by default. */
    boolean exchangesLines;
    /**
     * The return's exchange order as "Instant exchange shipped more than accepted?" reads it (the real listener
     * reads {@code exchange_orders}), and the exchanged lines with the quantities inspection accepted (the real one
     * asks the settlements port): none by default.
     */
    io.returnflow.exchange.ExchangeOrder exchangeOrder;
    java.util.List<io.returnflow.returns.ReturnSettlements.ExchangeLine> acceptedExchangeLines = List.of();
    RecordingDelegate issueStoreCredit;
    RecordingDelegate recordStoreCreditIssuedByHand;
    /** Whether the stand-in of the settlements port gives the return store credit (default: none). */
    boolean givesStoreCredit;
    RecordingDelegate rejectAfterReview;
    /** What the analysts' tables see of the return (the real bean reads the return's tables). */
    StandInPolicyFacts facts;
    /** The buyer's history the risk table reads (the real "Gather risk facts" reads the product's tables). */
    io.returnflow.risk.RiskFacts riskFacts = ordinaryRiskFacts();
    /** The risk outcomes "Assess return risk" handed to its end listener, and the reviews recorded. */
    final List<io.returnflow.risk.RiskOutcome> riskOutcomes = new CopyOnWriteArrayList<>();
    final List<String> riskReviews = new CopyOnWriteArrayList<>();

    /** The engine of the test class (each class registers its own, on camunda.cfg.xml). */
    static ProcessEngineExtension journeyEngine() {
        return ProcessEngineExtension.builder().configurationResource("camunda.cfg.xml").build();
    }

    /** The engine extension the test class registered. */
    abstract ProcessEngineExtension engine();

    @BeforeEach
    void registerStandIns() {
        BpmnAwareTests.init(engine().getProcessEngine());
        rejectReturn = delegate("rejectReturn");
        bookPickup = delegate("bookPickup").behaving(execution -> booked(execution, true));
        issueDropOffCode = delegate("issueDropOffCode").behaving(execution ->
                execution.setVariable("dropOffExpiresAt", inFuture(CODE_VALIDITY)));
        joinStoreShipment = delegate("joinStoreShipment");
        refundAtHandOver = delegate("refundAtHandOver");
        markReturnCancelled = delegate("markReturnCancelled")
                .behaving(execution -> execution.setVariable("handOverAbandoned", true));
        cancelPickup = delegate("cancelPickup");
        cancelPickupAfterNoShow = delegate("cancelPickupAfterNoShow");
        flagForCustomerService = delegate("flagForCustomerService");
        voidDropOffCode = delegate("voidDropOffCode");
        issueRefund = delegate("issueRefund");
        completeReturn = delegate("completeReturn");
        rebookPickup = delegate("rebookPickup").behaving(execution -> booked(execution, true));
        rebookChosenWindow = delegate("rebookChosenWindow").behaving(execution -> booked(execution, false));
        switchToDropOff = delegate("switchToDropOff")
                .behaving(execution -> execution.setVariable("method", STORE_DROPOFF));
        expireReturn = delegate("expireReturn").behaving(execution -> execution.setVariable("handOverAbandoned", true));
        startLostParcelClock = delegate("startLostParcelClock")
                .behaving(execution -> execution.setVariable("lostDeadline", inFuture(LOST_AFTER)));
        keepWaiting = delegate("keepWaiting").behaving(execution -> execution.setVariable("lostDeadline",
                Date.from(Instant.parse((String) execution.getVariable("waitUntil")))));
        recordCarrierClaim = delegate("recordCarrierClaim");
        recordInspection = delegate("recordInspection");
        rejectAfterInspection = delegate("rejectAfterInspection");
        recordExternalRefund = delegate("recordExternalRefund");
        escalateRefundFailure = delegate("escalateRefundFailure")
                .behaving(execution -> execution.setVariable("refundEscalated", true));
        placeInstantExchangeOrder = delegate("placeInstantExchangeOrder")
                .behaving(execution -> execution.setVariable("instantExchangePlaced", true));
        placeExchangeOrder = delegate("placeExchangeOrder");
        lookUpExchangeOrder = delegate("lookUpExchangeOrder");
        askTheShop = delegate("askTheShop");
        fallBackFromExchange = delegate("fallBackFromExchange");
        refundExchangeLines = delegate("refundExchangeLines");
        creditExchangeLines = delegate("creditExchangeLines");
        Mocks.register("recordExchangeLines", (ExecutionListener) execution ->
                execution.setVariable("exchangeLines", exchangesLines));
        Mocks.register("exchangeTimings", new StandInExchangeTimings());
        // the real rule on the stand-in order and accepted lines; only reading them from the tables is left out
        Mocks.register("recordShortReplacements", (ExecutionListener) execution -> {
            if (Boolean.TRUE.equals(execution.getVariable("instantExchangePlaced"))) {
                execution.setVariable("instantExchangeShort", exchangeOrder != null
                        && !io.returnflow.exchange.InstantExchangeShortfalls.of(exchangeOrder, acceptedExchangeLines)
                        .isEmpty());
            }
        });
        for (String name : List.of("prepareTaskFacts", "exceptionTaskOpened", "resolveFailedPickupDecided",
                "investigateMissingParcelDecided", "resolveRefundFailureDecided",
                "prepareInspection", "validateInspection", "exchangeTaskFacts", "resolveRefusedExchangeDecided",
                "chaseExchangeOrderDecided", "recoverInstantExchangeDecided", "recoverShortInstantExchangeDecided",
                "resolveStoreCreditFailureDecided",
                "reviewRiskyReturnDecided")) {
            Mocks.register(name, (TaskListener) task -> {
                taskEvents.add(name + " " + task.getEventName() + " " + task.getTaskDefinitionKey());
                listenerBehaviour.getOrDefault(name, ignored -> { }).notify(task);
            });
        }
        issueStoreCredit = delegate("issueStoreCredit");
        recordStoreCreditIssuedByHand = delegate("recordStoreCreditIssuedByHand");
        givesStoreCredit = false;
        Mocks.register("storeCreditToIssue", (ExecutionListener) execution -> {
            execution.setVariable("storeCreditToIssue", givesStoreCredit);
        });
        Mocks.register("journeyTimings", new StandInJourneyTimings());
        Mocks.register("retryCycles", ProductionRetryCycles.bean());
        facts = new StandInPolicyFacts();
        Mocks.register("returnPolicyFacts", facts);
        // the real table answers; the stand-in only notes it as the real listener would
        Mocks.register("recordItemEligibility", (ExecutionListener) execution -> {
            journal.add("recordItemEligibility");
            var answer = (org.camunda.bpm.dmn.engine.DmnDecisionResult) execution.getVariable("decisionResult");
            if (answer == null || answer.getFirstResult() == null
                    || !Boolean.TRUE.equals(answer.getFirstResult().get("eligible"))) {
                execution.setVariable("eligible", false);
            }
        });
        Mocks.register("recordFreightPayer", (ExecutionListener) execution -> recordedFreightPayers.add(
                String.valueOf(((org.camunda.bpm.dmn.engine.DmnDecisionResult) execution.getVariable("decisionResult"))
                        .getFirstResult().get("payer"))));
        Mocks.register("recordPickupMissed", (ExecutionListener) execution ->
                missedPickups.add((String) execution.getVariable("returnId")));
        Mocks.register("recordRefundTiming", (ExecutionListener) execution ->
                recordedRefundTimings.add((String) execution.getVariable("refundTiming")));
        Mocks.register("recordDispositions", (ExecutionListener) execution ->
                defaultDispositions.add((String) execution.getVariable("returnId")));
        // the risk region: the real table answers from the stand-in facts, and the real outcome sets the journey's
        // variables; only what the real beans write to the return's tables is left out
        Mocks.register("gatherRiskFacts", (org.camunda.bpm.engine.delegate.JavaDelegate) execution -> { });
        Mocks.register("riskFacts", new StandInRiskFacts());
        Mocks.register("recordRiskAssessment", (ExecutionListener) execution -> {
            io.returnflow.risk.RiskOutcome outcome = io.returnflow.risk.RiskOutcome.of(
                    ((org.camunda.bpm.dmn.engine.DmnDecisionResult) execution.getVariable("decisionResult"))
                            .getResultList());
            riskOutcomes.add(outcome);
            outcome.applyTo(execution);
        });
        Mocks.register("recordRiskReview", (org.camunda.bpm.engine.delegate.JavaDelegate) execution -> {
            riskReviews.add(execution.getVariable("riskReviewDecision") + " " + execution.getVariable("riskReviewNote"));
            if ("REQUIRE_INSPECTION".equals(execution.getVariable("riskReviewDecision"))) {
                io.returnflow.risk.RiskOutcome.requireInspection(execution);
            }
        });
        rejectAfterReview = delegate("rejectAfterReview");
    }

    @AfterEach
    void forgetStandIns() {
        Mocks.reset();
        BpmnAwareTests.reset();
    }

    /** What a task listener does after being recorded (default: nothing). */
    void listenerBehaving(String name, TaskListener behaviour) {
        listenerBehaviour.put(name, behaviour);
    }

    /** What a booking sets: when the courier counts as a no-show, and whether the system may try again. */
    static void booked(DelegateExecution execution, boolean attemptsLeft) {
        execution.setVariable("pickupDeadline", inFuture(NO_SHOW_AFTER));
        execution.setVariable("pickupAttemptsLeft", attemptsLeft);
    }

    static Date inFuture(Duration duration) {
        return Date.from(ClockUtil.getCurrentTime().toInstant().plus(duration));
    }

    ProcessInstance startReturn(String returnId, String method) {
        return runtimeService().startProcessInstanceByKey("return-journey", returnId,
                withVariables("returnId", returnId, "method", method));
    }

    static void correlate(String message, String returnId) {
        runtimeService().createMessageCorrelation(message).processInstanceBusinessKey(returnId).correlate();
    }

    static List<Incident> incidents(ProcessInstance journey) {
        return runtimeService().createIncidentQuery().processInstanceId(journey.getId()).list();
    }

    /** The timer job waiting at a timer event; asserts there is exactly one. */
    /** The form a task shows: key and binding of its camunda:formRef. */
    static String formRef(Task task) {
        Task withForm = taskService().createTaskQuery().taskId(task.getId()).initializeFormKeys().singleResult();
        return withForm.getCamundaFormRef().getKey() + " " + withForm.getCamundaFormRef().getBinding();
    }

    static Job timer(String eventId, ProcessInstance journey) {
        Job timer = managementService().createJobQuery().processInstanceId(journey.getId()).timers()
                .activityId(eventId).singleResult();
        assertThat(timer).as("timer of " + eventId).isNotNull();
        return timer;
    }

    /** Fires a timer as the job executor would once its due date has come, without waiting for it. */
    static void fire(String eventId, ProcessInstance journey) {
        execute(timer(eventId, journey));
    }

    RecordingDelegate delegate(String beanName) {
        RecordingDelegate delegate = new RecordingDelegate(beanName, journal);
        Mocks.register(beanName, delegate);
        return delegate;
    }

    /** The bean names called so far, in call order. */
    List<String> calledDelegates() {
        return List.copyOf(journal);
    }

    /** Stands in for the {@code riskFacts} bean: the facts the test set. */
    public final class StandInRiskFacts {

        public io.returnflow.risk.RiskFacts of(String returnId) {
            return riskFacts;
        }
    }

    /** A buyer with a little ordinary history returning something ordinary: no rule of return-risk fires. */
    static io.returnflow.risk.RiskFacts ordinaryRiskFacts() {
        return new io.returnflow.risk.RiskFacts(90, 1, new java.math.BigDecimal("120.00"), 4, 2,
                new java.math.BigDecimal("0.50"), new java.math.BigDecimal("99.00"), new java.math.BigDecimal("99.00"),
                "DEFECTIVE", HOME_PICKUP, false, true, false, 0, 0, 0);
    }

    /** Stands in for the {@code journeyTimings} bean: the same methods, fixed service levels. */
    public static final class StandInJourneyTimings {

        static final Map<String, Duration> SLA = Map.of(
                "failedPickup", Duration.ofHours(4),
                "missingParcel", Duration.ofDays(1),
                "inspection", Duration.ofHours(8),
                "refundFailure", Duration.ofHours(2),
                "riskReview", Duration.ofHours(4));

        public String lostInTransitAfter() {
            return LOST_AFTER.toString();
        }

        public Date slaDue(String kind) {
            Duration sla = SLA.get(kind);
            if (sla == null) {
                throw new IllegalArgumentException("No service level '" + kind + "'");
            }
            return inFuture(sla);
        }
    }

    /** Stands in for the {@code exchangeTimings} bean: the shop is asked a day after, twice before a person. */
    public static final class StandInExchangeTimings {

        static final Duration NO_ANSWER_AFTER = Duration.ofHours(24);
        static final int ASKS_BEFORE_CUSTOMER_SERVICE = 2;

        public Date askAt() {
            return inFuture(NO_ANSWER_AFTER);
        }

        public int asksBeforeCustomerService() {
            return ASKS_BEFORE_CUSTOMER_SERVICE;
        }

        public String retryCycle() {
            return "R3/PT1M";
        }

        public Date taskDue() {
            return inFuture(Duration.ofHours(4));
        }
    }

    /**
     * Stands in for the {@code returnPolicyFacts} bean: an ordinary return (DEFECTIVE, STANDARD tier,
     * 99.00) unless a test says otherwise; the real decision tables evaluate them.
     */
    public static final class StandInPolicyFacts {

        List<String> lineIds = List.of("L1");
        String category = "apparel";
        int daysSinceDelivery = 2;
        String reason = "DEFECTIVE";
        String customerTier = "STANDARD";
        java.math.BigDecimal itemsTotal = new java.math.BigDecimal("99.00");

        public List<String> lineIds(String returnId) {
            return lineIds;
        }

        public String category(String returnId, String lineId) {
            return category;
        }

        public int daysSinceDelivery(String returnId) {
            return daysSinceDelivery;
        }

        public String reason(String returnId) {
            return reason;
        }

        public String customerTier(String returnId) {
            return customerTier;
        }

        public java.math.BigDecimal itemsTotal(String returnId) {
            return itemsTotal;
        }
    }
}
