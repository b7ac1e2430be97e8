package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
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

import com.fasterxml.jackson.databind.JsonNode;

import io.returnflow.support.ProbeDeployments;

/**
 * What each team finds in Tasklist, asked through the engine REST API as the demo users: its own
 * filter and no other, the tasks offered to its group and no other, and for those the deployed
 * Camunda Form, the form's variables and the right to claim and complete.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class TasklistAccessTest {

    /** A one-task process offered to customer service, with one of the journey's forms. */
    private static final String PROBE = "tasklist-access-probe";

    @Autowired
    TestRestTemplate rest;

    @Autowired
    IdentitySetup identitySetup;

    @Autowired
    FilterService filterService;

    @Autowired
    AuthorizationService authorizationService;

    @Autowired
    RuntimeService runtimeService;

    @Autowired
    HistoryService historyService;

    @RegisterExtension
    final ProbeDeployments probes = new ProbeDeployments();

    TestRestTemplate as(String user) {
        return rest.withBasicAuth(user, user);
    }

    List<String> filterNames(String user) {
        ResponseEntity<JsonNode> filters = as(user).getForEntity("/engine-rest/filter?resourceType=Task", JsonNode.class);
        assertThat(filters.getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
        List<String> names = new ArrayList<>();
        filters.getBody().forEach(filter -> names.add(filter.path("name").asText()));
        return names;
    }

    @Test
    void eachTeamSeesItsOwnFilterOnly() {
        assertThat(filterNames("cs")).containsExactly(TasklistFilters.CUSTOMER_SERVICE.name());
        assertThat(filterNames("inspector")).containsExactly(TasklistFilters.INSPECTION.name());
        assertThat(filterNames("ops")).containsExactly(TasklistFilters.OPERATIONS.name());
        assertThat(filterNames("clerk")).isEmpty();
        assertThat(filterNames("merchant")).isEmpty();
        // the starter's "All tasks" filter stays the administrators'
        assertThat(filterNames("admin")).contains("All tasks", TasklistFilters.CUSTOMER_SERVICE.name(),
                TasklistFilters.INSPECTION.name());
    }

    @Test
    void theFiltersListTheirGroupsTasksAndThoseClaimedFromThem() {
        Filter cs = filterService.createFilterQuery().filterName(TasklistFilters.CUSTOMER_SERVICE.name()).singleResult();
        assertThat(cs.getResourceType()).isEqualTo("Task");
        String query = cs.getQuery().toString();
        JsonNode json = rest.withBasicAuth("admin", "admin")
                .getForObject("/engine-rest/filter/" + cs.getId(), JsonNode.class).path("query");
        assertThat(json.path("candidateGroup").asText()).as(query).isEqualTo(Roles.CUSTOMER_SERVICE);
        assertThat(json.path("includeAssignedTasks").asBoolean()).isTrue();
        assertThat(cs.getProperties()).containsEntry("priority", 1).containsKey("description");
    }

    @Test
    void thoseOfferedATaskMayOpenItsFormAndCompleteIt_othersDoNotSeeIt() {
        BpmnModelInstance probe = Bpmn.createExecutableProcess(PROBE)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .userTask("Probe_Task").name("Resolve failed pickup")
                .camundaCandidateGroups(Roles.CUSTOMER_SERVICE)
                .camundaFormRef("resolve-failed-pickup").camundaFormRefBinding("latest")
                .endEvent()
                .done();
        probes.deploy(PROBE + ".bpmn", probe);
        String instance = runtimeService.startProcessInstanceByKey(PROBE, "R-PROBE",
                Map.of("returnId", "R-PROBE")).getId();

        JsonNode offered = as("cs").getForObject("/engine-rest/task?processInstanceId=" + instance, JsonNode.class);
        assertThat(offered).hasSize(1);
        String task = offered.get(0).path("id").asText();
        assertThat(as("inspector").getForObject("/engine-rest/task?processInstanceId=" + instance, JsonNode.class)).isEmpty();
        assertThat(as("clerk").getForObject("/engine-rest/task?processInstanceId=" + instance, JsonNode.class)).isEmpty();

        // the team's Tasklist filter lists it
        Filter csFilter = filterService.createFilterQuery().filterName(TasklistFilters.CUSTOMER_SERVICE.name())
                .singleResult();
        assertThat(as("cs").getForObject("/engine-rest/filter/" + csFilter.getId() + "/list", JsonNode.class)
                .findValuesAsText("id")).contains(task);
        assertThat(as("inspector").getForEntity("/engine-rest/filter/" + csFilter.getId() + "/list", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        // Tasklist loads the deployed Camunda Form and the task's variables, then submits
        ResponseEntity<JsonNode> form = as("cs").getForEntity("/engine-rest/task/" + task + "/deployed-form", JsonNode.class);
        assertThat(form.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(form.getBody().path("id").asText()).isEqualTo("resolve-failed-pickup");
        assertThat(form.getBody().path("schemaVersion").asInt()).isEqualTo(16);
        assertThat(as("inspector").getForEntity("/engine-rest/task/" + task + "/deployed-form", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        JsonNode variables = as("cs").getForObject("/engine-rest/task/" + task + "/form-variables", JsonNode.class);
        assertThat(variables.path("returnId").path("value").asText()).isEqualTo("R-PROBE");

        assertThat(as("inspector").postForEntity("/engine-rest/task/" + task + "/claim", Map.of("userId", "inspector"),
                String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("cs").postForEntity("/engine-rest/task/" + task + "/claim", Map.of("userId", "cs"),
                String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        ResponseEntity<String> submitted = as("cs").postForEntity("/engine-rest/task/" + task + "/submit-form",
                Map.of("variables", Map.of("failedPickupDecision", Map.of("value", "CANCEL"),
                        "cancelReason", Map.of("value", "Buyer asked to cancel"))), String.class);
        assertThat(submitted.getStatusCode()).as(submitted.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instance).finished().count())
                .isEqualTo(1);
    }

    @Test
    void tasklistTeamsReadTheJourneyDefinitionButNotItsTasksOrInstances() {
        for (String user : List.of("cs", "inspector")) {
            JsonNode definitions = as(user).getForObject("/engine-rest/process-definition?key=return-journey",
                    JsonNode.class);
            assertThat(definitions).as(user).hasSize(1);
            assertThat(as(user).getForObject("/engine-rest/process-instance?processDefinitionKey=return-journey",
                    JsonNode.class)).as(user).isEmpty();
        }
        assertThat(as("clerk").getForObject("/engine-rest/process-definition?key=return-journey", JsonNode.class))
                .isEmpty();
        // no group but operations (and admins) may read every task
        for (String group : List.of(Roles.CUSTOMER_SERVICE, Roles.WAREHOUSE, Roles.STORE_CLERK, Roles.MERCHANT_API)) {
            assertThat(authorizationService.createAuthorizationQuery().groupIdIn(group).resourceType(Resources.TASK)
                    .resourceId(Authorization.ANY).count()).as(group).isZero();
            assertThat(authorizationService.createAuthorizationQuery().groupIdIn(group)
                    .resourceType(Resources.PROCESS_DEFINITION).list())
                    .as(group).allSatisfy(grant -> {
                        assertThat(grant.getResourceId()).isEqualTo("return-journey");
                        assertThat(grant.isPermissionGranted(ProcessDefinitionPermissions.READ_TASK)).isFalse();
                        assertThat(grant.isPermissionGranted(ProcessDefinitionPermissions.READ_INSTANCE)).isFalse();
                    });
        }
    }

    @Test
    void settingUpAgainChangesNothing() throws Exception {
        long filters = filterService.createFilterQuery().count();
        long grants = authorizationService.createAuthorizationQuery().count();

        identitySetup.run(null);

        assertThat(filterService.createFilterQuery().count()).isEqualTo(filters);
        assertThat(authorizationService.createAuthorizationQuery().count()).isEqualTo(grants);
        for (TasklistFilters.Definition definition : TasklistFilters.ALL) {
            assertThat(filterService.createFilterQuery().filterName(definition.name()).count()).isEqualTo(1);
        }
    }
}
