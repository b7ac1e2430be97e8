package io.returnflow.journey;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;

import io.returnflow.returns.ReturnTimeline;
import io.returnflow.support.ProbeDeployments;

/**
 * Journeys started on a version of the return journey whose exception tasks all call {@code ${exceptionTaskClosed}}
 * (the diagram as deployed before each task had its own decision listener) still close those tasks: completed with
 * a decision, and withdrawn by the event that makes them moot, next to the current version.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("test")
class EarlierJourneyVersionsTest {

    private static final String EARLIER = "processes-earlier/return-journey-before-own-decision-listeners.bpmn";
    private static final String FAILED_PICKUP = "Activity_ResolveFailedPickup";
    private static final String MISSING_PARCEL = "Activity_InvestigateMissingParcel";
    private static final String REFUND_FAILURE = "Activity_ResolveRefundFailure";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RepositoryService repositoryService;
    @Autowired
    RuntimeService runtimeService;
    @Autowired
    TaskService taskService;
    @Autowired
    ReturnTimeline timeline;

    @RegisterExtension
    final ProbeDeployments probes = new ProbeDeployments();
    private ProcessDefinition earlier;

    @BeforeEach
    void deployTheEarlierVersion() {
        String deployment = probes.deploy(repositoryService.createDeployment().name("return journey, earlier version")
                .addClasspathResource(EARLIER));
        earlier = repositoryService.createProcessDefinitionQuery().deploymentId(deployment).singleResult();
        assertThat(earlier.getKey()).isEqualTo("return-journey");
        // the current version is deployed too: the earlier one runs next to it
        assertThat(repositoryService.createProcessDefinitionQuery().processDefinitionKey("return-journey").count())
                .isGreaterThan(1);
    }

    @Test
    void anEarlierJourneysExceptionTasksAreCompletedWithTheirDecisions() {
        String returnId = newReturn();
        String instance = waitingIn(returnId, FAILED_PICKUP, MISSING_PARCEL, REFUND_FAILURE);

        taskService.complete(task(instance, MISSING_PARCEL), Map.of("missingParcelDecision", "REFUND_ANYWAY"));
        taskService.complete(task(instance, REFUND_FAILURE), Map.of("refundFailureDecision", "RETRY"));
        taskService.complete(task(instance, FAILED_PICKUP), Map.of("failedPickupDecision", "CANCEL",
                "cancelReason", "The buyer keeps it"));

        assertThat(types(returnId)).contains("MISSING_PARCEL_DECIDED", "REFUND_FAILURE_DECIDED",
                "FAILED_PICKUP_DECIDED");
    }

    @Test
    void anEarlierJourneysExceptionTaskRefusesADecisionItsRulesRefuse() {
        String instance = waitingIn(newReturn(), FAILED_PICKUP);
        String task = task(instance, FAILED_PICKUP);

        assertThatThrownBy(() -> taskService.complete(task, Map.of("failedPickupDecision", "SHRUG")))
                .hasMessageContaining("failedPickupDecision");
        assertThat(taskService.createTaskQuery().taskId(task).count()).isEqualTo(1);
    }

    @Test
    void anEarlierJourneysExceptionTasksAreWithdrawnByTheEventsThatMakeThemMoot() {
        String returnId = newReturn();
        String instance = waitingIn(returnId, FAILED_PICKUP, MISSING_PARCEL, REFUND_FAILURE);
        // what the journey decided before, and reads after the events
        runtimeService.setVariables(instance, Map.of("method", "HOME_PICKUP", "refundTiming", "AT_WAREHOUSE_RECEIPT",
                "inspection", "MANUAL"));

        // the courier came after all; the parcel arrived after all: each boundary event deletes its task
        runtimeService.createMessageCorrelation("ParcelCollected").processInstanceId(instance).correlateAll();
        runtimeService.createMessageCorrelation("ParcelSigned").processInstanceId(instance).correlateAll();
        assertThat(taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKeyIn(FAILED_PICKUP,
                MISSING_PARCEL).count()).isZero();
        // and a journey that ends deletes the task it waits in
        runtimeService.deleteProcessInstance(instance, "Cancelled in Cockpit");

        assertThat(types(returnId)).filteredOn("ACTION_WITHDRAWN"::equals).hasSize(3);
    }

    @Test
    void aTaskTheListenerDoesNotServeIsNamedInTheFailure() {
        var diagram = Bpmn.createExecutableProcess("earlier-listener-elsewhere").camundaHistoryTimeToLive(1)
                .startEvent().userTask("Activity_SomethingElse").name("Something else")
                .camundaTaskListenerDelegateExpression("complete", "${exceptionTaskClosed}").endEvent().done();
        probes.deploy("elsewhere.bpmn", diagram);
        String instance = runtimeService.startProcessInstanceByKey("earlier-listener-elsewhere",
                Map.of("returnId", newReturn())).getId();
        String task = task(instance, "Activity_SomethingElse");

        assertThatThrownBy(() -> taskService.complete(task)).isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("Activity_SomethingElse").hasMessageContaining(FAILED_PICKUP);
    }

    private String newReturn() {
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/returns",
                homePickup(newOrderId()), JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    /** A journey of the earlier version about the return, waiting in these tasks (as such journeys do for days). */
    private String waitingIn(String returnId, String... tasks) {
        var start = runtimeService.createProcessInstanceById(earlier.getId()).businessKey(returnId)
                .setVariable("returnId", returnId);
        for (String task : tasks) {
            start = start.startBeforeActivity(task);
        }
        return start.execute(true, true).getId();
    }

    private String task(String instance, String key) {
        Task task = taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKey(key).singleResult();
        assertThat(task).as(key + " open").isNotNull();
        return task.getId();
    }

    private List<String> types(String returnId) {
        return timeline.list(returnId).stream().map(ReturnTimeline.TimelineEvent::type).toList();
    }
}
