package io.returnflow.e2e;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.payment.Refund;
import io.returnflow.payment.RefundOrder;
import io.returnflow.payment.RefundService;
import io.returnflow.support.Courier;
import io.returnflow.support.SharedPostgres;
import io.returnflow.support.TasklistSession;

/**
 * The people's decisions end to end on a real PostgreSQL, each taken through the engine REST API as
 * Tasklist sends it, authenticated as the demo user of the task's group: a decision the server refuses is
 * a 400 naming every problem with its field, the task stays open, nothing is written and nothing is logged
 * as an error; every decision value of every user task lands on the timeline with the user who took it; a
 * refund customer service or operations record as made elsewhere is a SUCCEEDED refund in the ledger and
 * in the return's view, and is never refunded again.
 *
 * <p>The job executor is off: the test runs the journey's jobs (bookings, refunds, timers) itself, so a
 * timer fires when the test executes it, never after a wait. The sandbox courier, an outside party, moves
 * when the test steps it (the inspections need a parcel it collects and the warehouse signs for); only its
 * webhooks' way through the carrier inbox is waited for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("test")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class DecisionsEndToEndTest {

    /** The longest the carrier's webhooks may take to move a journey on; waits end as soon as they did. */
    private static final Duration COURIER = Duration.ofSeconds(120);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String RESOLVE_FAILED_PICKUP = "Activity_ResolveFailedPickup";
    private static final String INVESTIGATE_MISSING_PARCEL = "Activity_InvestigateMissingParcel";
    private static final String RESOLVE_REFUND_FAILURE = "Activity_ResolveRefundFailure";
    private static final String INSPECT = "Activity_InspectReturnedItems";
    /** What a person's refused decision must never leave in the log. */
    private static final List<String> ERRORS_OF_A_REFUSAL = List.of("ENGINE-03051", "ENGINE-16004",
            "ENGINE-REST-HTTP500", "TaskDecisionRefused", "InvalidInspection");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        SharedPostgres.useNewDatabase(registry, "decisions");
    }

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    RefundService refunds;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;

    private JourneyApi api;

    @BeforeEach
    void overHttp() {
        api = new JourneyApi(rest, COURIER);
    }

    // ------------------------------------------------------------------ refused decisions

    @Test
    void aRefusedInspectionIs400NamingEveryProblemAndTheTaskStaysOpen(CapturedOutput output) throws Exception {
        String id = api.create(inspectedHomePickup());
        runJob(id, "Activity_BookPickup");
        courier().deliver(Courier.pickup(id, 1));
        JsonNode task = api.awaitTask("inspector", id, INSPECT);
        ArrayNode items = inspectionItems(task);
        ObjectNode line = (ObjectNode) items.get(0);
        line.putNull("condition");
        line.put("acceptedQuantity", 3);        // 1 returned
        line.put("deduction", 150.00);          // worth 99.00
        line.put("deductionReason", "stained");
        line.put("disposition", "SELL_ON_EBAY");
        int logBefore = output.getOut().length();

        ResponseEntity<JsonNode> refused = submit("inspector", task, map(
                "inspectionItems", map("value", items.toString(), "type", "Json"),
                "inspectionOutcome", map("value", "PARTIAL")));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        JsonNode body = refused.getBody();
        assertThat(body.path("status").asInt()).isEqualTo(400);
        assertThat(body.path("errors").findValuesAsText("field")).containsExactly(
                "inspectionItems[0].condition", "inspectionItems[0].acceptedQuantity", "inspectionItems[0].deduction",
                "inspectionItems[0].disposition");
        assertThat(body.path("errors").findValuesAsText("message")).anySatisfy(m -> assertThat(m)
                .contains("the deduction 150.00 is above the value of the returned items (1 × 99.00 = 99.00)"));
        // Tasklist shows `message` next to the form: every problem after a bullet, no markup
        assertThat(body.path("message").asText()).startsWith("The inspection cannot be accepted: • ")
                .contains("accepted quantity 3 is more than the 1 returned").doesNotContain("ENGINE-", "<br>");
        assertThat(body.path("message").asText().split(" • ")).hasSize(5);
        assertThat(body.path("detail").asText()).contains("\n- ");

        assertThat(openTaskIds("inspector", id)).containsExactly(task.path("id").asText());
        assertThat(api.getReturn(id).path("status").asText()).isEqualTo("INSPECTING");
        assertThat(api.timelineTypes(id)).doesNotContain("INSPECTED");
        assertThat(jdbc.sql("select count(*) from inspection_results where return_id = ?").param(id)
                .query(Long.class).single()).isZero();
        assertThat(output.getOut().substring(logBefore)).doesNotContain(ERRORS_OF_A_REFUSAL);

        line.put("condition", "DAMAGED").put("acceptedQuantity", 1).put("deduction", 20.00)
                .put("disposition", "REFURBISH");
        ResponseEntity<JsonNode> accepted = submit("inspector", task, map(
                "inspectionItems", map("value", items.toString(), "type", "Json"),
                "inspectionOutcome", map("value", "PARTIAL")));
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(api.lastEntry(id, "INSPECTED").path("actor").asText()).isEqualTo("inspector");
    }

    @Test
    void refusedDecisionsOnTheExceptionTasksAre400WithTheirFieldsAndChangeNothing(CapturedOutput output) {
        String id = api.create(neverCollected());
        JsonNode task = driveToTask(id, "cs", RESOLVE_FAILED_PICKUP, "Activity_BookPickup", "Activity_RebookPickup",
                "Event_CourierDidNotCome");
        int logBefore = output.getOut().length();

        ResponseEntity<JsonNode> noDecision = api.complete("cs", task, map());
        assertRefused(noDecision, "failedPickupDecision");
        assertRefused(api.complete("cs", task, map("failedPickupDecision", map("value", "SHRUG"))), "failedPickupDecision");
        assertRefused(api.complete("cs", task, map("failedPickupDecision", map("value", "REBOOK"),
                "rebookWindowStart", map("value", "2020-01-01T09:00+08:00"))), "rebookWindowStart");
        assertRefused(api.complete("cs", task, map("failedPickupDecision", map("value", "SWITCH_TO_DROP_OFF"),
                "dropOffStoreId", map("value", "S-NOWHERE"))), "dropOffStoreId");
        // a decision with a form's read-only fact changed: both named at once
        ResponseEntity<JsonNode> tampered = api.complete("cs", task, map("failedPickupDecision", map("value", "CANCEL"),
                "cancelReason", map("value", "no"), "returnId", map("value", "R-SOMEONE-ELSE")));
        assertRefused(tampered, "cancelReason", "returnId");

        assertThat(openTaskIds("cs", id)).containsExactly(task.path("id").asText());
        assertThat(api.getReturn(id).path("status").asText()).isEqualTo("AWAITING_PICKUP");
        assertThat(api.getReturn(id).path("actionRequired").asBoolean()).isTrue();
        assertThat(api.timelineTypes(id)).doesNotContain("FAILED_PICKUP_DECIDED", "CANCELLED");
        assertThat(runtime.getVariable(journey(id), "returnId")).isEqualTo(id);
        assertThat(output.getOut().substring(logBefore)).doesNotContain(ERRORS_OF_A_REFUSAL);
    }

    @Test
    void tasklistsOwnEngineApiRefusesTheSameWayAndRecordsWhoDecided() throws Exception {
        String id = api.create(neverCollected());
        JsonNode task = driveToTask(id, "cs", RESOLVE_FAILED_PICKUP, "Activity_BookPickup", "Activity_RebookPickup",
                "Event_CourierDidNotCome");
        TasklistSession tasklist = TasklistSession.login(port, "cs");
        String submitForm = "/task/" + task.path("id").asText() + "/submit-form";

        HttpResponse<String> refused = tasklist.engine("POST", submitForm, json.writeValueAsString(variables(map(
                "failedPickupDecision", map("value", "SWITCH_TO_DROP_OFF")))));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode body = json.readTree(refused.body());
        assertThat(body.path("errors").findValuesAsText("field")).containsExactly("dropOffStoreId");
        assertThat(body.path("message").asText()).contains("Choose the store");
        assertThat(openTaskIds("cs", id)).containsExactly(task.path("id").asText());

        HttpResponse<String> switched = tasklist.engine("POST", submitForm, json.writeValueAsString(variables(map(
                "failedPickupDecision", map("value", "SWITCH_TO_DROP_OFF"),
                "dropOffStoreId", map("value", "S-SZ-001"),
                // Tasklist sends the form's read-only facts back as they were
                "returnId", map("value", id)))));
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(204);
        JsonNode decided = api.lastEntry(id, "FAILED_PICKUP_DECIDED");
        assertThat(decided.path("actor").asText()).isEqualTo("cs");
        assertThat(decided.path("detail").asText()).contains("S-SZ-001");
    }

    // ------------------------------------------------------------------ every decision, with who took it

    @Test
    void everyFailedPickupDecisionIsOnTheTimelineWithWhoTookIt() {
        String rebook = api.create(neverCollected());
        String drop = api.create(neverCollected());
        String cancel = api.create(neverCollected());

        JsonNode rebookTask = driveToFailedPickup(rebook);
        String window = firstOfferedWindow(rebookTask);
        assertThat(api.complete("cs", rebookTask, map("failedPickupDecision", map("value", "REBOOK"),
                "rebookWindowStart", map("value", window))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertDecided(rebook, "FAILED_PICKUP_DECIDED", "cs", "rebook for");

        assertThat(api.complete("cs", driveToFailedPickup(drop), map("failedPickupDecision", map("value",
                "SWITCH_TO_DROP_OFF"), "dropOffStoreId", map("value", "S-SZ-002"))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertDecided(drop, "FAILED_PICKUP_DECIDED", "cs", "switch to store drop-off at S-SZ-002");

        assertThat(api.complete("cs", driveToFailedPickup(cancel), map("failedPickupDecision", map("value", "CANCEL"),
                "cancelReason", map("value", "The buyer keeps the item"))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertDecided(cancel, "FAILED_PICKUP_DECIDED", "cs", "cancel the return (The buyer keeps the item)");
        assertThat(api.getReturn(cancel).path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void everyMissingParcelDecisionIsOnTheTimelineWithWhoTookIt() {
        String id = api.create(storeDropOff(newOrderId(), "S-SZ-001"));
        JsonNode first = driveToMissingParcel(id);

        assertRefused(api.complete("cs", first, map("missingParcelDecision", map("value", "KEEP_WAITING"),
                "waitUntil", map("value", "2020-01-01T10:00+08:00"))), "waitUntil");
        String until = OffsetDateTime.now(SHANGHAI).plusDays(2).withNano(0).toString();
        assertThat(api.complete("cs", first, map("missingParcelDecision", map("value", "KEEP_WAITING"),
                "waitUntil", map("value", until))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertDecided(id, "MISSING_PARCEL_DECIDED", "cs", "keep waiting until");

        // the new deadline passes: the task is back, and customer service gives the parcel up
        JsonNode second = driveToTask(id, "cs", INVESTIGATE_MISSING_PARCEL, "Event_ParcelOverdue");
        assertThat(api.complete("cs", second, map("missingParcelDecision", map("value", "CLOSE_AS_LOST")))
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertDecided(id, "MISSING_PARCEL_DECIDED", "cs", "close as lost");
        assertThat(api.lastEntry(id, "CARRIER_CLAIM").path("actor").asText()).isEqualTo("cs");

        String other = api.create(storeDropOff(newOrderId(), "S-SZ-001"));
        assertThat(api.complete("cs", driveToMissingParcel(other), map("missingParcelDecision",
                map("value", "REFUND_ANYWAY"))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertDecided(other, "MISSING_PARCEL_DECIDED", "cs", "refund the buyer");
    }

    @Test
    void everyInspectionOutcomeIsOnTheTimelineWithTheInspector() throws Exception {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (String outcome : List.of("ACCEPT", "PARTIAL", "REJECT")) {
            String id = api.create(inspectedHomePickup());
            runJob(id, "Activity_BookPickup");
            outcomes.put(id, outcome);
        }
        outcomes.keySet().forEach(id -> courier().deliver(Courier.pickup(id, 1)));
        for (Map.Entry<String, String> inspection : outcomes.entrySet()) {
            String id = inspection.getKey();
            JsonNode task = api.awaitTask("inspector", id, INSPECT);
            ArrayNode items = inspectionItems(task);
            ObjectNode line = (ObjectNode) items.get(0);
            line.put("condition", "NEW");
            switch (inspection.getValue()) {
                case "PARTIAL" -> line.put("condition", "USED").put("deduction", 10).put("deductionReason", "worn");
                case "REJECT" -> line.put("acceptedQuantity", 0).put("deductionReason", "not our product");
                default -> { }
            }
            assertThat(submit("inspector", task, map(
                    "inspectionItems", map("value", items.toString(), "type", "Json"),
                    "inspectionOutcome", map("value", inspection.getValue()))).getStatusCode())
                    .as(inspection.getValue()).isEqualTo(HttpStatus.NO_CONTENT);
            JsonNode inspected = api.lastEntry(id, "INSPECTED");
            assertThat(inspected.path("actor").asText()).as(inspection.getValue()).isEqualTo("inspector");
            assertThat(inspected.path("detail").asText()).startsWith(inspection.getValue() + ":");
        }
        String rejected = outcomes.keySet().stream().skip(2).findFirst().orElseThrow();
        assertThat(api.lastEntry(rejected, "REJECTED").path("actor").asText()).isEqualTo("inspector");
    }

    // ------------------------------------------------------------------ refunded elsewhere

    @Test
    void aRefundMadeElsewhereIsASucceededRefundInTheLedgerAndTheViewAndIsNeverMadeAgain() {
        Map<String, Object> body = storeDropOff(newOrderId(), "S-SZ-002");
        @SuppressWarnings("unchecked")
        Map<String, Object> payment = (Map<String, Object>) body.get("payment");
        payment.put("chargeId", "ch_refund_fails");
        String id = api.create(body);

        assertThat(api.complete("cs", driveToMissingParcel(id), map("missingParcelDecision", map("value",
                "REFUND_ANYWAY"))).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode failure = driveToTask(id, "cs", RESOLVE_REFUND_FAILURE, "Activity_IssueRefund");
        assertThat(api.getReturn(id).path("refund").path("status").asText()).isEqualTo("FAILED");

        // customer service: a refund elsewhere needs its reference; then tries again, then escalates
        assertRefused(api.complete("cs", failure, map("refundFailureDecision", map("value", "REFUNDED_ELSEWHERE"))),
                "externalRefundReference");
        assertRefused(api.complete("cs", failure, map("refundFailureDecision", map("value", "REFUNDED_ELSEWHERE"),
                "externalRefundReference", map("value", "<img src=x>"))), "externalRefundReference");
        assertThat(api.complete("cs", failure, map("refundFailureDecision", map("value", "RETRY")))
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertDecided(id, "REFUND_FAILURE_DECIDED", "cs", "retry the refund");
        JsonNode again = driveToTask(id, "cs", RESOLVE_REFUND_FAILURE, "Activity_IssueRefund");
        assertThat(api.complete("cs", again, map("refundFailureDecision", map("value", "ESCALATE")))
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertDecided(id, "REFUND_FAILURE_DECIDED", "cs", "escalate to operations");
        assertThat(api.lastEntry(id, "REFUND_ESCALATED").path("actor").asText()).isEqualTo("cs");

        // operations: the buyer was paid by bank transfer
        JsonNode escalated = api.awaitTask("ops", id, RESOLVE_REFUND_FAILURE);
        assertThat(openTaskIds("cs", id)).isEmpty();
        assertThat(api.complete("ops", escalated, map("refundFailureDecision", map("value", "REFUNDED_ELSEWHERE"),
                "externalRefundReference", map("value", "BANK-2026-0042"))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertDecided(id, "REFUND_FAILURE_DECIDED", "ops", "reference BANK-2026-0042");
        JsonNode recorded = api.lastEntry(id, "REFUNDED_ELSEWHERE");
        assertThat(recorded.path("actor").asText()).isEqualTo("ops");
        assertThat(recorded.path("detail").asText()).contains("99.00 CNY").contains("BANK-2026-0042");

        JsonNode view = api.getReturn(id);
        assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
        JsonNode refund = view.path("refund");
        assertThat(refund.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(refund.path("external").asBoolean()).isTrue();
        assertThat(refund.path("reference").asText()).isEqualTo("BANK-2026-0042");
        assertThat(refund.path("refundedAt").isNull()).isFalse();
        assertThat(refund.path("providerRefundId").isNull()).isTrue();
        assertThat(refund.path("amount").asText()).isEqualTo("99.00");

        Map<String, Object> row = jdbc.sql("select * from refunds where return_id = ?").param(id).query().singleRow();
        assertThat(row.get("status")).isEqualTo("SUCCEEDED");
        assertThat(row.get("external_reference")).isEqualTo("BANK-2026-0042");
        assertThat(row.get("recorded_by")).isEqualTo("ops");
        assertThat(row.get("refunded_at")).isNotNull();
        assertThat(row.get("provider_refund_id")).isNull();
        assertThat((BigDecimal) row.get("amount")).isEqualByComparingTo("99.00");

        // never refunded again: not by the refund step, not by a retry
        long requestsBefore = providerRequests(id);
        RefundOrder order = RefundOrder.forReturn(id, "ch_refund_fails", new BigDecimal("99.00"), "CNY");
        for (Refund asked : List.of(refunds.issue(order), refunds.retryAfterFailure(order))) {
            assertThat(asked.status()).isEqualTo(Refund.Status.SUCCEEDED);
            assertThat(asked.externalReference()).isEqualTo("BANK-2026-0042");
        }
        assertThat(providerRequests(id)).isEqualTo(requestsBefore);
        assertThat(jdbc.sql("select count(*) from sandbox_payment_refunds where return_id = ?").param(id)
                .query(Long.class).single()).isZero();

        // the order's refunded total counts it: of 199.00 paid, 100.00 are left for another line
        Map<String, Object> another = storeDropOff((String) body.get("orderId"), "S-SZ-002");
        another.put("payment", payment); // the order's payment, as its first return fixed it
        Map<String, Object> line = item(another, 0);
        line.put("lineId", "L2");
        line.put("sku", "SKU-2");
        line.put("unitPrice", "150.00");
        JsonNode quote = api.as("merchant").postForObject("/api/return-quotes", another, JsonNode.class);
        assertThat(quote.path("refund").path("amount").asText()).isEqualTo("100.00");
    }

    // ------------------------------------------------------------------ journeys

    private JsonNode driveToFailedPickup(String id) {
        return driveToTask(id, "cs", RESOLVE_FAILED_PICKUP, "Activity_BookPickup", "Activity_RebookPickup",
                "Event_CourierDidNotCome");
    }

    /** A drop-off checked in at its store, then overdue at the warehouse. */
    private JsonNode driveToMissingParcel(String id) {
        JsonNode created = api.getReturn(id);
        ResponseEntity<JsonNode> checkedIn = api.as("clerk").postForEntity("/api/stores/"
                        + created.path("dropOff").path("storeId").asText() + "/check-ins",
                map("code", created.path("dropOff").path("code").asText()), JsonNode.class);
        assertThat(checkedIn.getStatusCode()).isEqualTo(HttpStatus.OK);
        return driveToTask(id, "cs", INVESTIGATE_MISSING_PARCEL, "Activity_RefundAtHandOver",
                "Activity_JoinStoreShipment", "Event_ParcelOverdue");
    }

    /** Runs the journey's jobs of these activities, the first due one at a time, until the task is open. */
    private JsonNode driveToTask(String id, String user, String taskKey, String... activities) {
        for (int step = 0; step < 20; step++) {
            JsonNode open = api.openTask(user, id, taskKey);
            if (open != null) {
                return open;
            }
            boolean ran = false;
            for (String activity : activities) {
                if (runJobIfAny(id, activity)) {
                    ran = true;
                    break;
                }
            }
            assertThat(ran).as("a job of " + List.of(activities) + " on the way to " + taskKey + " of " + id
                    + "; jobs: " + jobs(id)).isTrue();
        }
        throw new AssertionError(taskKey + " of " + id + " never opened");
    }

    private Courier courier() {
        return new Courier(sandboxCourier, sandboxOrders, jdbc);
    }

    private void runJob(String id, String activity) {
        assertThat(runJobIfAny(id, activity)).as("a job of " + activity + " for " + id + "; jobs: " + jobs(id))
                .isTrue();
    }

    private boolean runJobIfAny(String id, String activity) {
        Job job = management.createJobQuery().processInstanceId(journey(id)).activityId(activity).singleResult();
        if (job == null) {
            return false;
        }
        management.executeJob(job.getId());
        return true;
    }

    private List<String> jobs(String id) {
        return management.createJobQuery().processInstanceId(journey(id)).list().stream()
                .map(job -> management.createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId())
                        .singleResult().getActivityId()).toList();
    }

    private String journey(String id) {
        ProcessInstance instance = runtime.createProcessInstanceQuery().processDefinitionKey("return-journey")
                .processInstanceBusinessKey(id).singleResult();
        assertThat(instance).as("journey of " + id).isNotNull();
        return instance.getId();
    }

    // ------------------------------------------------------------------ the people's side, over HTTP

    private static Map<String, Object> neverCollected() {
        Map<String, Object> body = homePickup(newOrderId());
        @SuppressWarnings("unchecked")
        Map<String, Object> address = (Map<String, Object>) ((Map<String, Object>) body.get("pickup")).get("address");
        address.put("line", "科技园 1 号 sandbox:no-show-always");
        return body;
    }

    private static Map<String, Object> inspectedHomePickup() {
        Map<String, Object> body = homePickup(newOrderId());
        body.put("reason", "NOT_AS_DESCRIBED");
        return body;
    }

    private void assertDecided(String id, String type, String user, String detail) {
        JsonNode decided = api.lastEntry(id, type);
        assertThat(decided.path("actor").asText()).as(type + " " + detail).isEqualTo(user);
        assertThat(decided.path("detail").asText()).contains(detail);
    }

    private List<String> openTaskIds(String user, String id) {
        return api.as(user).getForObject("/engine-rest/task?processInstanceBusinessKey=" + id, JsonNode.class)
                .findValuesAsText("id");
    }

    private ArrayNode inspectionItems(JsonNode task) throws Exception {
        return (ArrayNode) json.readTree(api.as("inspector").getForObject("/engine-rest/task/" + task.path("id").asText()
                + "/variables/inspectionItems?deserializeValue=false", JsonNode.class).path("value").asText());
    }

    private String firstOfferedWindow(JsonNode task) {
        String offered = api.as("cs").getForObject("/engine-rest/task/" + task.path("id").asText()
                + "/variables/offeredWindows", JsonNode.class).path("value").asText();
        String first = offered.lines().filter(l -> !l.isBlank()).findFirst().orElseThrow();
        return first.contains(" ") ? first.substring(0, first.indexOf(' ')) : first;
    }

    /** {@code POST /engine-rest/task/{id}/submit-form}, as Tasklist submits a Camunda Form. */
    private ResponseEntity<JsonNode> submit(String user, JsonNode task, Map<String, Object> variables) {
        return api.as(user).postForEntity("/engine-rest/task/" + task.path("id").asText() + "/submit-form",
                variables(variables), JsonNode.class);
    }

    private static Map<String, Object> variables(Map<String, Object> variables) {
        return map("variables", variables);
    }

    private static void assertRefused(ResponseEntity<JsonNode> answer, String... fields) {
        assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.valueOf("application/problem+json")))
                .isTrue();
        assertThat(answer.getBody().path("errors").findValuesAsText("field")).containsExactly(fields);
        List<String> messages = answer.getBody().path("errors").findValuesAsText("message");
        assertThat(answer.getBody().path("message").asText()).contains(" • ").doesNotContain("<br>");
        for (String message : messages) {
            assertThat(answer.getBody().path("detail").asText()).contains(message);
        }
    }

    private long providerRequests(String id) {
        return jdbc.sql("select coalesce(sum(attempts), 0) from sandbox_payment_requests where idem_key like ?")
                .param("refund:" + id + "%").query(Long.class).single();
    }
}
