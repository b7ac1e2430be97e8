package io.returnflow.forms;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.exchange.ExchangeTestSettlements;
import io.returnflow.payment.Refund;
import io.returnflow.payment.RefundLedger;
import io.returnflow.platform.TasklistFilters;
import io.returnflow.returns.ReturnSettlements;
import io.returnflow.settlement.CarrierClaims;
import io.returnflow.support.Courier;
import io.returnflow.support.HeadlessChromium;

/**
 * Every user task of the return journey completed from its Camunda Form in Tasklist 7.24, in a real
 * headless Chromium, for every decision its form offers: a person of the task's group logs in, finds the
 * task in the team's filter, claims it, fills the form through the page and presses Tasklist's Complete;
 * then the engine shows the task completed by that person, and the API and the engine show the journey in
 * the state that decision leads to. A form the browser cannot complete fails its case.
 *
 * <p>One application for all cases, with the job executor off: {@link JourneyDriver} runs the journey's
 * jobs and fires only the timers a case needs, so that no timer races the browser however slow the
 * machine; it steps the sandbox courier when a journey waits for it. The sandbox payment provider answers
 * as in the local run. Every case's return is started and booked before the first case runs.
 * Screenshots of each filled form and of Tasklist after Complete are left in
 * {@code returnflow.screenshots.dir}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camunda.bpm.job-execution.enabled=false", "returnflow.risk.lookback=90d"})
@ActiveProfiles("test")
@DirtiesContext
@Import(ExchangeTestSettlements.class)
class TasklistFormsBrowserTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** The longest a journey may take between two people's steps; waits end as soon as it got there. */
    private static final Duration JOURNEY_WAIT = Duration.ofSeconds(120);

    /** The user tasks of the journey, each worked by a demo user of its candidate group through the group's filter. */
    enum UserTask {
        INSPECTION("Inspect returned items", "inspector", "warehouse", TasklistFilters.INSPECTION, Set.of()),
        // three bookings without a courier: the no-show timer fires after each
        FAILED_PICKUP("Resolve failed pickup", "cs", "customer-service", TasklistFilters.CUSTOMER_SERVICE,
                Set.of("Event_CourierDidNotCome")),
        // collected, never signed for: the lost-parcel timer fires
        MISSING_PARCEL("Investigate missing parcel", "cs", "customer-service", TasklistFilters.CUSTOMER_SERVICE,
                Set.of("Event_ParcelOverdue")),
        REFUND_FAILURE("Resolve refund failure", "cs", "customer-service", TasklistFilters.CUSTOMER_SERVICE,
                Set.of()),
        // customer service escalated it: the same task comes back to operations
        ESCALATED_REFUND_FAILURE("Resolve refund failure", "ops", "ops", TasklistFilters.OPERATIONS, Set.of()),
        // the replacement is out of stock and the policy names no fallback for the line
        REFUSED_EXCHANGE("Resolve refused exchange", "cs", "customer-service", TasklistFilters.CUSTOMER_SERVICE,
                Set.of()),
        // the shop never answers the exchange order: asked each time its timer fires, then chased
        CHASE_EXCHANGE("Chase the exchange order", "cs", "customer-service", TasklistFilters.CUSTOMER_SERVICE,
                Set.of("Event_NoExchangeAnswerYet")),
        // refunded, then the store credit the return gives is refused (the sandbox's closed account)
        STORE_CREDIT_FAILURE("Resolve store credit failure", "cs", "customer-service",
                TasklistFilters.CUSTOMER_SERVICE, Set.of()),
        // the buyer's phone is two other buyers' too: the risk table asks customer service to look
        RISK_REVIEW("Review risky return", "cs", "customer-service", TasklistFilters.CUSTOMER_SERVICE, Set.of()),
        // a known buyer's replacement ordered at request (instant exchange), then the return cancelled
        RECOVER_INSTANT_EXCHANGE("Recover the instant exchange", "cs", "customer-service",
                TasklistFilters.CUSTOMER_SERVICE, Set.of()),
        // the same, kept by the return; the inspector accepts the coat but not the T-shirt the replacement was for
        RECOVER_SHORT_INSTANT_EXCHANGE("Recover replacements beyond the accepted", "cs", "customer-service",
                TasklistFilters.CUSTOMER_SERVICE, Set.of());

        final String name;
        final String user;
        final String group;
        final TasklistFilters.Definition filter;
        final Set<String> timers;

        UserTask(String name, String user, String group, TasklistFilters.Definition filter, Set<String> timers) {
            this.name = name;
            this.user = user;
            this.group = group;
            this.filter = filter;
            this.timers = timers;
        }
    }

    /** Every path out of every form: the task and the decision taken in it. */
    enum Decision {
        INSPECTION_ACCEPT(UserTask.INSPECTION, "Accept: refund the accepted items in full"),
        INSPECTION_PARTIAL(UserTask.INSPECTION, "Partial: refund the accepted items minus the deductions"),
        INSPECTION_REJECT(UserTask.INSPECTION, "Reject: no refund"),
        FAILED_PICKUP_REBOOK(UserTask.FAILED_PICKUP, "Rebook a pickup window the buyer agreed to"),
        FAILED_PICKUP_SWITCH_TO_DROP_OFF(UserTask.FAILED_PICKUP, "Switch to store drop-off (a drop-off code is issued)"),
        FAILED_PICKUP_CANCEL(UserTask.FAILED_PICKUP, "Cancel the return"),
        MISSING_PARCEL_REFUND_ANYWAY(UserTask.MISSING_PARCEL, "Refund the buyer now"),
        MISSING_PARCEL_KEEP_WAITING(UserTask.MISSING_PARCEL, "Keep waiting until a date and time"),
        MISSING_PARCEL_CLOSE_AS_LOST(UserTask.MISSING_PARCEL,
                "Close as lost: record a claim against the carrier and refund the buyer"),
        REFUND_FAILURE_RETRY(UserTask.REFUND_FAILURE, "Retry the refund"),
        REFUND_FAILURE_REFUNDED_ELSEWHERE(UserTask.REFUND_FAILURE, "Refunded through another channel"),
        REFUND_FAILURE_ESCALATE(UserTask.REFUND_FAILURE, "Escalate to operations"),
        OPS_REFUND_FAILURE_RETRY(UserTask.ESCALATED_REFUND_FAILURE, "Retry the refund"),
        OPS_REFUND_FAILURE_REFUNDED_ELSEWHERE(UserTask.ESCALATED_REFUND_FAILURE, "Refunded through another channel"),
        OPS_REFUND_FAILURE_ESCALATE(UserTask.ESCALATED_REFUND_FAILURE, "Escalate to operations"),
        REFUSED_EXCHANGE_REFUND(UserTask.REFUSED_EXCHANGE, "Refund to the original payment"),
        REFUSED_EXCHANGE_STORE_CREDIT(UserTask.REFUSED_EXCHANGE, "Store credit on the buyer's account"),
        CHASE_EXCHANGE_KEEP_WAITING(UserTask.CHASE_EXCHANGE, "Keep waiting for the shop"),
        CHASE_EXCHANGE_GIVE_UP(UserTask.CHASE_EXCHANGE, "Give the exchange up"),
        STORE_CREDIT_FAILURE_RETRY(UserTask.STORE_CREDIT_FAILURE, "Retry the store credit"),
        STORE_CREDIT_FAILURE_ISSUED_BY_HAND(UserTask.STORE_CREDIT_FAILURE, "Issued by hand in the credit system"),
        RISK_REVIEW_APPROVE(UserTask.RISK_REVIEW, "Approve: go on as it is"),
        RISK_REVIEW_REQUIRE_INSPECTION(UserTask.RISK_REVIEW, "Require an inspection: the refund waits for it"),
        RISK_REVIEW_REJECT(UserTask.RISK_REVIEW, "Reject the return"),
        INSTANT_EXCHANGE_RECOVERED(UserTask.RECOVER_INSTANT_EXCHANGE,
                "Recovered (sent back, paid, or stopped by the shop)"),
        INSTANT_EXCHANGE_WRITTEN_OFF(UserTask.RECOVER_INSTANT_EXCHANGE, "Written off"),
        SHORT_REPLACEMENTS_RECOVERED(UserTask.RECOVER_SHORT_INSTANT_EXCHANGE,
                "Recovered (sent back, paid, or stopped by the shop)"),
        SHORT_REPLACEMENTS_WRITTEN_OFF(UserTask.RECOVER_SHORT_INSTANT_EXCHANGE, "Written off");

        final UserTask task;
        /** The label of the decision's radio option in the form. */
        final String option;

        Decision(UserTask task, String option) {
            this.task = task;
            this.option = option;
        }

        String screenshotPrefix() {
            return "tasklist-" + name().toLowerCase().replace('_', '-');
        }
    }

    /** Each case's return, started before the first case. */
    private static final Map<Decision, String> RETURNS = new EnumMap<>(Decision.class);
    /** The phone the risk cases' buyers share. */
    private static final String RISK_PHONE = "13912345678";

    private static HeadlessChromium chromium;

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    TaskService taskService;
    @Autowired
    HistoryService history;
    @Autowired
    RefundLedger refunds;
    @Autowired
    CarrierClaims claims;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;
    @Autowired
    ExchangeTestSettlements.Settlements settlements;

    private JourneyDriver driver;
    private TasklistPage tasklist;

    /**
     * Starts the browser before the application boots: skipped without chromium and chromedriver, failed
     * instead where {@code RETURNFLOW_BROWSER_TESTS=required} ({@link HeadlessChromium}). The browser's
     * clock runs in the stores' time zone, as customer service's does.
     */
    @BeforeAll
    static void startBrowser() {
        chromium = HeadlessChromium.start("The Tasklist forms test",
                List.of("--window-size=1400,1800", "--lang=en-US"), Map.of("TZ", SHANGHAI.getId()),
                options -> {
                    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
                    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
                });
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void startEveryJourneyOnce() {
        driver = new JourneyDriver(runtime, management, taskService,
                new Courier(sandboxCourier, sandboxOrders, jdbc), JOURNEY_WAIT);
        tasklist = new TasklistPage(chromium, "http://localhost:" + port);
        synchronized (RETURNS) {
            if (RETURNS.isEmpty()) {
                // two other buyers used the risk cases' phone before
                for (int i = 0; i < 2; i++) {
                    create(request(UserTask.RISK_REVIEW));
                }
                for (Decision decision : Decision.values()) {
                    Map<String, Object> body = request(decision.task);
                    if (decision.task == UserTask.RECOVER_INSTANT_EXCHANGE
                            || decision.task == UserTask.RECOVER_SHORT_INSTANT_EXCHANGE) {
                        // the buyer returned another order before: not new, so trusted with an instant exchange
                        Map<String, Object> earlier = request(UserTask.RISK_REVIEW);
                        earlier.put("customer", body.get("customer"));
                        earlier.put("pickup", body.get("pickup"));
                        create(earlier);
                    }
                    String returnId = create(body);
                    if (decision.task == UserTask.REFUSED_EXCHANGE) {
                        settlements.replacementSku.put(returnId, "SKU-1-BLUE-sandbox:out-of-stock");
                        settlements.leftAfterRefusal.put(returnId, List.of("L1"));
                    }
                    if (decision.task == UserTask.CHASE_EXCHANGE) {
                        // pending until the sandbox shop is stepped, which no case does
                        settlements.replacementSku.put(returnId, "SKU-1-BLUE-sandbox:pending-confirmed");
                    }
                    if (decision.task == UserTask.RECOVER_INSTANT_EXCHANGE
                            || decision.task == UserTask.RECOVER_SHORT_INSTANT_EXCHANGE) {
                        settlements.replacementSku.put(returnId, "SKU-1-L");
                    }
                    if (decision.task == UserTask.STORE_CREDIT_FAILURE) {
                        // the store credit the return gives goes to the sandbox's closed account
                        settlements.storeCredit.put(returnId, new ReturnSettlements.StoreCreditTerms(returnId,
                                "SO-" + returnId, "cus_closed", "CNY", new BigDecimal("40.00"), new BigDecimal("4.00")));
                    }
                    RETURNS.put(decision, returnId);
                }
                RETURNS.values().forEach(driver::runDueSteps);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Decision.class)
    void aPersonOfTheTasksGroupCompletesItFromItsFormInTasklist(Decision decision) {
        String returnId = RETURNS.get(decision);
        Task task = reach(decision.task, returnId);
        JsonNode before = view(returnId);
        int refundAttemptsBefore = refunds.find(returnId).map(Refund::attempts).orElse(0);
        String prefix = decision.screenshotPrefix();

        Object chosen;
        try {
            tasklist.logIn(decision.task.user, decision.task.user);
            assertThat(tasklist.filterNames()).contains(decision.task.filter.name());
            tasklist.openTask(decision.task.filter.name(), returnId, decision.task.name);
            tasklist.claim();
            assertThat(tasklist.valueOf("Field_returnId")).as("the form shows the task's return").isEqualTo(returnId);
            chosen = fill(decision);
            tasklist.confirmTyped();
            tasklist.screenshot(prefix + "-1-filled");
            tasklist.complete(prefix);
            tasklist.screenshot(prefix + "-2-completed");
        } catch (RuntimeException | AssertionError failed) {
            tasklist.record(prefix + "-failed");
            throw failed;
        }

        HistoricTaskInstance done = history.createHistoricTaskInstanceQuery().taskId(task.getId()).singleResult();
        assertThat(done.getEndTime()).as("the task ended").isNotNull();
        assertThat(done.getDeleteReason()).as("the task was completed").isEqualTo("completed");
        assertThat(done.getAssignee()).as("claimed in Tasklist by").isEqualTo(decision.task.user);
        assertThat(timelineActors(returnId)).as("the timeline names who decided").contains(decision.task.user);

        thenTheJourneyMovesOn(decision, returnId, task, before, refundAttemptsBefore, chosen);
    }

    @Test
    void aDecisionOnlyTheServerCanRefuseIsShownToThePersonAndTheTaskStaysOpen() {
        String returnId = create(request(UserTask.MISSING_PARCEL));
        driver.runDueSteps(returnId);
        Task task = reach(UserTask.MISSING_PARCEL, returnId);
        JsonNode before = view(returnId);

        String shown;
        try {
            tasklist.logIn("cs", "cs");
            tasklist.openTask(UserTask.MISSING_PARCEL.filter.name(), returnId, UserTask.MISSING_PARCEL.name);
            tasklist.claim();
            tasklist.choose("Field_missingParcelDecision", "Keep waiting until a date and time");
            // the form takes any future date; the server allows at most 30 days
            tasklist.dateTime("Field_waitUntil", LocalDate.now(SHANGHAI).plusDays(45), LocalTime.of(10, 0));
            shown = tasklist.completeRefused("tasklist-missing-parcel-refused");
        } catch (RuntimeException | AssertionError failed) {
            tasklist.record("tasklist-missing-parcel-refused-failed");
            throw failed;
        }

        assertThat(shown).as("Tasklist shows the server's reason, as text").contains("Wait at most 30 days")
                .doesNotContain("<br>", "&lt;", "&amp;");
        Task open = taskService.createTaskQuery().taskId(task.getId()).singleResult();
        assertThat(open).as("the task stays open").isNotNull();
        assertThat(open.getAssignee()).isEqualTo("cs");
        assertThat(view(returnId).path("status").asText()).isEqualTo(before.path("status").asText());
        assertThat(timelineActors(returnId)).as("nothing was decided").doesNotContain("cs");
    }

    // ---------------------------------------------------------------------------------------------
    // the forms, filled as a person does

    /** Fills the form for the decision; answers what was picked where the form offered a choice. */
    private Object fill(Decision decision) {
        switch (decision.task) {
            case INSPECTION -> {
                // the outcome first: a rejection asks for a reason on every line
                tasklist.choose("Field_inspectionOutcome", decision.option);
                switch (decision) {
                    case INSPECTION_ACCEPT -> {
                        tasklist.select("Field_condition", 0, "New, as sold");
                        tasklist.select("Field_condition", 1, "New, as sold");
                    }
                    case INSPECTION_PARTIAL -> {
                        // the tester's case: one of the two shirts taken back, used, 20.00 kept back
                        tasklist.select("Field_condition", 0, "Used");
                        tasklist.type("Field_acceptedQuantity", 0, "1");
                        tasklist.type("Field_deduction", 0, "20.00");
                        tasklist.type("Field_deductionReason", 0, "Worn, the tags are missing");
                        tasklist.select("Field_disposition", 0, "Refurbish before resale");
                        tasklist.select("Field_condition", 1, "New, as sold");
                    }
                    default -> {
                        tasklist.select("Field_condition", 0, "Damaged");
                        tasklist.type("Field_acceptedQuantity", 0, "0");
                        tasklist.type("Field_deductionReason", 0, "Stained");
                        tasklist.select("Field_condition", 1, "Damaged");
                        tasklist.type("Field_acceptedQuantity", 1, "0");
                        tasklist.type("Field_deductionReason", 1, "Torn seam");
                        tasklist.select("Field_disposition", 0, "Dispose");
                        tasklist.select("Field_disposition", 1, "Return to vendor");
                    }
                }
                return null;
            }
            case FAILED_PICKUP -> {
                tasklist.choose("Field_failedPickupDecision", decision.option);
                return switch (decision) {
                    case FAILED_PICKUP_REBOOK -> {
                        // not the first window offered: the one the buyer agreed to
                        String window = tasklist.selectOption("Field_rebookWindowStart", -1, windows -> {
                            assertThat(windows).as("bookable windows offered").hasSizeGreaterThan(1);
                            return windows.get(1);
                        });
                        yield OffsetDateTime.parse(window.substring(0, window.indexOf(' ')));
                    }
                    case FAILED_PICKUP_SWITCH_TO_DROP_OFF -> tasklist.selectOption("Field_dropOffStoreId", -1,
                            stores -> stores.stream().filter(store -> store.startsWith("S-SZ-001 ")).findFirst()
                                    .orElse(null));
                    default -> {
                        tasklist.type("Field_cancelReason", -1, "The buyer keeps the item and withdraws the return");
                        yield null;
                    }
                };
            }
            case REFUSED_EXCHANGE -> {
                assertThat(tasklist.valueOf("Field_exchangeStatus")).as("the form shows the shop's answer")
                        .isEqualTo("OUT_OF_STOCK");
                tasklist.choose("Field_exchangeFallback", decision.option);
                return null;
            }
            case CHASE_EXCHANGE -> {
                assertThat(tasklist.valueOf("Field_exchangeStatus")).as("the form shows the order unanswered")
                        .isEqualTo("PENDING");
                tasklist.choose("Field_exchangeChaseDecision", decision.option);
                return null;
            }
            case MISSING_PARCEL -> {
                tasklist.choose("Field_missingParcelDecision", decision.option);
                if (decision == Decision.MISSING_PARCEL_KEEP_WAITING) {
                    LocalDate day = LocalDate.now(SHANGHAI).plusDays(3);
                    LocalTime time = LocalTime.of(10, 0);
                    tasklist.dateTime("Field_waitUntil", day, time);
                    return day.atTime(time).atZone(SHANGHAI).toOffsetDateTime();
                }
                return null;
            }
            case STORE_CREDIT_FAILURE -> {
                tasklist.choose("Field_storeCreditFailureDecision", decision.option);
                if (decision == Decision.STORE_CREDIT_FAILURE_ISSUED_BY_HAND) {
                    String reference = "GC-2026-" + decision.ordinal();
                    tasklist.type("Field_storeCreditReference", -1, reference);
                    return reference;
                }
                return null;
            }
            case RECOVER_SHORT_INSTANT_EXCHANGE -> {
                assertThat(tasklist.valueOf("Field_exchangeShortLinesText")).as("the form names the short line")
                        .isEqualTo("L1 SKU-1-L T 恤 (replacement): shipped 1, accepted 0");
                tasklist.choose("Field_instantExchangeRecovery", decision.option);
                return null;
            }
            case RECOVER_INSTANT_EXCHANGE -> {
                assertThat(tasklist.valueOf("Field_exchangeStatus")).as("the form shows the order the shop took")
                        .isEqualTo("CONFIRMED");
                assertThat(tasklist.valueOf("Field_exchangeShopOrderId")).as("the shop's order").isNotBlank();
                tasklist.choose("Field_instantExchangeRecovery", decision.option);
                return null;
            }
            case RISK_REVIEW -> {
                assertThat(tasklist.valueOf("Field_riskSummary")).as("the form shows the rules that fired")
                        .contains("shared-phone → CUSTOMER_SERVICE_REVIEW").contains("sharedPhoneCustomers=");
                tasklist.choose("Field_riskReviewDecision", decision.option);
                String note = "Checked with the buyer: " + decision.name().toLowerCase();
                tasklist.type("Field_riskReviewNote", -1, note);
                return note;
            }
            default -> {
                if (decision.task == UserTask.ESCALATED_REFUND_FAILURE) {
                    assertThat(tasklist.formShows("Escalated to operations")).as("the form says it was escalated")
                            .isTrue();
                }
                tasklist.choose("Field_refundFailureDecision", decision.option);
                if (decision.option.equals("Refunded through another channel")) {
                    String reference = "BANK-TRX/2026-" + decision.ordinal();
                    tasklist.type("Field_externalRefundReference", -1, reference);
                    return reference;
                }
                return null;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // where each decision leads, as the API and the engine show it

    private void thenTheJourneyMovesOn(Decision decision, String returnId, Task task, JsonNode before,
                                       int refundAttemptsBefore, Object chosen) {
        BigDecimal planned = new BigDecimal(before.path("refund").path("amount").asText());
        switch (decision) {
            case INSPECTION_ACCEPT -> {
                JsonNode done = completedWithRefund(returnId);
                assertThat(done.path("refund").path("amount").asText()).isEqualTo(planned.toPlainString());
                assertThat(timelineTypes(returnId)).contains("INSPECTED");
                // the rows start restocked: nothing chosen is what is stored
                assertThat(dispositions(done)).containsExactly("RESTOCK", "RESTOCK");
            }
            case INSPECTION_PARTIAL -> {
                JsonNode done = completedWithRefund(returnId);
                // one shirt of 99.00 not taken back, 20.00 deducted from the other
                assertThat(new BigDecimal(done.path("refund").path("amount").asText()))
                        .isEqualByComparingTo(planned.subtract(new BigDecimal("119.00")));
                assertThat(new BigDecimal(done.path("refund").path("inspectionDeductions").asText()))
                        .isEqualByComparingTo("20.00");
                assertThat(dispositions(done)).containsExactly("REFURBISH", "RESTOCK");
            }
            case INSPECTION_REJECT -> {
                driver.runUntilEnded(returnId);
                JsonNode rejected = view(returnId);
                assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
                assertThat(rejected.path("rejectionReasons").toString()).contains("Stained").contains("Torn seam");
                assertThat(rejected.path("refund").path("status").asText()).isNotEqualTo("SUCCEEDED");
                assertThat(sandboxRefunds(returnId)).isZero();
                // rejected or not, the items are in the warehouse and each has its disposition
                assertThat(dispositions(rejected)).containsExactly("DISPOSE", "RETURN_TO_VENDOR");
            }
            case FAILED_PICKUP_REBOOK -> {
                OffsetDateTime window = (OffsetDateTime) chosen;
                driver.runUntil(returnId, "the chosen window booked", Set.of(),
                        () -> view(returnId).path("pickup").path("attempt").asInt()
                                > before.path("pickup").path("attempt").asInt());
                JsonNode rebooked = view(returnId);
                assertThat(rebooked.path("status").asText()).isEqualTo("AWAITING_PICKUP");
                assertThat(OffsetDateTime.parse(rebooked.path("pickup").path("window").path("start").asText())
                        .toInstant()).isEqualTo(window.toInstant());
                assertThat(rebooked.path("actionRequired").asBoolean()).isFalse();
                assertThat(driver.activeActivities(returnId)).contains("Gateway_AwaitCollection");
            }
            case FAILED_PICKUP_SWITCH_TO_DROP_OFF -> {
                driver.runUntil(returnId, "a drop-off code", Set.of(),
                        () -> !view(returnId).path("dropOff").path("code").asText("").isBlank());
                JsonNode switched = view(returnId);
                assertThat(switched.path("method").asText()).isEqualTo("STORE_DROPOFF");
                assertThat(switched.path("status").asText()).isEqualTo("AWAITING_DROP_OFF");
                assertThat(switched.path("dropOff").path("storeId").asText()).isEqualTo("S-SZ-001");
                assertThat((String) chosen).startsWith("S-SZ-001");
                assertThat(driver.activeActivities(returnId)).contains("Gateway_AwaitDropOff");
            }
            case FAILED_PICKUP_CANCEL -> {
                driver.runUntilEnded(returnId);
                JsonNode cancelled = view(returnId);
                assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
                assertThat(cancelled.path("actionRequired").asBoolean()).isFalse();
                assertThat(sandboxRefunds(returnId)).isZero();
            }
            case MISSING_PARCEL_REFUND_ANYWAY -> {
                JsonNode done = completedWithRefund(returnId);
                assertThat(done.path("refund").path("amount").asText()).isEqualTo(planned.toPlainString());
                assertThat(claims.find(returnId)).isEmpty();
            }
            case MISSING_PARCEL_KEEP_WAITING -> {
                OffsetDateTime until = (OffsetDateTime) chosen;
                assertThat(driver.activeActivities(returnId)).containsExactly("Gateway_AwaitSigned");
                assertThat(driver.timerDue(returnId, "Event_ParcelOverdue")).as("the lost-parcel clock")
                        .isEqualTo(Date.from(until.toInstant()));
                JsonNode waiting = view(returnId);
                assertThat(waiting.path("status").asText()).isEqualTo(before.path("status").asText());
                assertThat(waiting.path("actionRequired").asBoolean()).isFalse();
                assertThat(driver.openTask(returnId, decision.task.name)).isNull();
            }
            case MISSING_PARCEL_CLOSE_AS_LOST -> {
                JsonNode done = completedWithRefund(returnId);
                assertThat(done.path("refund").path("amount").asText()).isEqualTo(planned.toPlainString());
                assertThat(claims.find(returnId)).hasValueSatisfying(claim ->
                        assertThat(claim.claimedBy()).isEqualTo(decision.task.user));
            }
            case REFUND_FAILURE_RETRY, OPS_REFUND_FAILURE_RETRY -> {
                // the sandbox refuses this charge every time: tried once more, then back to the same team
                Task again = awaitNewTask(returnId, task, decision.task.group);
                assertThat(again.getName()).isEqualTo(decision.task.name);
                assertThat(refunds.find(returnId).map(Refund::attempts).orElse(0)).isGreaterThan(refundAttemptsBefore);
                JsonNode refused = view(returnId);
                assertThat(refused.path("refund").path("status").asText()).isEqualTo("FAILED");
                assertThat(refused.path("actionRequired").asBoolean()).isTrue();
            }
            case REFUND_FAILURE_REFUNDED_ELSEWHERE, OPS_REFUND_FAILURE_REFUNDED_ELSEWHERE -> {
                driver.runUntilEnded(returnId);
                JsonNode done = view(returnId);
                assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
                // the refund ledger records the refund made elsewhere as the return's refund
                assertThat(done.path("refund").path("status").asText()).as("refund status after 'refunded elsewhere'")
                        .isEqualTo("SUCCEEDED");
                assertThat(done.path("refund").path("external").asBoolean()).as("made elsewhere").isTrue();
                assertThat(done.path("refund").path("reference").asText()).as("refund reference").isEqualTo(chosen);
                assertThat(done.path("refund").path("providerRefundId").isNull()).as("no provider refund").isTrue();
                assertThat(done.path("refund").path("refundedAt").isNull()).as("refund time").isFalse();
                assertThat(done.path("actionRequired").asBoolean()).isFalse();
                assertThat(sandboxRefunds(returnId)).as("nothing paid out by the provider").isZero();
            }
            case REFUSED_EXCHANGE_REFUND, REFUSED_EXCHANGE_STORE_CREDIT -> {
                completedWithRefund(returnId);
                assertThat(settlements.calls).contains("chooseFallback " + returnId + " "
                        + (decision == Decision.REFUSED_EXCHANGE_REFUND ? "REFUND" : "STORE_CREDIT"));
                assertThat(view(returnId).path("exchange").path("status").asText()).isEqualTo("OUT_OF_STOCK");
            }
            case CHASE_EXCHANGE_KEEP_WAITING -> {
                assertThat(driver.activeActivities(returnId)).containsExactly("Gateway_AwaitExchangeAnswer");
                assertThat(view(returnId).path("exchange").path("status").asText()).isEqualTo("PENDING");
                assertThat(view(returnId).path("actionRequired").asBoolean()).isFalse();
            }
            case CHASE_EXCHANGE_GIVE_UP -> {
                completedWithRefund(returnId);
                assertThat(view(returnId).path("exchange").path("status").asText()).isEqualTo("REFUSED");
                assertThat(settlements.calls).anyMatch(call -> call.startsWith("exchangeRefused " + returnId));
            }
            case STORE_CREDIT_FAILURE_RETRY -> {
                // the sandbox's closed account refuses every try: tried once more under a fresh key, then back
                Task again = awaitNewTask(returnId, task, decision.task.group);
                assertThat(again.getName()).isEqualTo(decision.task.name);
                assertThat(storeCreditKey(returnId)).isEqualTo("credit:" + returnId + ":2");
                JsonNode refused = view(returnId);
                assertThat(refused.path("storeCredit").path("status").asText()).isEqualTo("FAILED");
                assertThat(refused.path("actionRequired").asBoolean()).isTrue();
            }
            case STORE_CREDIT_FAILURE_ISSUED_BY_HAND -> {
                driver.runUntilEnded(returnId);
                JsonNode done = view(returnId);
                assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
                assertThat(done.path("storeCredit").path("status").asText()).isEqualTo("ISSUED");
                assertThat(done.path("storeCredit").path("providerCreditId").isNull()).isTrue();
                assertThat(jdbc.sql("select external_reference from store_credits where return_id = ?")
                        .param(returnId).query(String.class).single()).isEqualTo(chosen);
                assertThat(done.path("actionRequired").asBoolean()).isFalse();
            }
            case RISK_REVIEW_APPROVE -> {
                JsonNode approved = reviewed(returnId, "APPROVE", (String) chosen);
                driver.runUntil(returnId, "the courier booked", Set.of(),
                        () -> "AWAITING_PICKUP".equals(view(returnId).path("status").asText()));
                assertThat(approved.path("refund").path("due").asText())
                        .isEqualTo(before.path("refund").path("due").asText());
            }
            case RISK_REVIEW_REQUIRE_INSPECTION -> {
                JsonNode inspected = reviewed(returnId, "REQUIRE_INSPECTION", (String) chosen);
                assertThat(inspected.path("refund").path("due").asText()).isEqualTo("AFTER_INSPECTION");
                assertThat(runtime.getVariable(task.getProcessInstanceId(), "inspection")).isEqualTo("MANUAL");
            }
            case RISK_REVIEW_REJECT -> {
                driver.runUntilEnded(returnId);
                JsonNode rejected = view(returnId);
                assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
                assertThat(rejected.path("rejectionReasons").toString()).contains((String) chosen);
                assertThat(rejected.path("risk").path("review").path("decision").asText()).isEqualTo("REJECT");
            }
            case SHORT_REPLACEMENTS_RECOVERED, SHORT_REPLACEMENTS_WRITTEN_OFF -> {
                // the coat is refunded whatever customer service decides: the recovery holds nothing back
                JsonNode done = completedWithRefund(returnId);
                assertThat(done.path("exchange").path("instant").asBoolean()).isTrue();
                assertThat(timelineTypes(returnId)).containsOnlyOnce("INSTANT_EXCHANGE_SHORT")
                        .contains("INSTANT_EXCHANGE_RECOVERY_DECIDED");
            }
            case INSTANT_EXCHANGE_RECOVERED, INSTANT_EXCHANGE_WRITTEN_OFF -> {
                driver.runUntilEnded(returnId);
                JsonNode cancelled = view(returnId);
                assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
                assertThat(cancelled.path("actionRequired").asBoolean()).isFalse();
                assertThat(sandboxRefunds(returnId)).as("nothing refunded for a parcel never sent").isZero();
                // the engine keeps the instance's end, not its activities (platform/KeptHistory)
                assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
                        .singleResult().getEndActivityId()).as("the journey ends as decided")
                        .isEqualTo(decision == Decision.INSTANT_EXCHANGE_RECOVERED
                                ? "EndEvent_InstantExchangeRecovered" : "EndEvent_InstantExchangeWrittenOff");
            }
            case REFUND_FAILURE_ESCALATE, OPS_REFUND_FAILURE_ESCALATE -> {
                Task escalated = awaitNewTask(returnId, task, "ops");
                assertThat(escalated.getName()).isEqualTo(decision.task.name);
                assertThat(runtime.getVariable(escalated.getExecutionId(), "refundEscalated")).isEqualTo(true);
                assertThat(tasksOf("cs", returnId)).as("customer service no longer sees it").isEmpty();
                assertThat(tasksOf("ops", returnId).findValuesAsText("id")).containsExactly(escalated.getId());
                assertThat(view(returnId).path("actionRequired").asBoolean()).isTrue();
            }
        }
    }

    /** Runs the journey past the review; answers the return once the decision took effect. */
    private JsonNode reviewed(String returnId, String decision, String note) {
        driver.runUntil(returnId, "the review recorded", Set.of(),
                () -> decision.equals(view(returnId).path("risk").path("review").path("decision").asText()));
        JsonNode reviewed = view(returnId);
        assertThat(reviewed.path("risk").path("review").path("note").asText()).isEqualTo(note);
        assertThat(reviewed.path("risk").path("review").path("by").asText()).isEqualTo("cs");
        assertThat(reviewed.path("actionRequired").asBoolean()).isFalse();
        assertThat(timelineTypes(returnId)).contains("RISK_REVIEWED");
        return reviewed;
    }

    private JsonNode completedWithRefund(String returnId) {
        driver.runUntilEnded(returnId);
        JsonNode done = view(returnId);
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.path("actionRequired").asBoolean()).isFalse();
        assertThat(sandboxRefunds(returnId)).isEqualTo(1);
        return done;
    }

    /** Runs the journey until a task other than {@code previous} is offered to the group; answers it. */
    private Task awaitNewTask(String returnId, Task previous, String group) {
        driver.runUntil(returnId, "a new task for " + group, Set.of(), () -> newTask(returnId, previous, group) != null);
        return newTask(returnId, previous, group);
    }

    private Task newTask(String returnId, Task previous, String group) {
        return taskService.createTaskQuery().processInstanceBusinessKey(returnId).taskCandidateGroup(group).list()
                .stream().filter(t -> !t.getId().equals(previous.getId())).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------------------------------------
    // the journeys up to each task

    private static Map<String, Object> request(UserTask task) {
        Map<String, Object> body = homePickup(newOrderId());
        @SuppressWarnings("unchecked")
        Map<String, Object> payment = (Map<String, Object>) body.get("payment");
        @SuppressWarnings("unchecked")
        Map<String, Object> address = (Map<String, Object>) ((Map<String, Object>) body.get("pickup")).get("address");
        switch (task) {
            case INSPECTION -> {
                // not as described: an inspector looks; two shirts and a pair of socks
                body.put("reason", "NOT_AS_DESCRIBED");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> items = new ArrayList<>((List<Map<String, Object>>) body.get("items"));
                items.get(0).put("quantity", 2);
                items.add(map("lineId", "L2", "sku", "SKU-2", "name", "Socks", "category", "apparel", "quantity", 1,
                        "unitPrice", "19.90"));
                body.put("items", items);
                payment.put("amountPaid", "400.00");
            }
            case FAILED_PICKUP -> address.put("line", "科技园 1 号 sandbox:no-show-always");
            case MISSING_PARCEL -> address.put("line", "科技园 1 号 sandbox:lost");
            case REFUSED_EXCHANGE, CHASE_EXCHANGE -> {
                // the line is exchanged: the refund of what is left goes through
            }
            case STORE_CREDIT_FAILURE -> {
                // refunded as usual; the store credit after it is refused
            }
            case RISK_REVIEW -> { }
            case RECOVER_SHORT_INSTANT_EXCHANGE -> {
                // the T-shirt exchanged for another size, the replacement ordered at request; a coat refunded: 549.00
                // of goods, which the inspection-routing table sends to an inspector
                body.put("reason", "SIZE_FIT");
                Map<String, Object> line = item(body, 0);
                line.put("resolution", "EXCHANGE");
                line.put("exchangeFor", map("sku", "SKU-1-L", "name", "T 恤 L", "unitPrice", "99.00"));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> items = new ArrayList<>((List<Map<String, Object>>) body.get("items"));
                items.add(map("lineId", "L2", "sku", "SKU-2", "name", "Coat", "category", "apparel", "quantity", 1,
                        "unitPrice", "450.00", "resolution", "REFUND"));
                body.put("items", items);
                payment.put("amountPaid", "549.00");
                body.put("instantExchange", true);
            }
            case RECOVER_INSTANT_EXCHANGE -> {
                // the T-shirt exchanged for another size, the replacement ordered at request
                body.put("reason", "SIZE_FIT");
                Map<String, Object> line = item(body, 0);
                line.put("resolution", "EXCHANGE");
                line.put("exchangeFor", map("sku", "SKU-1-L", "name", "T 恤 L", "unitPrice", "99.00"));
                body.put("instantExchange", true);
            }
            default -> payment.put("chargeId", "ch_refund_fails");
        }
        // every case a buyer of its own, at an address and phone of their own (the risk table reads the history of
        // the buyer, and of their phone and address across buyers): only the risk cases share their phone
        String buyer = "C-" + UUID.randomUUID().toString().substring(0, 12);
        @SuppressWarnings("unchecked")
        Map<String, Object> customer = (Map<String, Object>) body.get("customer");
        customer.put("id", buyer);
        customer.put("phone", task == UserTask.RISK_REVIEW ? RISK_PHONE
                : "135" + String.format("%08d", Math.floorMod(buyer.hashCode(), 100_000_000)));
        address.put("line", address.get("line").toString().replace("科技园 1 号", "科技园 " + buyer + " 号"));
        return body;
    }

    private String create(Map<String, Object> body) {
        ResponseEntity<JsonNode> created = as("merchant").postForEntity("/api/returns", body, JsonNode.class);
        assertThat(created.getStatusCode()).as("POST /api/returns: %s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    /** Runs the journey to the task; the escalated one after customer service escalated it (through the REST API). */
    private Task reach(UserTask task, String returnId) {
        if (task == UserTask.RECOVER_INSTANT_EXCHANGE) {
            // the replacement ordered and confirmed before the hand-over; then the buyer cancels the return
            driver.runUntil(returnId, "the instant exchange confirmed", Set.of(),
                    () -> "CONFIRMED".equals(view(returnId).path("exchange").path("status").asText())
                            && "AWAITING_PICKUP".equals(view(returnId).path("status").asText()));
            ResponseEntity<JsonNode> cancelled = as("merchant").postForEntity("/api/returns/" + returnId
                    + "/cancellation", map("reason", "The buyer keeps the item"), JsonNode.class);
            assertThat(cancelled.getStatusCode()).as("cancelled: %s", cancelled.getBody()).isEqualTo(HttpStatus.OK);
        }
        if (task == UserTask.RECOVER_SHORT_INSTANT_EXCHANGE) {
            inspectedInPart(returnId);
        }
        if (task != UserTask.ESCALATED_REFUND_FAILURE) {
            Task open = driver.runUntilTask(returnId, task.name, task.timers);
            assertThat(taskService.createTaskQuery().taskId(open.getId()).taskCandidateGroup(task.group).count())
                    .as("'%s' is offered to %s", task.name, task.group).isEqualTo(1);
            return open;
        }
        Task withCustomerService = reach(UserTask.REFUND_FAILURE, returnId);
        ResponseEntity<String> escalated = as("cs").postForEntity("/engine-rest/task/" + withCustomerService.getId()
                        + "/complete",
                map("variables", map("refundFailureDecision", map("value", "ESCALATE"))), String.class);
        assertThat(escalated.getStatusCode()).as("escalated: %s", escalated.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
        return awaitNewTask(returnId, withCustomerService, task.group);
    }

    /**
     * The replacement shipped at request; then the inspector accepts the coat and none of the T-shirt (through the
     * REST API: the inspection form has its own cases).
     */
    private void inspectedInPart(String returnId) {
        Task inspection = driver.runUntilTask(returnId, UserTask.INSPECTION.name, Set.of());
        assertThat(view(returnId).path("exchange").path("status").asText()).isEqualTo("CONFIRMED");
        // what the settlements port answers from now on: the T-shirt is no longer exchanged (none accepted)
        settlements.acceptedQuantity.put(returnId, 0);
        ArrayNode rows;
        try {
            rows = (ArrayNode) new ObjectMapper()
                    .readTree(as("inspector").getForObject("/engine-rest/task/" + inspection.getId()
                            + "/variables/inspectionItems?deserializeValue=false", JsonNode.class).path("value").asText());
        } catch (JsonProcessingException e) {
            throw new AssertionError("the inspection rows are JSON", e);
        }
        rows.forEach(row -> ((ObjectNode) row).put("deduction", 0)
                .put("condition", "L1".equals(row.path("lineId").asText()) ? "DAMAGED" : "NEW")
                .put("acceptedQuantity", "L1".equals(row.path("lineId").asText()) ? 0 : 1));
        ResponseEntity<String> inspected = as("inspector").postForEntity("/engine-rest/task/" + inspection.getId()
                + "/complete", map("variables", map("inspectionItems", map("value", rows.toString(), "type", "Json"),
                "inspectionOutcome", map("value", "PARTIAL"))), String.class);
        assertThat(inspected.getStatusCode()).as("inspected: %s", inspected.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    // ---------------------------------------------------------------------------------------------

    private TestRestTemplate as(String user) {
        return rest.withBasicAuth(user, user);
    }

    private JsonNode view(String returnId) {
        return as("merchant").getForObject("/api/returns/" + returnId, JsonNode.class);
    }

    /** Each item's disposition as the return's view shows it, in line order. */
    private static List<String> dispositions(JsonNode view) {
        List<String> dispositions = new ArrayList<>();
        view.path("items").forEach(item -> dispositions.add(item.path("disposition").asText(null)));
        return dispositions;
    }

    private List<String> timelineActors(String returnId) {
        return as("merchant").getForObject("/api/returns/" + returnId + "/timeline", JsonNode.class)
                .findValuesAsText("actor");
    }

    private List<String> timelineTypes(String returnId) {
        return as("merchant").getForObject("/api/returns/" + returnId + "/timeline", JsonNode.class)
                .findValuesAsText("type");
    }

    /** The open tasks of the return a user sees, as Tasklist asks the engine. */
    private JsonNode tasksOf(String user, String returnId) {
        return as(user).getForObject("/engine-rest/task?processInstanceBusinessKey=" + returnId, JsonNode.class);
    }

    private String storeCreditKey(String returnId) {
        return jdbc.sql("select idempotency_key from store_credits where return_id = ?").param(returnId)
                .query(String.class).single();
    }

    private long sandboxRefunds(String returnId) {
        return jdbc.sql("select count(*) from sandbox_payment_refunds where return_id = ?").param(returnId)
                .query(Long.class).single();
    }
}
