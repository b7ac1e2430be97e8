package io.returnflow.inspection;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;

/**
 * Analysts own what the warehouse does with a line nobody inspected: a changed {@code return-dispositions.dmn},
 * deployed as Camunda Modeler deploys it (the file alone, through the repository), decides the next return's lines,
 * with no change to the application; a return dispositioned before keeps its dispositions. A cell answering a
 * value outside the column's declared dispositions is refused at deployment. An expression that computes something
 * that is no disposition records nothing: the parcel's signature fails, naming the value and the table, and is
 * parked for operations, who put it back in line once a corrected table is deployed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class DispositionTableOfAnalystsTest {

    /** The longest the asynchronous work of a journey may take; waits end as soon as it is done. */
    private static final Duration JOURNEY_TIMEOUT = Duration.ofSeconds(120);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RepositoryService repository;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aDispositionAnAnalystChangesDecidesTheNextReturnWithoutJava() throws IOException {
        String before = delivered();
        assertThat(dispositions(completed(before))).containsExactly("RETURN_TO_VENDOR");

        // defective items are thrown away rather than sent back to the vendor, and the rule says so
        deploy("return dispositions: analyst", shipped()
                .replace("<text>\"RETURN_TO_VENDOR\"</text>", "<text>\"DISPOSE\"</text>")
                .replace("it goes back to the vendor, never", "it is thrown away, never"));

        String after = delivered();
        assertThat(dispositions(completed(after))).containsExactly("DISPOSE");
        assertThat(dispositions(view(before))).as("decided before the change").containsExactly("RETURN_TO_VENDOR");
        assertThat(timeline(after)).contains("Line L1, SKU SKU-1, quantity 1: DISPOSE (not inspected)");

        deploy("return dispositions: shipped again", shipped());
    }

    @Test
    void aTypoInADispositionIsRefusedAtDeploymentAndTheJourneyKeepsTheTableItHad() throws IOException {
        String typo = shipped().replace("<text>\"RETURN_TO_VENDOR\"</text>", "<text>\"RETURN_TO_VENDER\"</text>");
        int versions = versions();

        assertThatThrownBy(() -> deploy("return dispositions: typo", typo))
                .hasStackTraceContaining("The decision table 'return-disposition' cannot be deployed")
                .hasStackTraceContaining("\"RETURN_TO_VENDER\" for 'disposition', which is none of its declared "
                        + "values RESTOCK, REFURBISH, DISPOSE, RETURN_TO_VENDOR");
        assertThat(versions()).as("nothing deployed").isEqualTo(versions);

        assertThat(dispositions(completed(delivered()))).containsExactly("RETURN_TO_VENDOR");
    }

    @Test
    void anAnswerAnExpressionComputesThatIsNoDispositionParksTheSignatureUntilACorrectedTableIsDeployed()
            throws IOException {
        // an expression passes the deployment's check: what it answers is known only when the table is asked
        deploy("return dispositions: computed", shipped().replace("<text>\"RETURN_TO_VENDOR\"</text>",
                "<text>\"RETURN_TO_\" + \"VENDER\"</text>"));

        String id = delivered();
        JsonNode parked = Eventually.await("the signature of " + id + " to be parked", JOURNEY_TIMEOUT,
                () -> parkedEntryOf(id), entry -> entry != null);
        assertThat(parked.path("lastError").asText()).contains("The analysts' table return-disposition "
                + "(processes/return-dispositions.dmn) answered the disposition 'RETURN_TO_VENDER' for line L1 of "
                + "return " + id + " (rule defective-to-vendor)");
        JsonNode waiting = view(id);
        assertThat(waiting.path("status").asText()).as("nothing of the signature is kept").isEqualTo("IN_TRANSIT");
        assertThat(dispositions(waiting)).containsOnlyNulls();

        deploy("return dispositions: corrected", shipped());
        ResponseEntity<JsonNode> requeued = rest.withBasicAuth("ops", "ops").postForEntity(
                "/api/carrier-inbox/" + parked.path("id").asLong() + "/requeue", null, JsonNode.class);
        assertThat(requeued.getStatusCode()).isEqualTo(HttpStatus.OK);

        assertThat(dispositions(completed(id))).containsExactly("RETURN_TO_VENDOR");
    }

    private static String shipped() throws IOException {
        return Files.readString(Path.of(DispositionPolicy.TABLE_FILE), StandardCharsets.UTF_8);
    }

    private int versions() {
        return (int) repository.createDecisionDefinitionQuery().decisionDefinitionKey(DispositionPolicy.DECISION_KEY)
                .count();
    }

    private void deploy(String name, String table) {
        repository.createDeployment().name(name).addString("return-dispositions.dmn", table).deploy();
    }

    /** A home pickup of one defective T-shirt of 99.00 (inspected automatically), collected and signed for. */
    private String delivered() {
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/returns",
                homePickup(newOrderId()), JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        String id = created.getBody().path("id").asText();
        new Courier(sandboxCourier, sandboxOrders, jdbc).deliver(Courier.pickup(id, 1));
        return id;
    }

    private JsonNode completed(String id) {
        return Eventually.await("return " + id + " to complete", JOURNEY_TIMEOUT, () -> view(id),
                r -> "COMPLETED".equals(r.path("status").asText()));
    }

    private JsonNode parkedEntryOf(String id) {
        JsonNode entries = rest.withBasicAuth("ops", "ops").getForObject("/api/carrier-inbox?status=PARKED",
                JsonNode.class);
        return StreamSupport.stream(entries.spliterator(), false)
                .filter(entry -> id.equals(entry.path("returnId").asText())).findFirst().orElse(null);
    }

    private JsonNode view(String id) {
        return rest.withBasicAuth("merchant", "merchant").getForObject("/api/returns/" + id, JsonNode.class);
    }

    private static List<String> dispositions(JsonNode returnResource) {
        return StreamSupport.stream(returnResource.path("items").spliterator(), false)
                .map(item -> item.path("disposition").isNull() ? null : item.path("disposition").asText()).toList();
    }

    private List<String> timeline(String id) {
        JsonNode entries = rest.withBasicAuth("merchant", "merchant").getForObject("/api/returns/" + id + "/timeline",
                JsonNode.class);
        return StreamSupport.stream(entries.spliterator(), false).map(entry -> entry.path("detail").asText()).toList();
    }
}
