package io.returnflow.returns.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The journey's store credit, after the refund: a return without credit completes without a job for it; one with
 * credit issues it from a retried job; a refusal goes to customer service, who retries it or records it as issued
 * by hand. The refund step stands in as done; the journey starts at the warehouse's signature.
 */
@Deployment(resources = {"processes/return-journey.bpmn", "processes/return-eligibility.dmn",
        "processes/freight-payer.dmn", "processes/inspection-routing.dmn", "processes/refund-timing.dmn", "processes/return-risk.dmn"})
class ReturnJourneyStoreCreditTest extends JourneyProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension engine = journeyEngine();

    @Override
    ProcessEngineExtension engine() {
        return engine;
    }

    static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

    @BeforeEach
    void startTheClock() {
        engine.setCurrentTime(Date.from(NOW));
    }

    @Test
    void aReturnWithoutStoreCreditCompletesWithoutAJobForIt() {
        ProcessInstance journey = refundIssued("R-NO-CREDIT");

        assertThat(journey).isEnded().hasPassedInOrder("Gateway_JoinBeforeCompleteReturn",
                "Gateway_StoreCreditToIssue", "Gateway_JoinAfterStoreCredit", "Activity_CompleteReturn",
                "EndEvent_ReturnCompleted");
        assertThat(journey).hasNotPassed("Activity_IssueStoreCredit");
        assertThat(issueStoreCredit.calls()).isEmpty();
    }

    @Test
    void aReturnWithStoreCreditIssuesItFromARetriedJobThenCompletes() {
        givesStoreCredit = true;
        ProcessInstance journey = refundIssued("R-CREDIT");

        assertThat(journey).isWaitingAt("Activity_IssueStoreCredit").hasNotPassed("Activity_CompleteReturn");
        execute(job("Activity_IssueStoreCredit", journey));

        assertThat(journey).isEnded().hasPassedInOrder("Gateway_StoreCreditToIssue",
                "Gateway_JoinBeforeIssueStoreCredit", "Activity_IssueStoreCredit", "Gateway_JoinAfterStoreCredit",
                "Activity_CompleteReturn");
        assertThat(calledDelegates()).endsWith("issueRefund", "issueStoreCredit", "completeReturn");
    }

    @Test
    void aProviderThatCannotBeReachedIsRetriedAndEndsInAnIncidentNotATask() {
        givesStoreCredit = true;
        issueStoreCredit.behaving(execution -> {
            throw new IllegalStateException("The store-credit system did not answer in time");
        });
        ProcessInstance journey = refundIssued("R-CREDIT-DOWN");
        String jobId = job("Activity_IssueStoreCredit", journey).getId();

        for (int tries = 0; tries < 5; tries++) {
            try {
                managementService().executeJob(jobId);
            } catch (IllegalStateException expected) {
                // the job's failure: retried per ${retryCycles.storeCredit()}
            }
        }

        assertThat(incidents(journey)).singleElement()
                .satisfies(incident -> assertThat(incident.getIncidentMessage()).contains("did not answer in time"));
        assertThat(journey).isWaitingAt("Activity_IssueStoreCredit");
        assertThat(taskService().createTaskQuery().processInstanceId(journey.getId()).count()).isZero();
    }

    @Test
    void aRefusedCreditGoesToCustomerServiceWhoRetries() {
        ProcessInstance journey = creditRefused("R-CREDIT-RETRY");

        Task task = task(journey);
        assertThat(task.getTaskDefinitionKey()).isEqualTo("Activity_ResolveStoreCreditFailure");
        assertThat(candidateGroups(task)).containsExactly("customer-service");
        assertThat(task.getDueDate()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(2))));
        assertThat(formRef(task)).isEqualTo("resolve-store-credit-failure latest");
        assertThat(runtimeService().getVariable(journey.getId(), "storeCreditFailure"))
                .isEqualTo("account_closed: the account is closed");
        assertThat(incidents(journey)).as("a business outcome, not an incident").isEmpty();

        issueStoreCredit.behaving(execution -> { });
        complete(task, withVariables("storeCreditFailureDecision", "RETRY"));

        // the retry calls the credit system again, from a job
        assertThat(journey).isWaitingAt("Activity_IssueStoreCredit");
        execute(job("Activity_IssueStoreCredit", journey));
        assertThat(journey).isEnded().hasPassed("Gateway_StoreCreditFailureDecision", "EndEvent_ReturnCompleted");
        assertThat(issueStoreCredit.calls()).containsExactly("R-CREDIT-RETRY", "R-CREDIT-RETRY");
        assertThat(taskEvents).containsExactly("prepareTaskFacts create Activity_ResolveStoreCreditFailure",
                "exceptionTaskOpened create Activity_ResolveStoreCreditFailure",
                "resolveStoreCreditFailureDecided complete Activity_ResolveStoreCreditFailure");
    }

    @Test
    void aCreditIssuedByHandIsRecordedAndTheReturnCompletes() {
        ProcessInstance journey = creditRefused("R-CREDIT-HAND");

        complete(task(journey), withVariables("storeCreditFailureDecision", "ISSUED_BY_HAND",
                "storeCreditReference", "GC-2026-0042"));

        assertThat(journey).isEnded().hasPassedInOrder("Event_StoreCreditFailed",
                "Activity_ResolveStoreCreditFailure", "Gateway_StoreCreditFailureDecision",
                "Activity_RecordStoreCreditIssuedByHand", "Gateway_JoinAfterStoreCredit", "Activity_CompleteReturn",
                "EndEvent_ReturnCompleted");
        assertThat(recordStoreCreditIssuedByHand.calls()).containsExactly("R-CREDIT-HAND");
        assertThat(issueStoreCredit.calls()).containsExactly("R-CREDIT-HAND");
    }

    // ---- the way to each situation

    /** Signed at the warehouse, inspected automatically, and refunded. */
    private ProcessInstance refundIssued(String returnId) {
        facts.itemsTotal = new java.math.BigDecimal("99.00");
        ProcessInstance journey = startReturn(returnId, HOME_PICKUP);
        execute(job("Activity_BookPickup", journey));
        correlate("ParcelCollected", returnId);
        correlate("ParcelSigned", returnId);
        assertThat(journey).isWaitingAt("Activity_IssueRefund");
        execute(job("Activity_IssueRefund", journey));
        return journey;
    }

    /** A credit the credit system refused: the task for customer service is open. */
    private ProcessInstance creditRefused(String returnId) {
        givesStoreCredit = true;
        issueStoreCredit.behaving(execution -> {
            throw new BpmnError("STORE_CREDIT_FAILED", "account_closed: the account is closed");
        });
        ProcessInstance journey = refundIssued(returnId);
        execute(job("Activity_IssueStoreCredit", journey));
        assertThat(journey).isWaitingAt("Activity_ResolveStoreCreditFailure").hasPassed("Event_StoreCreditFailed")
                .hasNotPassed("Activity_CompleteReturn");
        assertThat(managementService().createJobQuery().processInstanceId(journey.getId()).count()).isZero();
        return journey;
    }

    private static java.util.List<String> candidateGroups(Task task) {
        return taskService().getIdentityLinksForTask(task.getId()).stream()
                .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
                .map(IdentityLink::getGroupId)
                .toList();
    }
}
