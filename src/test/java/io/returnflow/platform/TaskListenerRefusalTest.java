package io.returnflow.platform;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.support.TasklistSession;
import io.returnflow.support.ProbeDeployments;

/**
 * A decision the check ahead lets through but the task's decision listener refuses, because the facts changed in
 * between (here: the chosen store stops taking drop-offs while the completion runs), is answered by both engine
 * REST APIs as the check ahead answers: 400 problem+json naming the field, the task still open, nothing written,
 * and no error in the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class TaskListenerRefusalTest {

    private static final String PROBE = "task-listener-refusal-probe";
    private static final String FAILED_PICKUP = TaskHolderSubmissionsTest.FAILED_PICKUP;
    private static final String STORE = "S-SZ-001";
    /** The state change between the check ahead and the listener: the store closes as the completion runs. */
    private static final String STORE_CLOSES = "${jdbcTemplate.update(\"update stores set active = false where id = '"
            + STORE + "'\")}";
    /** What a person's refused decision must never leave in the log. */
    private static final List<String> ERRORS_OF_A_REFUSAL = List.of("ENGINE-03051", "ENGINE-16004",
            "ENGINE-REST-HTTP500", "TaskDecisionRefused", "ERROR");
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
    JdbcTemplate jdbc;

    @RegisterExtension
    final ProbeDeployments probes = new ProbeDeployments();
    private String returnId;
    private String instance;

    @BeforeEach
    void aFailedPickupToResolve() {
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant")
                .postForEntity("/api/returns", homePickup(newOrderId()), JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        returnId = created.getBody().path("id").asText();
        probes.deploy(PROBE + ".bpmn", probe());
        instance = runtimeService.startProcessInstanceByKey(PROBE, Map.of("returnId", returnId)).getId();
    }

    @AfterEach
    void removeProbe() {
        jdbc.update("update stores set active = true where id = ?", STORE);
    }

    /** "Resolve failed pickup" with its real listeners, and the store closing just before its decision listener. */
    private static BpmnModelInstance probe() {
        return Bpmn.createExecutableProcess(PROBE).camundaHistoryTimeToLive(1).startEvent()
                .userTask(FAILED_PICKUP).name("Resolve failed pickup").camundaCandidateGroups(Roles.CUSTOMER_SERVICE)
                .camundaTaskListenerDelegateExpression("create", "${prepareTaskFacts}")
                .camundaTaskListenerExpression("complete", STORE_CLOSES)
                .camundaTaskListenerDelegateExpression("complete", "${resolveFailedPickupDecided}")
                .endEvent().done();
    }

    @Test
    void aRefusalOfTheDecisionListenerIsTheCheckAheadsProblemOnBothEngineApis(CapturedOutput output)
            throws Exception {
        Task task = taskService.createTaskQuery().processInstanceId(instance).singleResult();
        String body = JSON.writeValueAsString(map("variables", map(
                "failedPickupDecision", map("value", "SWITCH_TO_DROP_OFF"), "dropOffStoreId", map("value", STORE))));
        assertThat(storeActive()).as("the decision passes the check ahead").isTrue();
        int eventsBefore = events();
        int logBefore = output.getOut().length();

        List<String> routes = new ArrayList<>();
        for (String action : List.of("/complete", "/submit-form")) {
            String path = "/task/" + task.getId() + action;
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            ResponseEntity<String> viaRest = rest.withBasicAuth("cs", "cs")
                    .postForEntity("/engine-rest" + path, new HttpEntity<>(body, headers), String.class);
            expectRefusal("/engine-rest" + path, viaRest.getStatusCode().value(),
                    String.valueOf(viaRest.getHeaders().getContentType()), viaRest.getBody());
            HttpResponse<String> viaTasklist = TasklistSession.login(port, "cs").engine("POST", path, body);
            expectRefusal(TasklistSession.ENGINE + path, viaTasklist.statusCode(),
                    viaTasklist.headers().firstValue("Content-Type").orElse(""), viaTasklist.body());
            routes.add(path);
        }

        assertThat(routes).hasSize(2);
        assertThat(taskService.createTaskQuery().taskId(task.getId()).count()).as("still open").isEqualTo(1);
        assertThat(storeActive()).as("the store's closing rolled back with the completion").isTrue();
        assertThat(runtimeService.getVariables(instance)).doesNotContainKeys("decidedBy", "failedPickupDecision",
                "dropOffStoreId");
        assertThat(events()).as("nothing on the return's timeline").isEqualTo(eventsBefore);
        assertThat(output.getOut().substring(logBefore)).doesNotContain(ERRORS_OF_A_REFUSAL);
    }

    private static void expectRefusal(String route, int status, String contentType, String body) throws Exception {
        assertThat(status).as(route + " " + body).isEqualTo(400);
        assertThat(contentType).as(route).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("type").asText()).as(route)
                .isEqualTo(ApiProblem.TYPE_BASE + TaskSubmissionCheck.PROBLEM_TYPE);
        assertThat(problem.path("errors").findValuesAsText("field")).as(route).containsExactly("dropOffStoreId");
        assertThat(problem.path("message").asText()).as(route).contains("not a drop-off store")
                .doesNotContain("ENGINE-");
    }

    private boolean storeActive() {
        return Boolean.TRUE.equals(jdbc.queryForObject("select active from stores where id = ?", Boolean.class,
                STORE));
    }

    private int events() {
        return jdbc.queryForObject("select count(*) from return_events where return_id = ?", Integer.class, returnId);
    }
}
