package io.returnflow.platform;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.returnflow.support.TasklistSession;
import io.returnflow.support.ProbeDeployments;

/**
 * What the holder of a user task (customer service, an inspector) may send the engine, through the engine REST
 * API ({@code /engine-rest}) and the one Tasklist calls ({@code /camunda/api/engine}): the task's decision, and
 * nothing else. A decision the task's rules refuse is a 400 problem carrying the message Tasklist shows, never a
 * 500 or an error in the log; a variable that is not one of the form's inputs is refused on completion; and the
 * routes that write variables outside a completion (the task's, the journey's, an execution's) are denied.
 *
 * <p>The four user tasks of the return journey are probed by their BPMN ids and their real listeners, in a
 * small process of their own about a return created through the API, so that each is open at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class TaskHolderSubmissionsTest {

    private static final String PROBE = "task-holder-probe";
    static final String FAILED_PICKUP = "Activity_ResolveFailedPickup";
    static final String MISSING_PARCEL = "Activity_InvestigateMissingParcel";
    static final String REFUND_FAILURE = "Activity_ResolveRefundFailure";
    static final String INSPECT = "Activity_InspectReturnedItems";
    /** What a person's refused decision must never leave in the log. */
    private static final List<String> ERRORS_OF_A_REFUSAL = List.of("ENGINE-03051", "ENGINE-16004",
            "ENGINE-REST-HTTP500", "TaskDecisionRefused", "InvalidInspection");
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
    AuthorizationService authorizationService;
    @Autowired
    IdentitySetup identitySetup;

    @RegisterExtension
    final ProbeDeployments probes = new ProbeDeployments();
    private String instance;

    @BeforeEach
    void theFourTasksOfOneReturn() {
        ResponseEntity<JsonNode> created = as("merchant").postForEntity("/api/returns", homePickup(newOrderId()),
                JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String returnId = created.getBody().path("id").asText();
        probes.deploy(PROBE + ".bpmn", probe());
        instance = runtimeService.startProcessInstanceByKey(PROBE, Map.of("returnId", returnId)).getId();
    }

    /** The journey's four user tasks, side by side, with their groups and listeners as in the journey. */
    static BpmnModelInstance probe() {
        var fork = Bpmn.createExecutableProcess(PROBE).camundaHistoryTimeToLive(1).startEvent().parallelGateway("Fork");
        exceptionTask(fork, FAILED_PICKUP, "Resolve failed pickup", "resolveFailedPickupDecided");
        exceptionTask(fork.moveToNode("Fork"), MISSING_PARCEL, "Investigate missing parcel",
                "investigateMissingParcelDecided");
        exceptionTask(fork.moveToNode("Fork"), REFUND_FAILURE, "Resolve refund failure", "resolveRefundFailureDecided");
        return fork.moveToNode("Fork").userTask(INSPECT).name("Inspect returned items")
                .camundaCandidateGroups(Roles.WAREHOUSE)
                .camundaTaskListenerDelegateExpression("create", "${prepareTaskFacts}")
                .camundaTaskListenerDelegateExpression("create", "${prepareInspection}")
                .camundaTaskListenerDelegateExpression("complete", "${validateInspection}")
                .endEvent().done();
    }

    /**
     * A task no diagram holds (operations' model reconciliation is one) has no decision rules: its holder completes
     * it with variables through either engine API, and the check ahead of the engine lets it through.
     */
    @Test
    void aStandaloneTaskIsCompletedWithoutRules() throws Exception {
        String body = variables(Map.of("note", "done"));
        for (boolean viaTasklist : List.of(false, true)) {
            org.camunda.bpm.engine.task.Task standalone = taskService.newTask();
            standalone.setName("Reconcile a model");
            standalone.setAssignee("ops");
            taskService.saveTask(standalone);
            String path = "/task/" + standalone.getId() + "/complete";
            int status;
            String answer;
            if (viaTasklist) {
                var completed = io.returnflow.support.TasklistSession.login(port, "ops").engine("POST", path, body);
                status = completed.statusCode();
                answer = completed.body();
            } else {
                org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
                headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
                ResponseEntity<String> completed = as("ops").exchange("/engine-rest" + path, HttpMethod.POST,
                        new org.springframework.http.HttpEntity<>(body, headers), String.class);
                status = completed.getStatusCode().value();
                answer = completed.getBody();
            }
            assertThat(status).as((viaTasklist ? "Tasklist: " : "engine REST: ") + answer).isEqualTo(204);
            assertThat(taskService.createTaskQuery().taskId(standalone.getId()).singleResult()).isNull();
        }
    }

    private static void exceptionTask(AbstractFlowNodeBuilder<?, ?> from, String id, String name, String decided) {
        from.userTask(id).name(name).camundaCandidateGroups(Roles.CUSTOMER_SERVICE)
                .camundaTaskListenerDelegateExpression("create", "${prepareTaskFacts}")
                .camundaTaskListenerDelegateExpression("complete", "${" + decided + "}")
                .camundaTaskListenerDelegateExpression("delete", "${" + decided + "}")
                .endEvent();
    }

    TestRestTemplate as(String user) {
        return rest.withBasicAuth(user, user);
    }

    String task(String key) {
        Task task = taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKey(key).singleResult();
        assertThat(task).as(key + " open").isNotNull();
        return task.getId();
    }

    static String variables(Map<String, Object> values) throws Exception {
        Map<String, Object> variables = new java.util.LinkedHashMap<>();
        values.forEach((name, value) -> variables.put(name, map("value", value)));
        return JSON.writeValueAsString(map("variables", variables));
    }

    /** The same call through {@code /engine-rest} (Basic) and through Tasklist's engine API (session, CSRF). */
    record Answer(String route, int status, String contentType, String body) {
    }

    List<Answer> bothApis(String user, String method, String path, String json) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> viaRest = as(user).exchange("/engine-rest" + path, HttpMethod.valueOf(method),
                new HttpEntity<>(json, headers), String.class);
        HttpResponse<String> viaTasklist = TasklistSession.login(port, user).engine(method, path, json);
        return List.of(
                new Answer("/engine-rest" + path, viaRest.getStatusCode().value(),
                        String.valueOf(viaRest.getHeaders().getContentType()), viaRest.getBody()),
                new Answer(TasklistSession.ENGINE + path, viaTasklist.statusCode(),
                        viaTasklist.headers().firstValue("Content-Type").orElse(""), viaTasklist.body()));
    }

    // ------------------------------------------------------------------ refusals are 400s Tasklist shows

    @Test
    void everyUserTasksRefusalIsA400WithItsMessageThroughBothEngineApis(CapturedOutput output) throws Exception {
        Map<String, List<Object>> refused = Map.of(
                FAILED_PICKUP, List.of("cs", Map.of("failedPickupDecision", "SHRUG"), "failedPickupDecision",
                        "Choose a decision"),
                MISSING_PARCEL, List.of("cs", Map.of("missingParcelDecision", "KEEP_WAITING",
                        "waitUntil", "2020-01-01T10:00+08:00"), "waitUntil", "Wait until a time in the future"),
                REFUND_FAILURE, List.of("cs", Map.of("refundFailureDecision", "REFUNDED_ELSEWHERE",
                        "externalRefundReference", "<b"), "externalRefundReference", "3 to 64 characters"),
                INSPECT, List.of("inspector", Map.of("inspectionOutcome", "SHRUG"), "inspectionOutcome",
                        "The inspection cannot be accepted"));
        int logBefore = output.getOut().length();

        for (Map.Entry<String, List<Object>> probe : refused.entrySet()) {
            String task = task(probe.getKey());
            String user = (String) probe.getValue().get(0);
            @SuppressWarnings("unchecked")
            String body = variables((Map<String, Object>) probe.getValue().get(1));
            for (String action : List.of("/complete", "/submit-form")) {
                for (Answer answer : bothApis(user, "POST", "/task/" + task + action, body)) {
                    assertThat(answer.status()).as(probe.getKey() + " " + answer).isEqualTo(400);
                    assertThat(answer.contentType()).as(answer.route()).startsWith("application/problem+json");
                    JsonNode problem = JSON.readTree(answer.body());
                    assertThat(problem.path("errors").findValuesAsText("field")).as(answer.route())
                            .contains((String) probe.getValue().get(2));
                    // what Tasklist shows next to the form
                    assertThat(problem.path("message").asText()).as(answer.route())
                            .contains((String) probe.getValue().get(3)).doesNotContain("ENGINE-");
                }
            }
            assertThat(taskService.createTaskQuery().taskId(task).count()).as(probe.getKey() + " still open")
                    .isEqualTo(1);
        }
        assertThat(output.getOut().substring(logBefore)).doesNotContain(ERRORS_OF_A_REFUSAL);
    }

    // ------------------------------------------------------------------ no variable but the decision

    @Test
    void onCompletionOnlyTheFormsInputsAreTaken() throws Exception {
        String task = task(FAILED_PICKUP);
        Map<String, Object> values = new java.util.HashMap<>(Map.of("failedPickupDecision", "CANCEL",
                "cancelReason", "The buyer keeps it", "refundAmount", 0, "freightPayer", "MERCHANT"));
        // even empty, a variable the journey does not have is a new one
        values.put("refundEscalated", null);
        String body = variables(values);
        for (String action : List.of("/complete", "/submit-form")) {
            for (Answer answer : bothApis("cs", "POST", "/task/" + task + action, body)) {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
                assertThat(JSON.readTree(answer.body()).path("errors").findValuesAsText("field")).as(answer.route())
                        .containsExactlyInAnyOrder("refundAmount", "freightPayer", "refundEscalated");
            }
        }
        assertThat(runtimeService.getVariables(instance)).doesNotContainKeys("refundAmount", "freightPayer",
                "refundEscalated");
    }

    @Test
    void resolvingADelegatedTaskTakesTheSameRulesAsCompletingIt() throws Exception {
        String task = task(FAILED_PICKUP);
        // delegated by its owner: the delegate resolves it with the right to work it
        taskService.setOwner(task, "ops");
        taskService.delegateTask(task, "cs");
        Map<String, Object> values = new java.util.HashMap<>(Map.of("failedPickupDecision", "CANCEL",
                "cancelReason", "The buyer keeps it", "refundAmount", 0));
        values.put("refundEscalated", null);
        for (Answer answer : bothApis("cs", "POST", "/task/" + task + "/resolve", variables(values))) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.contentType()).as(answer.route()).startsWith("application/problem+json");
            assertThat(JSON.readTree(answer.body()).path("errors").findValuesAsText("field")).as(answer.route())
                    .containsExactlyInAnyOrder("refundAmount", "refundEscalated");
        }
        for (Answer answer : bothApis("cs", "POST", "/task/" + task + "/resolve",
                variables(Map.of("failedPickupDecision", "SHRUG")))) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).path("errors").findValuesAsText("field")).as(answer.route())
                    .contains("failedPickupDecision");
        }
        assertThat(runtimeService.getVariables(instance)).doesNotContainKeys("refundAmount", "refundEscalated",
                "failedPickupDecision");

        HttpResponse<String> resolved = TasklistSession.login(port, "cs").engine("POST", "/task/" + task + "/resolve",
                variables(Map.of("failedPickupDecision", "CANCEL", "cancelReason", "The buyer keeps it")));
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(204);
        assertThat(taskService.createTaskQuery().taskId(task).singleResult().getAssignee()).isEqualTo("ops");
    }

    @Test
    void aBpmnErrorOrEscalationFromATaskCarriesNoVariableOfItsHolder() throws Exception {
        String task = task(MISSING_PARCEL);
        String error = JSON.writeValueAsString(map("errorCode", "PARCEL_FOUND", "variables",
                map("refundAmount", map("value", 0))));
        String escalation = JSON.writeValueAsString(map("escalationCode", "PARCEL_FOUND", "variables",
                map("refundAmount", map("value", 0))));
        List<Answer> answers = new ArrayList<>();
        answers.addAll(bothApis("cs", "POST", "/task/" + task + "/bpmnError", error));
        answers.addAll(bothApis("cs", "POST", "/task/" + task + "/bpmnEscalation", escalation));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).path("errors").findValuesAsText("field")).as(answer.route())
                    .containsExactly("refundAmount");
        });
        assertThat(runtimeService.getVariables(instance)).doesNotContainKey("refundAmount");
        assertThat(taskService.createTaskQuery().taskId(task).count()).isEqualTo(1);
    }

    @Test
    void aTaskHolderWritesNoVariableOutsideTheDecision() throws Exception {
        for (Map.Entry<String, String> holder : Map.of(FAILED_PICKUP, "cs", INSPECT, "inspector").entrySet()) {
            String task = task(holder.getKey());
            String user = holder.getValue();
            Task open = taskService.createTaskQuery().taskId(task).singleResult();
            String one = JSON.writeValueAsString(map("value", 0));
            String modifications = JSON.writeValueAsString(map("modifications", map("refundAmount", map("value", 0))));
            List<Answer> answers = new ArrayList<>();
            answers.addAll(bothApis(user, "PUT", "/task/" + task + "/variables/refundAmount", one));
            answers.addAll(bothApis(user, "POST", "/task/" + task + "/variables", modifications));
            answers.addAll(bothApis(user, "DELETE", "/task/" + task + "/variables/returnId", null));
            answers.addAll(bothApis(user, "PUT", "/task/" + task + "/localVariables/refundAmount", one));
            answers.addAll(bothApis(user, "POST", "/task/" + task + "/localVariables", modifications));
            answers.addAll(bothApis(user, "DELETE", "/task/" + task + "/localVariables/returnId", null));
            answers.addAll(bothApis(user, "PUT", "/process-instance/" + instance + "/variables/refundAmount", one));
            answers.addAll(bothApis(user, "POST", "/process-instance/" + instance + "/variables", modifications));
            answers.addAll(bothApis(user, "PUT", "/execution/" + open.getExecutionId()
                    + "/localVariables/refundAmount", one));
            answers.addAll(bothApis(user, "POST", "/execution/" + open.getExecutionId() + "/localVariables",
                    modifications));

            assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(user + " " + answer)
                    .isIn(403, 404));
            assertThat(answers).filteredOn(answer -> answer.route().contains("/task/"))
                    .allSatisfy(answer -> assertThat(answer.status()).as(user + " " + answer).isEqualTo(403));
            assertThat(runtimeService.getVariables(instance)).as(user).doesNotContainKey("refundAmount")
                    .containsKey("returnId");
            assertThat(taskService.getVariablesLocal(task)).as(user).doesNotContainKey("refundAmount");
        }
    }

    @Test
    void theHolderStillClaimsAndDecidesInTasklist() throws Exception {
        String task = task(FAILED_PICKUP);
        TasklistSession tasklist = TasklistSession.login(port, "cs");

        assertThat(tasklist.engine("POST", "/task/" + task + "/claim", JSON.writeValueAsString(map("userId", "cs")))
                .statusCode()).isEqualTo(204);
        assertThat(tasklist.engine("POST", "/task/" + task + "/unclaim", null).statusCode()).isEqualTo(204);
        assertThat(tasklist.engine("POST", "/task/" + task + "/claim", JSON.writeValueAsString(map("userId", "cs")))
                .statusCode()).isEqualTo(204);
        HttpResponse<String> decided = tasklist.engine("POST", "/task/" + task + "/submit-form",
                variables(Map.of("failedPickupDecision", "CANCEL", "cancelReason", "The buyer keeps it")));

        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(204);
        assertThat(taskService.createTaskQuery().taskId(task).count()).isZero();
    }

    @Test
    void aTaskGrantAnEarlierReleaseCreatedWithUpdateNoLongerWritesVariablesAfterAStart() throws Exception {
        String task = task(MISSING_PARCEL);
        // as the engine granted it before: READ and UPDATE
        Authorization old = authorizationService.createAuthorizationQuery().resourceType(Resources.TASK)
                .resourceId(task).groupIdIn(Roles.CUSTOMER_SERVICE).singleResult();
        old.removePermission(TaskPermissions.TASK_WORK);
        old.removePermission(TaskPermissions.TASK_ASSIGN);
        old.addPermission(Permissions.UPDATE);
        authorizationService.saveAuthorization(old);
        assertThat(as("cs").exchange("/engine-rest/task/" + task + "/localVariables/x", HttpMethod.PUT,
                new HttpEntity<>(Map.of("value", 1)), String.class).getStatusCode().value()).isEqualTo(204);
        taskService.removeVariableLocal(task, "x");

        identitySetup.run(null);

        Authorization now = authorizationService.createAuthorizationQuery().resourceType(Resources.TASK)
                .resourceId(task).groupIdIn(Roles.CUSTOMER_SERVICE).singleResult();
        assertThat(now.isPermissionGranted(Permissions.UPDATE)).isFalse();
        assertThat(now.isPermissionGranted(TaskPermissions.TASK_WORK)).isTrue();
        assertThat(now.isPermissionGranted(TaskPermissions.TASK_ASSIGN)).isTrue();
        assertThat(now.isPermissionGranted(Permissions.READ)).isTrue();
        assertThat(as("cs").exchange("/engine-rest/task/" + task + "/localVariables/x", HttpMethod.PUT,
                new HttpEntity<>(Map.of("value", 1)), String.class).getStatusCode().value()).isEqualTo(403);
    }
}
