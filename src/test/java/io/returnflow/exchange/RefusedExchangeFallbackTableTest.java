package io.returnflow.exchange;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
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
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnSettlements;
import io.returnflow.support.ProbeDeployments;

/**
 * Customer service's choice for the lines of a refused exchange is checked against the resolutions table, as a change
 * of a line's resolution is: with a table whose seller's-fault rule allows refund or exchange, no store credit, and
 * leaves a refused exchange to customer service, "Resolve refused exchange" refuses STORE_CREDIT (400 naming
 * {@code exchangeFallback}, the task stays open, the line still waits) and takes REFUND.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class RefusedExchangeFallbackTableTest {

    private static final String PROBE = "resolve-refused-exchange-probe";

    @RegisterExtension
    final ProbeDeployments probes = new ProbeDeployments();

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RepositoryService repository;
    @Autowired
    RuntimeService runtime;
    @Autowired
    TaskService tasks;
    @Autowired
    ReturnSettlements settlements;
    @Autowired
    ReturnRepository returns;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void aFallbackTheLinesRuleDoesNotAllowIsRefusedAndTheTaskStaysOpen() throws IOException {
        String table = Files.readString(Path.of("processes", "return-resolutions.dmn"), StandardCharsets.UTF_8);
        String sellersFaultFallback = """
                <outputEntry id="Rule_SellersFault_Out6">
                          <text>"REFUND"</text>""";
        assertThat(table.replaceAll("\\s+", " ")).contains(sellersFaultFallback.replaceAll("\\s+", " "));
        String changed = table.replaceFirst(
                "(<outputEntry id=\"Rule_SellersFault_Out6\">\\s*<text>)\"REFUND\"(</text>)",
                "$1\"CUSTOMER_SERVICE\"$2");
        assertThat(changed).isNotEqualTo(table);
        probes.deploy(repository.createDeployment().name("return resolutions: analyst")
                .addString("return-resolutions.dmn", changed));

        // a defective T-shirt (the seller's fault: refund or exchange, no credit) to be exchanged; the shop refuses
        Map<String, Object> body = homePickup(newOrderId());
        item(body, 0).put("resolution", "EXCHANGE");
        item(body, 0).put("exchangeFor", map("sku", "SKU-1-L", "name", "T 恤 L", "unitPrice", "99.00"));
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant")
                .postForEntity("/api/returns", body, JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String id = created.getBody().path("id").asText();
        List<String> waiting = transaction.execute(tx -> settlements.exchangeRefused(id, "out of stock", "shop"));
        assertThat(waiting).containsExactly("L1");
        assertThat(settlements.fallbackChoices(id)).containsExactly(Resolution.REFUND);

        String task = openTask(id);
        ResponseEntity<JsonNode> refused = complete(task, "STORE_CREDIT");

        assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("errors").findValuesAsText("field")).containsExactly("exchangeFallback");
        assertThat(refused.getBody().path("errors").findValuesAsText("message"))
                .singleElement().asString().contains("STORE_CREDIT is not allowed", "REFUND");
        assertThat(tasks.createTaskQuery().taskId(task).count()).as("the task stays open").isOne();
        assertThat(returns.resolutions(id).get("L1").fallbackPending()).isTrue();
        // the step that carries a choice out holds to the table as well
        assertThatThrownBy(() -> transaction.executeWithoutResult(
                tx -> settlements.chooseFallback(id, Resolution.STORE_CREDIT, "cs")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("L1");
        assertThat(returns.resolutions(id).get("L1").fallbackPending()).isTrue();

        assertThat(complete(task, "REFUND").getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        transaction.executeWithoutResult(tx -> settlements.chooseFallback(id, Resolution.REFUND, "cs"));
        assertThat(returns.resolutions(id).get("L1").resolution()).isEqualTo(Resolution.REFUND);
        assertThat(returns.resolutions(id).get("L1").fallbackPending()).isFalse();
    }

    /** The journey's "Resolve refused exchange" task with its decision listener, open for the return. */
    private String openTask(String returnId) {
        BpmnModelInstance probe = Bpmn.createExecutableProcess(PROBE).camundaHistoryTimeToLive(1).startEvent()
                .userTask(ResolveRefusedExchangeDecided.TASK).name("Resolve refused exchange")
                .camundaCandidateGroups("customer-service")
                .camundaTaskListenerDelegateExpression("complete", "${resolveRefusedExchangeDecided}")
                .endEvent().done();
        probes.deploy(PROBE + ".bpmn", probe);
        String instance = runtime.startProcessInstanceByKey(PROBE, Map.of("returnId", returnId)).getId();
        return tasks.createTaskQuery().processInstanceId(instance).singleResult().getId();
    }

    private ResponseEntity<JsonNode> complete(String task, String choice) {
        return rest.withBasicAuth("cs", "cs").postForEntity("/engine-rest/task/" + task + "/complete",
                Map.of("variables", Map.of("exchangeFallback", Map.of("value", choice))), JsonNode.class);
    }
}
