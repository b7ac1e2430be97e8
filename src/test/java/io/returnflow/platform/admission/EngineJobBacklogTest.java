package io.returnflow.platform.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backlog admission control reads: jobs due now, not those of a later timer, of a suspended journey or out of
 * retries (an incident).
 */
class EngineJobBacklogTest {

    @RegisterExtension
    static final ProcessEngineExtension engine = ProcessEngineExtension.builder()
            .configurationResource("camunda.cfg.xml")
            .build();

    String deployment;

    @AfterEach
    void undeploy() {
        if (deployment != null) {
            engine.getRepositoryService().deleteDeployment(deployment, true);
        }
    }

    @Test
    void countsTheJobsThatAreDueAndCanRun() {
        BpmnModelInstance asyncStep = Bpmn.createExecutableProcess("backlog-async").camundaHistoryTimeToLive(1)
                .startEvent().serviceTask("Activity_Step").camundaAsyncBefore().camundaExpression("${true}")
                .endEvent().done();
        BpmnModelInstance laterTimer = Bpmn.createExecutableProcess("backlog-timer").camundaHistoryTimeToLive(1)
                .startEvent().intermediateCatchEvent("Event_Later").timerWithDuration("PT1H").endEvent().done();
        RepositoryService repository = engine.getRepositoryService();
        deployment = repository.createDeployment().addModelInstance("backlog-async.bpmn", asyncStep)
                .addModelInstance("backlog-timer.bpmn", laterTimer).deploy().getId();
        RuntimeService runtime = engine.getRuntimeService();
        ManagementService management = engine.getManagementService();
        JobBacklog backlog = new EngineJobBacklog(management);
        assertThat(backlog.dueJobs()).isZero();

        List<String> journeys = List.of(runtime.startProcessInstanceByKey("backlog-async").getId(),
                runtime.startProcessInstanceByKey("backlog-async").getId(),
                runtime.startProcessInstanceByKey("backlog-async").getId(),
                runtime.startProcessInstanceByKey("backlog-async").getId());
        runtime.startProcessInstanceByKey("backlog-timer");
        assertThat(backlog.dueJobs()).as("four async steps due, the timer not yet").isEqualTo(4);

        runtime.suspendProcessInstanceById(journeys.get(0));
        Job failed = management.createJobQuery().processInstanceId(journeys.get(1)).singleResult();
        management.setJobRetries(failed.getId(), 0);
        management.executeJob(management.createJobQuery().processInstanceId(journeys.get(2)).singleResult().getId());
        assertThat(backlog.dueJobs()).as("one suspended, one out of retries, one done").isEqualTo(1);
    }
}
