package io.returnflow.platform;

import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.BatchPermissions;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.support.Eventually;
import io.returnflow.support.ProbeDeployments;

/**
 * What operations do in Cockpit, asked through the engine REST API as the demo user {@code ops} (Cockpit
 * sends the same requests to the same engine): the dashboard's counts of open human tasks, retrying failed
 * jobs in bulk (a batch), and an incident that names its return.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class OperationsCockpitTest {

    /** The longest the asynchronous work may take; waits end as soon as it is done. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PROBE = "operations-cockpit-probe";

    @Autowired
    TestRestTemplate rest;

    @Autowired
    IdentitySetup identitySetup;

    @Autowired
    AuthorizationService authorizationService;

    @Autowired
    RuntimeService runtimeService;

    @Autowired
    ManagementService managementService;

    @RegisterExtension
    final ProbeDeployments probes = new ProbeDeployments();

    TestRestTemplate as(String user) {
        return rest.withBasicAuth(user, user);
    }

    /** A journey waiting for the buyer at the store: its only job is the drop-off code's expiry timer. */
    String dropOffJourney() {
        ResponseEntity<JsonNode> created = as("merchant").postForEntity("/api/returns",
                storeDropOff(newOrderId(), "S-SZ-001"), JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    @Test
    void theDashboardCountsEveryOpenHumanTaskForOperations() {
        BpmnModelInstance probe = Bpmn.createExecutableProcess(PROBE)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("Probe_Task").name("Resolve failed pickup").camundaCandidateGroups(Roles.CUSTOMER_SERVICE)
                .endEvent()
                .done();
        probes.deploy(PROBE + ".bpmn", probe);
        for (int i = 1; i <= 4; i++) {
            runtimeService.startProcessInstanceByKey(PROBE, "R-OPS-" + i);
        }

        // Cockpit's dashboard: open tasks (history), by assignment (history), by candidate group (task report)
        ResponseEntity<JsonNode> open = as("ops").postForEntity("/engine-rest/history/task/count",
                Map.of("unfinished", true), JsonNode.class);
        assertThat(open.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(open.getBody().path("count").asInt()).isEqualTo(4);
        ResponseEntity<JsonNode> toGroups = as("ops").postForEntity("/engine-rest/history/task/count",
                Map.of("unfinished", true, "unassigned", true, "withCandidateGroups", true), JsonNode.class);
        assertThat(toGroups.getBody().path("count").asInt()).isEqualTo(4);
        ResponseEntity<JsonNode> byGroup = as("ops").getForEntity("/engine-rest/task/report/candidate-group-count",
                JsonNode.class);
        assertThat(byGroup.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(byGroup.getBody().findParents("groupName")).anySatisfy(group -> {
            assertThat(group.path("groupName").asText()).isEqualTo(Roles.CUSTOMER_SERVICE);
            assertThat(group.path("taskCount").asInt()).isEqualTo(4);
        });
        // and the tasks themselves (Cockpit's process instance view, "User Tasks" tab)
        assertThat(as("ops").getForObject("/engine-rest/task/count", JsonNode.class).path("count").asInt())
                .isEqualTo(4);
        // customer service still sees only its own, and may not see the report
        assertThat(as("cs").getForEntity("/engine-rest/task/report/candidate-group-count", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void theDashboardsOpenTasksSectionCountsEachKindAndTheOverdueOnesAsOperationsSeeThem() {
        BpmnModelInstance probe = Bpmn.createExecutableProcess(PROBE)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("Probe_Task").name("Resolve failed pickup").camundaCandidateGroups(Roles.CUSTOMER_SERVICE)
                .camundaDueDate("${dueDate}")
                .endEvent()
                .done();
        probes.deploy(PROBE + ".bpmn", probe);
        java.util.Date now = new java.util.Date();
        for (int i = 1; i <= 3; i++) {
            runtimeService.startProcessInstanceByKey(PROBE, "R-DUE-" + i, Map.of("dueDate",
                    new java.util.Date(now.getTime() + (i == 1 ? 3_600_000 : -3_600_000))));
        }

        // the plugin's requests: the latest definitions, each one's model (its user tasks), two counts per task
        JsonNode latest = as("ops").getForObject("/engine-rest/process-definition?latestVersion=true&key=" + PROBE,
                JsonNode.class);
        assertThat(latest).hasSize(1);
        String xml = as("ops").getForObject("/engine-rest/process-definition/" + latest.get(0).path("id").asText()
                + "/xml", JsonNode.class).path("bpmn20Xml").asText();
        assertThat(xml).contains("<userTask", "id=\"Probe_Task\"");
        Map<String, Object> kind = Map.of("processDefinitionKey", PROBE, "taskDefinitionKey", "Probe_Task");
        assertThat(as("ops").postForObject("/engine-rest/task/count", kind, JsonNode.class).path("count").asInt())
                .isEqualTo(3);
        String engineNow = new java.text.SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(now);
        Map<String, Object> overdue = new java.util.HashMap<>(kind);
        overdue.put("dueBefore", engineNow);
        assertThat(as("ops").postForObject("/engine-rest/task/count", overdue, JsonNode.class).path("count").asInt())
                .isEqualTo(2);

        // Cockpit loads the section and the finished journeys' tab from its config
        String config = rest.getForObject("/camunda/app/cockpit/scripts/config.js", String.class);
        assertThat(config).contains("'returnflow/finished-journeys.js'", "'returnflow/open-tasks.js'");
        for (String script : List.of("finished-journeys.js", "open-tasks.js", "engine-api.js")) {
            ResponseEntity<String> served = rest.getForEntity("/camunda/app/cockpit/returnflow/" + script,
                    String.class);
            assertThat(served.getStatusCode()).as(script).isEqualTo(HttpStatus.OK);
        }
        assertThat(rest.getForObject("/camunda/app/cockpit/returnflow/open-tasks.js", String.class))
                .contains("pluginPoint: 'cockpit.dashboard'");
    }

    @Test
    void operationsRetryFailedJobsInBulkAndTheIncidentNamesItsReturn() {
        String returnId = dropOffJourney();
        String instance = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(returnId)
                .singleResult().getId();
        Job timer = managementService.createJobQuery().processInstanceId(instance).singleResult();
        // as a job whose retries ran out: an incident
        managementService.setJobRetries(timer.getId(), 0);

        JsonNode incident = Eventually.await("the incident, labelled with its return", TIMEOUT,
                () -> as("ops").getForObject("/engine-rest/incident?processInstanceId=" + instance, JsonNode.class),
                list -> list.size() == 1 && !list.get(0).path("annotation").isNull());
        assertThat(incident.get(0).path("annotation").asText()).contains(returnId);

        // Cockpit's bulk retry: a batch that sets the retries of the failed jobs
        ResponseEntity<JsonNode> batch = as("ops").postForEntity("/engine-rest/job/retries",
                Map.of("jobIds", List.of(timer.getId()), "retries", 1), JsonNode.class);
        assertThat(batch.getStatusCode()).as(String.valueOf(batch.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(batch.getBody().path("type").asText()).isEqualTo("set-job-retries");
        // ... which operations then follow in Cockpit's batch view, running or done
        ResponseEntity<JsonNode> followed = as("ops").getForEntity("/engine-rest/history/batch/"
                + batch.getBody().path("id").asText(), JsonNode.class);
        assertThat(followed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(followed.getBody().path("createUserId").asText()).isEqualTo("ops");

        Eventually.await("the batch to give the job its retry back", TIMEOUT,
                () -> managementService.createJobQuery().jobId(timer.getId()).singleResult().getRetries() == 1);
        assertThat(runtimeService.createIncidentQuery().processInstanceId(instance).count()).isZero();

        // a merchant system may do none of this
        assertThat(as("merchant").postForEntity("/engine-rest/job/retries",
                Map.of("jobIds", List.of(timer.getId()), "retries", 1), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void operationsHoldTheGrantsCockpitNeeds() {
        List<String> ops = List.of(Roles.OPS);
        assertThat(authorizationService.isUserAuthorized("ops", ops, BatchPermissions.CREATE_BATCH_SET_JOB_RETRIES,
                Resources.BATCH)).isTrue();
        assertThat(authorizationService.isUserAuthorized("ops", ops, BatchPermissions.READ, Resources.BATCH))
                .isTrue();
        assertThat(authorizationService.isUserAuthorized("ops", ops, BatchPermissions.READ_HISTORY, Resources.BATCH))
                .isTrue();
        // no other batch: operations do not migrate, modify or delete journeys in bulk
        assertThat(authorizationService.isUserAuthorized("ops", ops, BatchPermissions.CREATE, Resources.BATCH))
                .isFalse();
        assertThat(authorizationService.isUserAuthorized("ops", ops,
                BatchPermissions.CREATE_BATCH_DELETE_RUNNING_PROCESS_INSTANCES, Resources.BATCH)).isFalse();
        assertThat(authorizationService.isUserAuthorized("ops", ops, Permissions.READ, Resources.TASK)).isTrue();
        assertThat(authorizationService.isUserAuthorized("ops", ops, Permissions.UPDATE, Resources.TASK)).isFalse();
        assertThat(authorizationService.isUserAuthorized("ops", ops, ProcessDefinitionPermissions.READ_HISTORY,
                Resources.PROCESS_DEFINITION)).isTrue();
    }

    @Test
    void aGrantMadeByAnEarlierReleaseGetsWhatOperationsNeedNowAndKeepsWhatAnAdminAdded() throws Exception {
        Authorization definitions = opsGrantOnEveryDefinition();
        int asSetUp = definitions.getPermissions(ProcessDefinitionPermissions.values()).length;
        // as an earlier release left it, and an administrator added a right of their own since
        definitions.removePermission(ProcessDefinitionPermissions.READ_HISTORY);
        definitions.addPermission(ProcessDefinitionPermissions.SUSPEND_INSTANCE);
        authorizationService.saveAuthorization(definitions);
        Authorization tasks = authorizationService.createAuthorizationQuery().groupIdIn(Roles.OPS)
                .resourceType(Resources.TASK).resourceId(Authorization.ANY).singleResult();
        authorizationService.deleteAuthorization(tasks.getId());
        long grants = authorizationService.createAuthorizationQuery().count();
        try {
            identitySetup.run(null);

            Authorization upgraded = opsGrantOnEveryDefinition();
            assertThat(upgraded.isPermissionGranted(ProcessDefinitionPermissions.READ_HISTORY)).isTrue();
            assertThat(upgraded.isPermissionGranted(ProcessDefinitionPermissions.SUSPEND_INSTANCE)).isTrue();
            assertThat(authorizationService.createAuthorizationQuery().count()).isEqualTo(grants + 1);
            assertThat(authorizationService.isUserAuthorized("ops", List.of(Roles.OPS), Permissions.READ,
                    Resources.TASK)).isTrue();
        } finally {
            Authorization restored = opsGrantOnEveryDefinition();
            restored.removePermission(ProcessDefinitionPermissions.SUSPEND_INSTANCE);
            authorizationService.saveAuthorization(restored);
            identitySetup.run(null);
        }
        assertThat(opsGrantOnEveryDefinition().getPermissions(ProcessDefinitionPermissions.values()))
                .hasSize(asSetUp);
    }

    Authorization opsGrantOnEveryDefinition() {
        return authorizationService.createAuthorizationQuery().groupIdIn(Roles.OPS)
                .resourceType(Resources.PROCESS_DEFINITION).resourceId(Authorization.ANY).singleResult();
    }
}
