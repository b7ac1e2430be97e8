package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.returnflow.returns.ReturnJourney;

/**
 * {@link ReturnJourney#tellIfWaiting}: one correlation that says whether the journey took the message, and
 * fails loudly (so that the caller's transaction rolls back) when two executions of one journey wait for it.
 * On small models of their own, so that the case the journey's diagram never has can be built.
 */
class ReturnJourneyMessagesTest {

    @RegisterExtension
    static final ProcessEngineExtension engine = ProcessEngineExtension.builder()
            .configurationResource("camunda.cfg.xml").build();

    private static final String MESSAGE = "ParcelSigned";

    private ReturnJourney journey;
    private String deployment;

    @BeforeEach
    void seam() {
        ProcessEngine e = engine.getProcessEngine();
        journey = new ReturnJourney(e.getRuntimeService(), e.getManagementService());
    }

    @AfterEach
    void undeploy() {
        if (deployment != null) {
            engine.getRepositoryService().deleteDeployment(deployment, true);
        }
    }

    @Test
    void aJourneyThatWaitsIsToldOnceAndOneThatDoesNotIsLeftAlone() {
        deploy(Bpmn.createExecutableProcess("one-wait").camundaHistoryTimeToLive(1)
                .startEvent().intermediateCatchEvent().message(MESSAGE).userTask("after").endEvent().done());
        engine.getRuntimeService().startProcessInstanceByKey("one-wait", "R-ONE");

        assertThat(journey.tellIfWaiting("R-ONE", MESSAGE)).isTrue();
        assertThat(engine.getTaskService().createTaskQuery().processInstanceBusinessKey("R-ONE").count()).isOne();
        // it moved on: told again, it does not take it, and nothing fails
        assertThat(journey.tellIfWaiting("R-ONE", MESSAGE)).isFalse();
        assertThat(journey.tellIfWaiting("R-NOBODY", MESSAGE)).isFalse();
    }

    @Test
    void twoExecutionsOfOneJourneyWaitingForTheSameMessageFailLoudly() {
        deploy(Bpmn.createExecutableProcess("two-waits").camundaHistoryTimeToLive(1)
                .startEvent().parallelGateway("fork")
                .intermediateCatchEvent("first").message(MESSAGE).endEvent()
                .moveToNode("fork").intermediateCatchEvent("second").message(MESSAGE).endEvent()
                .done());
        engine.getRuntimeService().startProcessInstanceByKey("two-waits", "R-TWO");

        assertThatIllegalStateException().isThrownBy(() -> journey.tellIfWaiting("R-TWO", MESSAGE))
                .withMessageContaining("R-TWO").withMessageContaining("2 executions");
    }

    private void deploy(BpmnModelInstance model) {
        deployment = engine.getRepositoryService().createDeployment()
                .addModelInstance("messages.bpmn", model).deploy().getId();
    }
}
