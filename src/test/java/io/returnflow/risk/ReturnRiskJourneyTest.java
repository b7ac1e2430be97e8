package io.returnflow.risk;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The risk assessment in the running application: a return asked through the API is assessed by the deployed
 * return-risk table from its buyer's history, and the return's view, its timeline and customer service's task say
 * which rules fired, why, and on what facts, with no personal data among them. A risky return waits for customer
 * service, whose decision the server checks as the form does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "returnflow.risk.lookback=90d")
@ActiveProfiles("test")
@DirtiesContext
class ReturnRiskJourneyTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    TaskService tasks;
    @Autowired
    RuntimeService runtime;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aNewBuyersReturnIsAssessedAndTheReturnSaysWhyOnWhatFacts() {
        String phone = uniquePhone();
        String id = create(request("C-RISK-" + UUID.randomUUID(), phone, "99.00"));

        JsonNode risk = view(id).path("risk");
        assertThat(risk.path("actions")).extracting(JsonNode::asText).containsExactly("REFUSE_INSTANT_EXCHANGE");
        assertThat(risk.path("rules")).hasSize(1);
        assertThat(risk.path("rules").get(0).path("rule").asText()).isEqualTo("new-customer");
        assertThat(risk.path("rules").get(0).path("action").asText()).isEqualTo("REFUSE_INSTANT_EXCHANGE");
        assertThat(risk.path("rules").get(0).path("description").asText()).startsWith("A buyer without any history");
        assertThat(risk.path("facts").path("newCustomer").asBoolean()).isTrue();
        assertThat(risk.path("facts").path("returnCount").asInt()).isZero();
        assertThat(risk.path("facts").path("itemsTotal").asText()).isEqualTo("99.00");
        assertThat(risk.path("decisionVersion").asInt()).isPositive();
        assertThat(risk.path("decidedAt").isMissingNode()).isFalse();
        assertThat(timeline(id)).anySatisfy(event -> {
            assertThat(event.path("type").asText()).isEqualTo("RISK_ASSESSED");
            assertThat(event.path("detail").asText()).contains("REFUSE_INSTANT_EXCHANGE").contains("new-customer");
        });

        // what is kept of the assessment holds no contact: counts and flags only
        String kept = jdbc.sql("select facts || rules from risk_assessments where return_id = ?").param(id)
                .query(String.class).single();
        assertThat(kept).doesNotContain(phone).doesNotContain("张三").doesNotContain("科技园")
                .doesNotContain("zs@example.com");
    }

    @Test
    void aValuableItemIsInspectedAndTheRefundWaitsForIt() {
        String id = create(request("C-RISK-" + UUID.randomUUID(), uniquePhone(), "2500.00"));

        JsonNode view = view(id);
        assertThat(view.path("risk").path("actions")).extracting(JsonNode::asText)
                .containsExactly("REQUIRE_INSPECTION", "REFUSE_INSTANT_EXCHANGE");
        assertThat(view.path("refund").path("due").asText()).isEqualTo("AFTER_INSPECTION");
        assertThat(runtime.getVariable(processOf(id), "inspection")).isEqualTo("MANUAL");
        assertThat(runtime.getVariable(processOf(id), "instantExchangeAllowed")).isEqualTo(false);
    }

    @Test
    void aFrequentReturnerWaitsForCustomerServiceWhoSeeTheRulesAndRejectWithAReason() {
        String buyer = "C-RISK-" + UUID.randomUUID();
        String phone = uniquePhone();
        for (int i = 0; i < 5; i++) {
            JsonNode earlier = view(create(request(buyer, phone, "99.00")));
            assertThat(earlier.path("actionRequired").asBoolean()).as(earlier.toString()).isFalse();
        }
        String id = create(request(buyer, phone, "99.00"));

        JsonNode view = view(id);
        assertThat(view.path("actionRequired").asBoolean()).isTrue();
        assertThat(view.path("risk").path("facts").path("returnCount").asInt()).isEqualTo(5);
        assertThat(view.path("risk").path("rules")).extracting(rule -> rule.path("rule").asText())
                .contains("frequent-returner", "most-orders-returned");
        Task review = tasks.createTaskQuery().processInstanceId(processOf(id)).singleResult();
        assertThat(review.getTaskDefinitionKey()).isEqualTo("Activity_ReviewRiskyReturn");
        String summary = (String) tasks.getVariableLocal(review.getId(), "riskSummary");
        assertThat(summary).contains("frequent-returner → CUSTOMER_SERVICE_REVIEW: Five or more other returns")
                .contains("returnCount=5").doesNotContain(phone);
        assertThat(timeline(id)).anySatisfy(event -> assertThat(event.path("detail").asText())
                .contains("Review risky return"));

        // the server refuses a decision without its reason, naming the field, and the task stays open
        ResponseEntity<JsonNode> refused = rest.withBasicAuth("cs", "cs").postForEntity(
                "/engine-rest/task/" + review.getId() + "/complete",
                Map.of("variables", Map.of("riskReviewDecision", Map.of("value", "REJECT"),
                        "riskReviewNote", Map.of("value", ""))), JsonNode.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody().path("errors").findValuesAsText("field")).contains("riskReviewNote");
        assertThat(tasks.createTaskQuery().taskId(review.getId()).count()).isOne();

        ResponseEntity<String> decided = rest.withBasicAuth("cs", "cs").postForEntity(
                "/engine-rest/task/" + review.getId() + "/complete",
                Map.of("variables", Map.of("riskReviewDecision", Map.of("value", "REJECT"),
                        "riskReviewNote", Map.of("value", "Six returns of one T-shirt in a week"))), String.class);
        assertThat(decided.getStatusCode()).as(decided.getBody()).isEqualTo(HttpStatus.NO_CONTENT);

        JsonNode rejected = view(id);
        assertThat(rejected.path("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.path("actionRequired").asBoolean()).isFalse();
        assertThat(rejected.path("rejectionReasons")).extracting(JsonNode::asText)
                .containsExactly("Rejected after a risk review: Six returns of one T-shirt in a week");
        assertThat(rejected.path("risk").path("review").path("decision").asText()).isEqualTo("REJECT");
        assertThat(rejected.path("risk").path("review").path("by").asText()).isEqualTo("cs");
        assertThat(timeline(id)).extracting(event -> event.path("type").asText())
                .containsSubsequence("RISK_ASSESSED", "ACTION_REQUIRED", "RISK_REVIEWED", "REJECTED");
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(processOf(id)).count()).isZero();
    }

    @Test
    void aPhoneOfThreeBuyersIsReviewedAndTheReturnCanStillBeCancelledMeanwhile() {
        String phone = uniquePhone();
        for (int i = 0; i < 2; i++) {
            create(request("C-RISK-" + UUID.randomUUID(), phone, "99.00"));
        }
        String id = create(request("C-RISK-" + UUID.randomUUID(), phone, "99.00"));
        JsonNode view = view(id);
        assertThat(view.path("risk").path("facts").path("sharedPhoneCustomers").asInt()).isEqualTo(2);
        assertThat(view.path("risk").path("rules")).extracting(rule -> rule.path("rule").asText())
                .containsExactly("shared-phone", "new-customer");
        assertThat(tasks.createTaskQuery().processInstanceId(processOf(id)).singleResult().getTaskDefinitionKey())
                .isEqualTo("Activity_ReviewRiskyReturn");

        ResponseEntity<JsonNode> cancelled = rest.withBasicAuth("merchant", "merchant").postForEntity(
                "/api/returns/" + id + "/cancellation", Map.of("reason", "The buyer keeps it"), JsonNode.class);

        assertThat(cancelled.getStatusCode()).as(String.valueOf(cancelled.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(view(id).path("status").asText()).isEqualTo("CANCELLED");
        assertThat(view(id).path("actionRequired").asBoolean()).isFalse();
        assertThat(tasks.createTaskQuery().processInstanceId(processOf(id)).count()).isZero();
    }

    private Map<String, Object> request(String buyer, String phone, String unitPrice) {
        Map<String, Object> body = homePickup(newOrderId());
        @SuppressWarnings("unchecked")
        Map<String, Object> customer = (Map<String, Object>) body.get("customer");
        customer.put("id", buyer);
        customer.put("phone", phone);
        item(body, 0).put("unitPrice", unitPrice);
        // each buyer at an address of their own: the tests' buyers share no address (that is a rule of its own)
        @SuppressWarnings("unchecked")
        Map<String, Object> address = (Map<String, Object>) ((Map<String, Object>) body.get("pickup")).get("address");
        address.put("line", "科技园 " + buyer.hashCode() + " 号");
        return body;
    }

    private String create(Map<String, Object> body) {
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/returns",
                body, JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    private JsonNode view(String id) {
        return rest.withBasicAuth("merchant", "merchant").getForObject("/api/returns/" + id, JsonNode.class);
    }

    private List<JsonNode> timeline(String id) {
        JsonNode answer = rest.withBasicAuth("merchant", "merchant").getForObject("/api/returns/" + id + "/timeline",
                JsonNode.class);
        JsonNode events = answer.isArray() ? answer : answer.path("events");
        return java.util.stream.StreamSupport.stream(events.spliterator(), false).toList();
    }

    private String processOf(String id) {
        return jdbc.sql("select process_instance_id from returns where id = ?").param(id).query(String.class).single();
    }

    private static String uniquePhone() {
        return "136" + String.format("%08d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L));
    }
}
