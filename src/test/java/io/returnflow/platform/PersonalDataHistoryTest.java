package io.returnflow.platform;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.returnflow.journey.TaskFacts;
import io.returnflow.returns.ReturnTimeline;
import io.returnflow.support.TasklistSession;
import io.returnflow.support.ProbeDeployments;

/**
 * The buyer's data shown on the user tasks (name, phone, address) stay out of the engine's history: each task is
 * created with its facts, opened in Tasklist and completed as Tasklist completes it (the form's read-only facts
 * sent back), and no ACT_HI_* table of the real engine holds the buyer's phone, address or name, nor the phone of a
 * courier that a carrier's tracking line names.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("test")
class PersonalDataHistoryTest {

    // as support/ReturnRequests gives them
    private static final String PHONE = "13800000000";
    private static final String ADDRESS_LINE = "科技园 1 号";
    private static final String NAME = "张三";
    /** The courier's phone, as a carrier's trace line (Kdniao's AcceptStation) names it. */
    private static final String COURIER_PHONE = "13912345678";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    TaskService taskService;
    @Autowired
    HistoryService historyService;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    HistoryProperties history;
    @Autowired
    ReturnTimeline timeline;

    @RegisterExtension
    final ProbeDeployments probes = new ProbeDeployments();

    @Test
    void theSettingNamesEveryFactTaskFactsMarksAsPersonalData() {
        assertThat(history.personalData()).containsAll(TaskFacts.PERSONAL_DATA);
    }

    @Test
    void noHistoryTableHoldsTheBuyersPhoneAddressOrNameAfterTheTasksWereShownAndCompleted() throws Exception {
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/returns",
                homePickup(newOrderId()), JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String returnId = created.getBody().path("id").asText();
        // the carrier's tracking, as it records a trace line
        timeline.record(returnId, "TRACKING_COLLECTED", "【深圳市】快递员 李师傅 电话 " + COURIER_PHONE + " 已揽件",
                "carrier");
        probes.deploy("task-holder-probe.bpmn", TaskHolderSubmissionsTest.probe());
        String instance = runtimeService.startProcessInstanceByKey("task-holder-probe",
                Map.of("returnId", returnId)).getId();

        Map<String, Map<String, Object>> decisions = new LinkedHashMap<>();
        decisions.put(TaskHolderSubmissionsTest.FAILED_PICKUP, Map.of("failedPickupDecision", "CANCEL",
                "cancelReason", "The buyer keeps it"));
        decisions.put(TaskHolderSubmissionsTest.MISSING_PARCEL, Map.of("missingParcelDecision", "REFUND_ANYWAY"));
        decisions.put(TaskHolderSubmissionsTest.REFUND_FAILURE, Map.of("refundFailureDecision", "RETRY"));
        TasklistSession cs = TasklistSession.login(port, "cs");
        for (Map.Entry<String, Map<String, Object>> decision : decisions.entrySet()) {
            Task task = taskService.createTaskQuery().processInstanceId(instance)
                    .taskDefinitionKey(decision.getKey()).singleResult();
            // the form shows the buyer: Tasklist reads the task's variables
            JsonNode shown = JSON.readTree(cs.engine("GET", "/task/" + task.getId() + "/form-variables", null).body());
            assertThat(shown.path("addressSummary").path("value").asText()).as(decision.getKey())
                    .contains(NAME, PHONE, ADDRESS_LINE);
            assertThat(shown.path("customerName").path("value").asText()).isEqualTo(NAME);
            assertThat(shown.path("trackingSummary").path("value").asText()).contains(COURIER_PHONE);
            // and sends the read-only facts back with the decision
            Map<String, Object> submitted = new LinkedHashMap<>();
            shown.fields().forEachRemaining(field -> submitted.put(field.getKey(),
                    map("value", field.getValue().path("value").asText())));
            decision.getValue().forEach((name, value) -> submitted.put(name, map("value", value)));
            assertThat(cs.engine("POST", "/task/" + task.getId() + "/claim", JSON.writeValueAsString(
                    map("userId", "cs"))).statusCode()).isEqualTo(204);
            HttpResponse<String> done = cs.engine("POST", "/task/" + task.getId() + "/submit-form",
                    JSON.writeValueAsString(map("variables", submitted)));
            assertThat(done.statusCode()).as(decision.getKey() + " " + done.body()).isEqualTo(204);
        }
        assertThat(historyService.createHistoricTaskInstanceQuery().processInstanceId(instance).finished().count())
                .isEqualTo(3);

        for (String personal : List.of(PHONE, ADDRESS_LINE, NAME, COURIER_PHONE)) {
            assertThat(historyRowsHolding(personal)).as(personal).isEmpty();
        }
    }

    /** "table.column: n" for every text column of the engine's history tables that holds the text. */
    private List<String> historyRowsHolding(String text) {
        List<Map<String, Object>> columns = jdbc.sql("select table_name, column_name from information_schema.columns"
                + " where table_name like 'ACT_HI_%' and data_type in ('CHARACTER VARYING', 'CHARACTER LARGE OBJECT')")
                .query().listOfRows();
        assertThat(columns).as("the history's text columns").isNotEmpty();
        List<String> found = new ArrayList<>();
        for (Map<String, Object> column : columns) {
            String table = column.get("TABLE_NAME").toString();
            String name = column.get("COLUMN_NAME").toString();
            long rows = jdbc.sql("select count(*) from " + table + " where " + name + " like ?")
                    .param("%" + text + "%").query(Long.class).single();
            if (rows > 0) {
                found.add(table + "." + name + ": " + rows);
            }
        }
        return found;
    }
}
