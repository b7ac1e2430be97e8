package io.returnflow.operations;

import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.RepositoryServiceImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.returns.ReturnJourney;
import io.returnflow.storeshipment.StoreShipmentProcess;
import io.returnflow.support.Eventually;

/**
 * A journey ended by hand (an instance deleted, as Cockpit's "Cancel process instance" does) keeps the return's
 * status as its outcome, unless the deletion skips custom listeners; the outcome is written at the end of
 * the return journey only. Journeys that end by themselves: OperationsMetricsTest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class JourneyOutcomesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    TestRestTemplate rest;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    RepositoryService repository;

    @Test
    void aJourneyCancelledByHandKeepsTheReturnsStatusAsItsOutcome() {
        String instance = dropOffAwaitingTheBuyer();

        runtime.deleteProcessInstance(instance, "cancelled by hand", false);

        assertThat(outcome(instance)).containsOnly(Map.entry(JourneyOutcomes.OUTCOME, "AWAITING_DROP_OFF"));
    }

    @Test
    void aCancellationThatSkipsCustomListenersKeepsNoOutcome() {
        String instance = dropOffAwaitingTheBuyer();

        // Cockpit's cancel dialog ticks "Skip custom listeners" unless the operator unticks it
        runtime.deleteProcessInstance(instance, "cancelled by hand", true);

        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance).finished().count())
                .isOne();
        assertThat(outcome(instance)).isEmpty();
    }

    @Test
    void onlyTheReturnJourneyWritesAnOutcome() {
        assertThat(endListeners(ReturnJourney.PROCESS_KEY)).filteredOn(JourneyOutcomes.class::isInstance).hasSize(1);
        assertThat(endListeners(StoreShipmentProcess.PROCESS_KEY)).noneMatch(JourneyOutcomes.class::isInstance);
    }

    /** A drop-off's journey, waiting for the buyer to bring the parcel to the store. */
    private String dropOffAwaitingTheBuyer() {
        TestRestTemplate merchant = rest.withBasicAuth("merchant", "merchant");
        String returnId = merchant.postForObject("/api/returns", storeDropOff(newOrderId(), "S-SZ-001"),
                JsonNode.class).path("id").asText();
        Eventually.await("return " + returnId + " to wait for the buyer", WAIT,
                () -> merchant.getForObject("/api/returns/" + returnId, JsonNode.class),
                r -> "AWAITING_DROP_OFF".equals(r.path("status").asText()));
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(returnId).singleResult().getId();
    }

    /** The outcome the engine's history keeps of the instance, as Cockpit's "Finished journeys" reads it. */
    private Map<String, Object> outcome(String instance) {
        Map<String, Object> byName = new TreeMap<>();
        history.createHistoricVariableInstanceQuery().processInstanceId(instance)
                .variableNameIn(JourneyOutcomes.OUTCOME, JourneyOutcomes.REFUND_STATUS, JourneyOutcomes.REFUND_AMOUNT,
                        JourneyOutcomes.REFUND_CURRENCY)
                .list().forEach(v -> byName.put(v.getName(), v.getValue()));
        return byName;
    }

    private List<ExecutionListener> endListeners(String processKey) {
        String id = repository.createProcessDefinitionQuery().processDefinitionKey(processKey).latestVersion()
                .singleResult().getId();
        ProcessDefinitionEntity definition =
                (ProcessDefinitionEntity) ((RepositoryServiceImpl) repository).getDeployedProcessDefinition(id);
        return definition.getListeners(ExecutionListener.EVENTNAME_END).stream()
                .filter(ExecutionListener.class::isInstance).map(ExecutionListener.class::cast).toList();
    }
}
