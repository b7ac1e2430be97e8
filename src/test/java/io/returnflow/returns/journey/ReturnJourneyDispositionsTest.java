package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.math.BigDecimal;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each returned line's disposition on both ways past "Inspect by hand?": on the automatic path the take listener
 * of {@code Flow_InspectAutomatically} records the lines as restocked, once; on the manual path "Record inspection"
 * records the inspector's choices and the listener stays out of it.
 */
@Deployment(resources = {"processes/return-journey.bpmn", "processes/return-eligibility.dmn",
        "processes/freight-payer.dmn", "processes/inspection-routing.dmn", "processes/refund-timing.dmn", "processes/return-risk.dmn"})
class ReturnJourneyDispositionsTest extends JourneyProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension engine = journeyEngine();

    @Override
    ProcessEngineExtension engine() {
        return engine;
    }

    @Test
    void aParcelNobodyInspectsHasItsLinesRestockedOnceBeforeTheRefund() {
        ProcessInstance journey = signed("R-DISP-AUTO", "AUTOMATIC");

        assertThat(defaultDispositions).containsExactly("R-DISP-AUTO");
        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasNotPassed("Activity_InspectReturnedItems");
        // the refund's retries run after the flow was taken: they record nothing again
        execute(job("Activity_IssueRefund", journey));
        assertThat(journey).isEnded().hasPassed("EndEvent_ReturnCompleted");
        assertThat(defaultDispositions).containsExactly("R-DISP-AUTO");
    }

    @Test
    void anInspectedParcelHasItsDispositionsFromTheInspectorOnly() {
        ProcessInstance journey = signed("R-DISP-MANUAL", "MANUAL");

        complete(task(journey), withVariables("inspectionOutcome", "PARTIAL"));

        assertThat(recordInspection.calls()).containsExactly("R-DISP-MANUAL");
        assertThat(defaultDispositions).isEmpty();
        execute(job("Activity_IssueRefund", journey));
        assertThat(journey).isEnded().hasPassed("EndEvent_ReturnCompleted");
        assertThat(defaultDispositions).isEmpty();
    }

    @Test
    void anInspectorRejectingTheItemsStillLeavesTheDefaultOut() {
        ProcessInstance journey = signed("R-DISP-REJECT", "MANUAL");

        complete(task(journey), withVariables("inspectionOutcome", "REJECT"));

        assertThat(journey).isEnded().hasPassed("Activity_RecordInspection", "EndEvent_RejectedAtInspection");
        assertThat(defaultDispositions).isEmpty();
    }

    /** A parcel signed at the warehouse, inspected as the real inspection-routing table decides for its value. */
    private ProcessInstance signed(String returnId, String inspection) {
        facts.itemsTotal = new BigDecimal("MANUAL".equals(inspection) ? "600.00" : "99.00");
        ProcessInstance journey = startReturn(returnId, HOME_PICKUP);
        execute(job("Activity_BookPickup", journey));
        assertThat(runtimeService().getVariable(journey.getId(), "inspection")).isEqualTo(inspection);
        correlate("ParcelCollected", returnId);
        correlate("ParcelSigned", returnId);
        return journey;
    }
}
