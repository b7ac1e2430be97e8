package io.returnflow.platform;

import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.spring.SpringProcessEngineConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The analysts' path, as Camunda Modeler takes it: one changed diagram deployed on its own through the
 * engine REST API, as the analyst. New journeys then run on it, and every one of its user tasks still shows
 * its Camunda Form in Tasklist, though the deployment holds no form. And what a later release does to an
 * analyst's version: a start deploys only what the release changed, and a release that replaces an
 * analyst's version says so (log, {@code GET /api/model-deployments}, a task for operations).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class AnalystDeploymentTest {

    static final Path JOURNEY = Path.of("processes", "return-journey.bpmn");

    /** Each user task of the journey: who works it in Tasklist and the form it shows. */
    static final Map<String, String[]> USER_TASKS = new LinkedHashMap<>();

    static {
        USER_TASKS.put("Activity_ResolveFailedPickup", new String[] {"cs", "resolve-failed-pickup"});
        USER_TASKS.put("Activity_InvestigateMissingParcel", new String[] {"cs", "investigate-missing-parcel"});
        USER_TASKS.put("Activity_InspectReturnedItems", new String[] {"inspector", "inspect-returned-items"});
        USER_TASKS.put("Activity_ResolveRefundFailure", new String[] {"cs", "resolve-refund-failure"});
    }

    @Autowired
    TestRestTemplate rest;

    @Autowired
    RuntimeService runtimeService;

    @Autowired
    RepositoryService repositoryService;

    @Autowired
    FilterService filterService;

    @Autowired
    ProcessEngine processEngine;

    @Autowired
    ReleaseModelCheck releaseModelCheck;

    TestRestTemplate as(String user) {
        return rest.withBasicAuth(user, user);
    }

    /** What Camunda Modeler sends when an analyst deploys the open diagram: that one file. */
    static ResponseEntity<JsonNode> deployFromModeler(TestRestTemplate analyst, String deploymentName,
                                                      String fileName, byte[] diagram) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("deployment-name", deploymentName);
        parts.add("deployment-source", "Camunda Modeler");
        parts.add("deploy-changed-only", "true");
        parts.add(fileName, new ByteArrayResource(diagram) {
            @Override
            public String getFilename() {
                return fileName;
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return analyst.exchange("/engine-rest/deployment/create", HttpMethod.POST, new HttpEntity<>(parts, headers),
                JsonNode.class);
    }

    /** The journey as an analyst changes it in Modeler: here its name, as a visible change. */
    static byte[] changedJourney() throws Exception {
        String diagram = Files.readString(JOURNEY, StandardCharsets.UTF_8);
        String changed = diagram.replace("name=\"Return journey\"", "name=\"Return journey (analyst)\"");
        assertThat(changed).isNotEqualTo(diagram);
        return changed.getBytes(StandardCharsets.UTF_8);
    }

    String dropOffReturn() {
        ResponseEntity<JsonNode> created = as("merchant").postForEntity("/api/returns",
                storeDropOff(newOrderId(), "S-SZ-001"), JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    @Test
    void aDiagramDeployedAloneFromModelerShowsEveryTasksForm() throws Exception {
        ResponseEntity<JsonNode> deployed = deployFromModeler(as("analyst"), "return journey: renamed",
                "return-journey.bpmn", changedJourney());
        assertThat(deployed.getStatusCode()).as(String.valueOf(deployed.getBody())).isEqualTo(HttpStatus.OK);
        String deploymentId = deployed.getBody().path("id").asText();
        JsonNode definition = deployed.getBody().path("deployedProcessDefinitions").elements().next();
        assertThat(definition.path("key").asText()).isEqualTo("return-journey");
        assertThat(definition.path("name").asText()).isEqualTo("Return journey (analyst)");
        // the deployment holds the diagram and nothing else: no form
        assertThat(as("analyst").getForObject("/engine-rest/deployment/" + deploymentId + "/resources",
                JsonNode.class).findValuesAsText("name")).containsExactly("return-journey.bpmn");

        for (Map.Entry<String, String[]> userTask : USER_TASKS.entrySet()) {
            String activity = userTask.getKey();
            String user = userTask.getValue()[0];
            String form = userTask.getValue()[1];
            // a new journey runs on the analyst's version; here it is sent to the user task directly
            String returnId = dropOffReturn();
            String instance = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(returnId)
                    .singleResult().getId();
            assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(instance).singleResult()
                    .getProcessDefinitionId()).isEqualTo(definition.path("id").asText());
            runtimeService.createProcessInstanceModification(instance)
                    .startBeforeActivity(activity)
                    .setVariable("refundEscalated", false)
                    .execute();

            JsonNode tasks = as(user).getForObject("/engine-rest/task?processInstanceBusinessKey=" + returnId,
                    JsonNode.class);
            assertThat(tasks).as(activity + " for " + user).hasSize(1);
            String taskId = tasks.get(0).path("id").asText();
            ResponseEntity<JsonNode> shown = as(user).getForEntity("/engine-rest/task/" + taskId + "/deployed-form",
                    JsonNode.class);
            assertThat(shown.getStatusCode()).as(activity + ": " + shown.getBody()).isEqualTo(HttpStatus.OK);
            assertThat(shown.getBody().path("id").asText()).isEqualTo(form);
            assertThat(shown.getBody().path("components").size()).as(form + " components").isPositive();
        }
    }

    /**
     * What the application does with {@code processes/} and {@code forms/} at a start (the engine's Spring
     * auto-deployment, with this application's settings): every file, under the release's deployment name,
     * filtered to those that changed. {@code changes} stands for what the release changed, by file name.
     */
    String releaseStarts(Map<String, UnaryOperator<String>> changes) throws IOException {
        SpringProcessEngineConfiguration engine =
                (SpringProcessEngineConfiguration) processEngine.getProcessEngineConfiguration();
        assertThat(engine.isDeployChangedOnly()).as("deployChangedOnly").isTrue();
        DeploymentBuilder start = repositoryService.createDeployment()
                .enableDuplicateFiltering(engine.isDeployChangedOnly())
                .name(engine.getDeploymentName());
        for (Resource file : engine.getDeploymentResources()) {
            String content = file.getContentAsString(StandardCharsets.UTF_8);
            start.addString(file.getFile().getAbsolutePath(),
                    changes.getOrDefault(file.getFilename(), UnaryOperator.identity()).apply(content));
        }
        return start.deploy().getId();
    }

    JsonNode model(TestRestTemplate user, String key) {
        ResponseEntity<JsonNode> overview = user.getForEntity("/api/model-deployments", JsonNode.class);
        assertThat(overview.getStatusCode()).isEqualTo(HttpStatus.OK);
        return overview.getBody().path("models").findParents("key").stream()
                .filter(m -> key.equals(m.path("key").asText())).findFirst().orElseThrow();
    }

    static UnaryOperator<String> renamed(String from, String to) {
        return content -> {
            assertThat(content).contains(from);
            return content.replace(from, to);
        };
    }

    @Test
    void aReleaseNeverReplacesAnAnalystsVersionSilently(CapturedOutput output) throws Exception {
        String table = "refund-timing";
        assertThat(model(as("ops"), table).path("state").asText()).isEqualTo("RELEASE");
        int released = model(as("ops"), table).path("live").path("version").asInt();

        // the analyst changes the refund timing table in Modeler and deploys it
        byte[] analysts = Files.readString(Path.of("processes", "refund-timing.dmn"), StandardCharsets.UTF_8)
                .replace("name=\"When is the refund due?\"", "name=\"When is the refund due? (analyst)\"")
                .getBytes(StandardCharsets.UTF_8);
        ResponseEntity<JsonNode> deployed = deployFromModeler(as("analyst"), "refund timing: analyst", "refund-timing.dmn",
                analysts);
        assertThat(deployed.getStatusCode()).as(String.valueOf(deployed.getBody())).isEqualTo(HttpStatus.OK);
        String analystsDeployment = deployed.getBody().path("id").asText();
        JsonNode live = model(as("analyst"), table);
        assertThat(live.path("state").asText()).isEqualTo("ANALYST_VERSION_LIVE");
        assertThat(live.path("live").path("version").asInt()).isEqualTo(released + 1);
        assertThat(live.path("live").path("source").asText()).isEqualTo("Camunda Modeler");
        assertThat(live.path("live").path("fromRelease").asBoolean()).isFalse();
        assertThat(live.path("release").path("version").asInt()).isEqualTo(released);
        assertThat(live.path("action").asText()).contains("processes/refund-timing.dmn");

        // a restart, and a release that changed another table: the analyst's version stays live, and nothing
        // but the changed table is deployed (no form, no diagram)
        String journeyBefore = model(as("ops"), "return-journey").path("live").path("definitionId").asText();
        String restart = releaseStarts(Map.of());
        String otherTable = releaseStarts(Map.of("inspection-routing.dmn",
                renamed("name=\"Inspect by hand?\"", "name=\"Inspect by hand? (release)\"")));
        assertThat(restart).isNotEqualTo(otherTable);
        assertThat(repositoryService.getDeploymentResourceNames(otherTable)).singleElement()
                .satisfies(name -> assertThat(name).endsWith("inspection-routing.dmn"));
        assertThat(model(as("ops"), "inspection-routing").path("state").asText()).isEqualTo("RELEASE");
        assertThat(model(as("ops"), table).path("live").path("version").asInt()).isEqualTo(released + 1);
        assertThat(model(as("ops"), table).path("state").asText()).isEqualTo("ANALYST_VERSION_LIVE");
        assertThat(model(as("ops"), "return-journey").path("live").path("definitionId").asText())
                .isEqualTo(journeyBefore);

        // a release that changed the same table (without the analyst's change) replaces it: loudly
        releaseStarts(Map.of("refund-timing.dmn",
                renamed("name=\"When is the refund due?\"", "name=\"When is the refund due? (release)\"")));
        releaseModelCheck.run(null);
        JsonNode replaced = model(as("ops"), table);
        assertThat(replaced.path("state").asText()).isEqualTo("RELEASE_REPLACED_ANALYST_VERSION");
        assertThat(replaced.path("live").path("version").asInt()).isEqualTo(released + 2);
        assertThat(replaced.path("live").path("fromRelease").asBoolean()).isTrue();
        assertThat(replaced.path("replacedAnalystVersion").path("version").asInt()).isEqualTo(released + 1);
        assertThat(replaced.path("replacedAnalystVersion").path("deploymentId").asText()).isEqualTo(analystsDeployment);
        assertThat(output.getOut()).contains("Release replaced an analyst's version: refund-timing");
        assertThat(as("analyst").getForObject("/api/model-deployments", JsonNode.class).path("needAttention").asInt())
                .isPositive();

        // operations find the reconciliation in their Tasklist filter; checking again opens no second task
        String taskId = replaced.path("reconciliation").path("taskId").asText();
        assertThat(replaced.path("reconciliation").path("done").asBoolean()).isFalse();
        releaseModelCheck.run(null);
        String opsFilter = filterService.createFilterQuery().filterName(TasklistFilters.OPERATIONS.name())
                .singleResult().getId();
        JsonNode opsTasks = as("ops").getForObject("/engine-rest/filter/" + opsFilter + "/list", JsonNode.class);
        assertThat(opsTasks.findValuesAsText("id")).containsOnlyOnce(taskId);
        assertThat(opsTasks.findParents("id").stream().filter(t -> taskId.equals(t.path("id").asText()))
                .findFirst().orElseThrow().path("name").asText()).contains("version " + (released + 1));

        // they decide with the analyst and complete it: the release's version stands, reconciled
        assertThat(as("ops").postForEntity("/engine-rest/task/" + taskId + "/complete", Map.of(), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode reconciled = model(as("ops"), table);
        assertThat(reconciled.path("state").asText()).isEqualTo("RELEASE");
        assertThat(reconciled.path("reconciliation").path("done").asBoolean()).isTrue();
        assertThat(reconciled.path("reconciliation").path("closedBy").asText()).isEqualTo("ops");
        releaseModelCheck.run(null);
        assertThat(model(as("ops"), table).path("state").asText()).isEqualTo("RELEASE");

        // or the analyst rolls their version back in: redeploying their deployment
        ResponseEntity<JsonNode> redeployed = as("analyst").postForEntity("/engine-rest/deployment/"
                + analystsDeployment + "/redeploy", Map.of("source", "Camunda Modeler"), JsonNode.class);
        assertThat(redeployed.getStatusCode()).as(String.valueOf(redeployed.getBody())).isEqualTo(HttpStatus.OK);
        JsonNode rolledBack = model(as("analyst"), table);
        assertThat(rolledBack.path("state").asText()).isEqualTo("ANALYST_VERSION_LIVE");
        assertThat(rolledBack.path("live").path("version").asInt()).isEqualTo(released + 3);
        assertThat(rolledBack.path("name").asText()).isEqualTo("When is the refund due? (analyst)");
    }

    @Test
    void aTableWhoseCellIsOutsideItsColumnsDeclaredValuesIsRefusedWithTheReasonModelerShows() throws Exception {
        String shipped = Files.readString(Path.of("processes", "return-dispositions.dmn"), StandardCharsets.UTF_8);
        // the rule for items damaged in transit answers REFURBISHED: the analyst's typo for REFURBISH
        String withTypoInARule = shipped.replace("<text>\"REFURBISH\"</text>", "<text>\"REFURBISHED\"</text>");
        assertThat(withTypoInARule).isNotEqualTo(shipped);
        long versions = repositoryService.createDecisionDefinitionQuery().decisionDefinitionKey("return-disposition")
                .count();

        ResponseEntity<JsonNode> refused = deployFromModeler(as("analyst"), "return dispositions: typo",
                "return-dispositions.dmn", withTypoInARule.getBytes(StandardCharsets.UTF_8));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("type").asText()).isEqualTo("InvalidRequestException");
        assertThat(refused.getBody().path("message").asText())
                .contains("return-dispositions.dmn")
                .contains("The decision table 'return-disposition' cannot be deployed")
                .contains("answers \"REFURBISHED\" for 'disposition', which is none of its declared values "
                        + "RESTOCK, REFURBISH, DISPOSE, RETURN_TO_VENDOR");
        assertThat(repositoryService.createDecisionDefinitionQuery().decisionDefinitionKey("return-disposition").count())
                .as("nothing deployed").isEqualTo(versions);
    }

    @Test
    void onlyOperationsAnalystsAndAdminsSeeTheModelDeployments() {
        for (String user : List.of("ops", "analyst", "admin")) {
            assertThat(as(user).getForEntity("/api/model-deployments", JsonNode.class).getStatusCode()).as(user)
                    .isEqualTo(HttpStatus.OK);
        }
        for (String user : List.of("merchant", "cs", "clerk")) {
            assertThat(as(user).getForEntity("/api/model-deployments", JsonNode.class).getStatusCode()).as(user)
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }
        // deploying is the analysts' (and admins'): nobody else may
        for (String user : List.of("ops", "cs", "merchant")) {
            assertThat(deployFromModeler(as(user), "not theirs", "refund-timing.dmn", new byte[] {'x'})
                    .getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
        }
    }
}
