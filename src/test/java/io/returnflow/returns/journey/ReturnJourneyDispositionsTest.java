package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each returned line's disposition on both ways past "Inspect by hand?": on the automatic path the take listener
 * of {@code Flow_InspectAutomatically} records each line as the analysts' table {@code return-disposition} decides,
 * once; on the manual path "Record inspection" records the inspector's choices and the listener stays out of it.
 * The listener's stand-in asks the deployed table as the real one does (once per line, with the return's reason),
 * and records its answers.
 */
@Deployment(resources = {"processes/return-journey.bpmn", "processes/return-eligibility.dmn",
        "processes/freight-payer.dmn", "processes/inspection-routing.dmn", "processes/refund-timing.dmn", "processes/return-risk.dmn",
        "processes/return-dispositions.dmn"})
class ReturnJourneyDispositionsTest extends JourneyProcessTestSupport {

    /** What the table answered on the automatic path: "return line disposition rule", in call order. */
    final List<String> tableAnswers = new CopyOnWriteArrayList<>();
    /** Whether the listener's stand-in fails as the real one does on an answer that is no disposition. */
    volatile boolean listenerFails;

    @RegisterExtension
    static final ProcessEngineExtension engine = journeyEngine();

    @Override
    ProcessEngineExtension engine() {
        return engine;
    }

    @BeforeEach
    void askTheDeployedTable() {
        Mocks.register("recordDispositions", (ExecutionListener) execution -> {
            String returnId = (String) execution.getVariable("returnId");
            defaultDispositions.add(returnId);
            if (listenerFails) {
                throw new IllegalStateException("The analysts' table return-disposition answered 'RESTOK'");
            }
            for (String lineId : facts.lineIds(returnId)) {
                Map<String, Object> answer = engine.getProcessEngine().getDecisionService()
                        .evaluateDecisionTableByKey("return-disposition", Variables.createVariables()
                                .putValue("reason", facts.reason(returnId))
                                .putValue("category", facts.category(returnId, lineId))
                                .putValue("unitPrice", new BigDecimal("99.00")))
                        .getFirstResult();
                tableAnswers.add(returnId + " " + lineId + " " + answer.get("disposition") + " " + answer.get("rule"));
            }
        });
    }

    @Test
    void aParcelNobodyInspectsHasItsLinesDispositionedByTheTableOnceBeforeTheRefund() {
        facts.lineIds = List.of("L1", "L2");
        ProcessInstance journey = signed("R-DISP-AUTO", "AUTOMATIC");

        assertThat(defaultDispositions).containsExactly("R-DISP-AUTO");
        // the stand-in return is DEFECTIVE
        assertThat(tableAnswers).containsExactly("R-DISP-AUTO L1 RETURN_TO_VENDOR defective-to-vendor",
                "R-DISP-AUTO L2 RETURN_TO_VENDOR defective-to-vendor");
        assertThat(journey).isWaitingAt("Activity_IssueRefund").hasNotPassed("Activity_InspectReturnedItems");
        // the refund's retries run after the flow was taken: they record nothing again
        execute(job("Activity_IssueRefund", journey));
        assertThat(journey).isEnded().hasPassed("EndEvent_ReturnCompleted");
        assertThat(defaultDispositions).containsExactly("R-DISP-AUTO");
        assertThat(tableAnswers).hasSize(2);
    }

    @Test
    void aReturnOfAnotherReasonHasTheTablesOtherAnswer() {
        facts.reason = "CHANGED_MIND";
        signed("R-DISP-CHANGED", "AUTOMATIC");

        assertThat(tableAnswers).containsExactly("R-DISP-CHANGED L1 RESTOCK restock");
    }

    @Test
    void aListenerThatCannotRecordTheLinesFailsTheSignatureItsCallerTellsAndLeavesTheJourneyWaitingForIt() {
        // no asynchronous continuation between the signature and the take listener: a failure of the listener is
        // the failure of whoever tells the journey the parcel was signed (the carrier inbox, the store shipment's
        // job), which rolls back and tries again; nothing of the journey moves on meanwhile
        listenerFails = true;
        ProcessInstance journey = collected("R-DISP-FAIL", "AUTOMATIC");

        assertThatThrownBy(() -> correlate("ParcelSigned", "R-DISP-FAIL"))
                .hasStackTraceContaining("return-disposition answered 'RESTOK'");
        assertThat(journey).isWaitingAt("Gateway_AwaitSigned");
        assertThat(incidents(journey)).isEmpty();

        listenerFails = false;
        correlate("ParcelSigned", "R-DISP-FAIL");
        assertThat(journey).isWaitingAt("Activity_IssueRefund");
        assertThat(tableAnswers).containsExactly("R-DISP-FAIL L1 RETURN_TO_VENDOR defective-to-vendor");
    }

    @Test
    void anInspectedParcelHasItsDispositionsFromTheInspectorOnly() {
        ProcessInstance journey = signed("R-DISP-MANUAL", "MANUAL");

        complete(task(journey), withVariables("inspectionOutcome", "PARTIAL"));

        assertThat(recordInspection.calls()).containsExactly("R-DISP-MANUAL");
        assertThat(defaultDispositions).isEmpty();
        assertThat(tableAnswers).isEmpty();
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
        ProcessInstance journey = collected(returnId, inspection);
        correlate("ParcelSigned", returnId);
        return journey;
    }

    /** A parcel on its way to the warehouse, to be inspected as the real inspection-routing table decides. */
    private ProcessInstance collected(String returnId, String inspection) {
        facts.itemsTotal = new BigDecimal("MANUAL".equals(inspection) ? "600.00" : "99.00");
        ProcessInstance journey = startReturn(returnId, HOME_PICKUP);
        execute(job("Activity_BookPickup", journey));
        assertThat(runtimeService().getVariable(journey.getId(), "inspection")).isEqualTo(inspection);
        correlate("ParcelCollected", returnId);
        return journey;
    }
}
