package io.returnflow.risk;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Analysts own the risk thresholds: a changed {@code return-risk.dmn}, deployed as Camunda Modeler deploys it
 * (the file alone, through the repository), assesses the next return, with no change to the application; a return
 * assessed before keeps the assessment, and the version, it was decided by.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "returnflow.risk.lookback=90d")
@ActiveProfiles("test")
@DirtiesContext
class ReturnRiskTableOfAnalystsTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RepositoryService repository;

    @Test
    void aThresholdAnAnalystLowersAssessesTheNextReturnWithoutJava() throws IOException {
        String before = create("150.00");
        JsonNode shipped = view(before).path("risk");
        assertThat(shipped.path("actions")).extracting(JsonNode::asText).doesNotContain("REQUIRE_INSPECTION");

        // the analyst inspects every item of 100 or more, and says so in the rule's description
        String table = Files.readString(Path.of("processes", "return-risk.dmn"), StandardCharsets.UTF_8);
        String changed = table.replace("<text>&gt;= 2000</text>", "<text>&gt;= 100</text>")
                .replace("An item worth 2000 or more", "An item worth 100 or more");
        assertThat(changed).isNotEqualTo(table).contains("An item worth 100 or more");
        repository.createDeployment().name("return risk: analyst").addString("return-risk.dmn", changed).deploy();

        String after = create("150.00");
        JsonNode decided = view(after).path("risk");
        assertThat(decided.path("decisionVersion").asInt())
                .isEqualTo(shipped.path("decisionVersion").asInt() + 1);
        assertThat(decided.path("actions")).extracting(JsonNode::asText).contains("REQUIRE_INSPECTION");
        assertThat(decided.path("rules")).anySatisfy(rule -> {
            assertThat(rule.path("rule").asText()).isEqualTo("valuable-item");
            assertThat(rule.path("description").asText()).startsWith("An item worth 100 or more");
        });
        assertThat(view(after).path("refund").path("due").asText()).isEqualTo("AFTER_INSPECTION");

        // the return assessed before is not assessed again, and says what decided it then
        JsonNode unchanged = view(before);
        assertThat(unchanged.path("risk")).isEqualTo(shipped);
        assertThat(unchanged.path("refund").path("due").asText()).isNotEqualTo("AFTER_INSPECTION");
    }

    private String create(String unitPrice) {
        Map<String, Object> body = homePickup(newOrderId());
        @SuppressWarnings("unchecked")
        Map<String, Object> customer = (Map<String, Object>) body.get("customer");
        String buyer = "C-RISK-" + UUID.randomUUID();
        customer.put("id", buyer);
        customer.put("phone", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> address = (Map<String, Object>) ((Map<String, Object>) body.get("pickup")).get("address");
        address.put("line", "科技园 " + buyer.hashCode() + " 号");
        io.returnflow.support.ReturnRequests.item(body, 0).put("unitPrice", unitPrice);
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/returns",
                body, JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    private JsonNode view(String id) {
        return rest.withBasicAuth("merchant", "merchant").getForObject("/api/returns/" + id, JsonNode.class);
    }
}
