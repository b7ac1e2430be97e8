package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.support.ProbeDeployments;

/**
 * Requests that Camunda's engine REST API and webapps' API answered with a 500 are refused in Camunda's own
 * format, with the 4xx of what is wrong; what Camunda answers well is left to it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class CamundaRequestCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map.Entry<String, String> ADMIN = Map.entry("Authorization",
            "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.US_ASCII)));
    private static final Map.Entry<String, String> JSON_BODY = Map.entry("Content-Type", "application/json");

    private static final String PROBE = "camunda-request-check-probe";

    @LocalServerPort
    int port;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    TaskService taskService;

    @RegisterExtension
    final ProbeDeployments probes = new ProbeDeployments();

    record Case(String name, String method, String target, List<Map.Entry<String, String>> headers, String body,
                int status) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> refused() {
        String deep = "{\"a\":".repeat(1001) + "1" + "}".repeat(1001);
        return Stream.of(
                new Case("negative maxResults", "GET", "/engine-rest/task?maxResults=-1", List.of(ADMIN), null, 400),
                new Case("negative maxResults of a Cockpit plugin", "GET",
                        "/camunda/api/cockpit/plugin/base/default/incident?maxResults=-1", List.of(), null, 400),
                new Case("firstResult that is no number", "GET", "/engine-rest/process-instance?firstResult=1e3",
                        List.of(ADMIN), null, 400),
                new Case("JSON nested deeper than Jackson reads", "POST", "/engine-rest/task",
                        List.of(ADMIN, JSON_BODY), deep, 400),
                new Case("number longer than Jackson reads", "POST", "/engine-rest/task",
                        List.of(ADMIN, JSON_BODY), "{\"maxPriority\":" + "9".repeat(1001) + "}", 400),
                new Case("blank Cockpit plugin query", "POST",
                        "/camunda/api/cockpit/plugin/base/default/process-instance", List.of(JSON_BODY), " ", 400),
                new Case("empty engine query", "POST", "/engine-rest/task", List.of(ADMIN, JSON_BODY), "", 400),
                new Case("null engine query", "POST", "/engine-rest/task", List.of(ADMIN, JSON_BODY), " null ", 400),
                new Case("Cockpit plugin query without a body", "POST",
                        "/camunda/api/cockpit/plugin/base/default/incident", List.of(), null, 400),
                new Case("login that is not a form", "POST", "/camunda/api/admin/auth/user/default/login/cockpit",
                        List.of(JSON_BODY), "{}", 415),
                new Case("webapp resource asked for XML", "GET", "/camunda/api/admin/auth/user/default",
                        List.of(Map.entry("Accept", "application/xml")), null, 406));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void answersCamundasFormatWithTheClientError(Case wrong) throws IOException {
        RawHttp.Answer answer = RawHttp.send(port, wrong.method, wrong.target, wrong.headers,
                wrong.body == null ? null : wrong.body.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).as(answer.text()).isEqualTo(wrong.status);
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode error = JSON.readTree(answer.body());
        assertThat(error.path("type").asText()).isEqualTo("InvalidRequestException");
        assertThat(error.path("message").asText()).isNotBlank();
    }

    static Stream<Case> aboutTheRequest() {
        return Stream.of(
                new Case("completing a task that does not exist", "POST", "/engine-rest/task/NOSUCH-1/complete",
                        List.of(ADMIN, JSON_BODY), "{\"variables\":{}}", 404),
                new Case("claiming a task that does not exist", "POST", "/engine-rest/task/NOSUCH-1/claim",
                        List.of(ADMIN, JSON_BODY), "{\"userId\":\"x\"}", 404),
                new Case("a variable of an instance that does not exist", "GET",
                        "/engine-rest/process-instance/NOSUCH-1/variables", List.of(ADMIN), null, 404),
                new Case("modifying an instance that does not exist", "POST",
                        "/engine-rest/process-instance/NOSUCH-1/modification", List.of(ADMIN, JSON_BODY),
                        "{\"instructions\":[{\"type\":\"cancel\",\"activityId\":\"a\"}]}", 404),
                new Case("a query without a body", "POST", "/engine-rest/history/activity-instance", List.of(ADMIN),
                        null, 400),
                // endpoints that read no body, sent a JSON Content-Type and an empty body: only the id is wrong
                new Case("executing a job that does not exist", "POST", "/engine-rest/job/NOSUCH-1/execute",
                        List.of(ADMIN, JSON_BODY), "", 404),
                new Case("unlocking an external task that does not exist", "POST",
                        "/engine-rest/external-task/NOSUCH-1/unlock", List.of(ADMIN, JSON_BODY), "null", 404));
    }

    /** Camunda's own answer, in its format, with the status of what is wrong instead of its 500. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("aboutTheRequest")
    void answersTheClientErrorOfCamundasServerError(Case wrong) throws IOException {
        RawHttp.Answer answer = RawHttp.send(port, wrong.method, wrong.target, wrong.headers,
                wrong.body == null ? null : wrong.body.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).as(answer.text()).isEqualTo(wrong.status);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(JSON.readTree(answer.body()).path("message").asText()).isNotBlank();
    }

    @Test
    void leavesWellFormedRequestsToCamunda() throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(ADMIN, JSON_BODY));
        RawHttp.Answer query = RawHttp.send(port, "POST", "/engine-rest/task?firstResult=0&maxResults=5", headers,
                "{\"assignee\":\"[not a bracket}\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(query.status()).as(query.text()).isEqualTo(200);
        assertThat(JSON.readTree(query.body()).isArray()).isTrue();

        RawHttp.Answer login = RawHttp.send(port, "POST", "/camunda/api/admin/auth/user/default/login/cockpit",
                List.of(Map.entry("Content-Type", "application/x-www-form-urlencoded")),
                "username=admin&password=wrong".getBytes(StandardCharsets.US_ASCII));
        assertThat(login.status()).as("Camunda's own answer to a wrong password, not ours").isNotEqualTo(415);
    }

    @Test
    void readsTheConstraintsOutsideTheJsonsStrings() {
        String deepString = "{\"a\":\"" + "[".repeat(2000) + "\\\"" + "9".repeat(2000) + "\"}";
        assertThat(CamundaRequestCheck.beyondReadConstraints(deepString.getBytes(StandardCharsets.UTF_8))).isNull();
        String deepest = "[".repeat(1000) + "1.5e-7" + "]".repeat(1000);
        assertThat(CamundaRequestCheck.beyondReadConstraints(deepest.getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(CamundaRequestCheck.beyondReadConstraints(("[" + deepest + "]").getBytes(StandardCharsets.UTF_8)))
                .contains("nested deeper");
        assertThat(CamundaRequestCheck.beyondReadConstraints(("{\"a\":" + "9".repeat(1001) + "}")
                .getBytes(StandardCharsets.UTF_8))).contains("number longer");
    }

    /**
     * A failure of the step a completion runs synchronously is the server's, whatever its message or type says
     * ("does not exist", Camunda's own {@code NullValueException}): a 500, and the completion is rolled back, the
     * task still open.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("failingNextSteps")
    void leavesTheFailureOfTheNextStepOfACompletionA500(Class<? extends JavaDelegate> nextStep) throws IOException {
        String taskId = openTask(nextStep);

        RawHttp.Answer answer = RawHttp.send(port, "POST", "/engine-rest/task/" + taskId + "/complete",
                List.of(ADMIN, JSON_BODY), "{\"variables\":{}}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).as(answer.text()).isEqualTo(500);
        assertThat(JSON.readTree(answer.body()).path("message").asText()).contains("GONE");
        assertThat(taskService.createTaskQuery().taskId(taskId).count()).as("rolled back").isEqualTo(1);
    }

    static Stream<Class<? extends JavaDelegate>> failingNextSteps() {
        return Stream.of(ReturnGone.class, StoreGone.class);
    }

    /** A step whose return is gone from the database, as the return repository says it. */
    public static class ReturnGone implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            throw new IllegalStateException("Return R-GONE does not exist");
        }
    }

    /** A step that asks the engine about something gone. */
    public static class StoreGone implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            throw new NullValueException("Cannot find store S-GONE: store is null");
        }
    }

    /**
     * An endpoint that reads no body takes a JSON Content-Type with an empty or {@code null} body, as HTTP clients
     * send it by default, like no body at all.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "null"})
    void takesAnEmptyJsonBodyWhereNoBodyIsRead(String body) throws IOException {
        String taskId = openTask(ReturnGone.class);
        taskService.claim(taskId, "admin");

        RawHttp.Answer answer = RawHttp.send(port, "POST", "/engine-rest/task/" + taskId + "/unclaim",
                List.of(ADMIN, JSON_BODY), body.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).as(answer.text()).isEqualTo(204);
        assertThat(taskService.createTaskQuery().taskId(taskId).singleResult().getAssignee()).isNull();
    }

    /** A JSON body is read into memory whole: one larger than configured is refused before it is read. */
    @Test
    void refusesAJsonBodyLargerThanConfigured() throws IOException {
        RawHttp.Answer answer = RawHttp.send(port, "POST", "/engine-rest/task",
                List.of(ADMIN, JSON_BODY, Map.entry("Content-Length", "6000000")), "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).as(answer.text()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(JSON.readTree(answer.body()).path("type").asText()).isEqualTo("InvalidRequestException");
    }

    /** An open task whose completion runs the given step synchronously. */
    private String openTask(Class<? extends JavaDelegate> nextStep) {
        BpmnModelInstance probe = Bpmn.createExecutableProcess(PROBE).camundaHistoryTimeToLive(1).startEvent()
                .userTask("Activity_Probe").name("Probe")
                .serviceTask("Activity_NextStep").name("Next step").camundaClass(nextStep.getName())
                .endEvent().done();
        probes.deploy(PROBE + ".bpmn", probe);
        String instance = runtimeService.startProcessInstanceByKey(PROBE).getId();
        return taskService.createTaskQuery().processInstanceId(instance).singleResult().getId();
    }
}
