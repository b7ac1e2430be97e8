package io.returnflow.journey;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.returns.OrderGuards;
import io.returnflow.returns.RefundTiming;
import io.returnflow.returns.ReturnRepository;

/**
 * Customer service's change of a line decides on the return as it stands once the change holds its locks, not as it
 * was read before: a risk review that made the refund wait for inspection while the change waited for the order's
 * lock is not undone by the change moving the refund "at hand-over" to "at receipt". The other transaction commits
 * exactly in that window (when the change asks for the order's lock), so the test needs no timing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class ResolutionChangeReadsTheLockedReturnTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ReturnRepository returns;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    Clock clock;
    @MockitoSpyBean
    OrderGuards orderGuards;

    @Test
    void aRefundARiskReviewMadeWaitForInspectionMeanwhileStillWaitsForIt() {
        Map<String, Object> body = homePickup(newOrderId());
        body.put("reason", "CHANGED_MIND");
        @SuppressWarnings("unchecked")
        Map<String, Object> customer = (Map<String, Object>) body.get("customer");
        customer.put("tier", "VIP");
        JsonNode created = send(rest.withBasicAuth("merchant", "merchant"), HttpMethod.POST, "/api/returns", body)
                .getBody();
        String id = created.path("id").asText();
        String orderId = created.path("orderId").asText();
        assertThat(created.path("refund").path("due").asText()).as("the table's answer").isEqualTo("AT_DROP_OFF");

        // "Record risk review" (REQUIRE_INSPECTION) commits its write of the refund's timing while the change waits
        AtomicBoolean reviewPending = new AtomicBoolean(true);
        doAnswer(call -> {
            if (orderId.equals(call.getArgument(0)) && reviewPending.compareAndSet(true, false)) {
                TransactionTemplate review = new TransactionTemplate(transactions);
                review.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
                review.executeWithoutResult(tx -> returns.updateRefundDue(id, RefundTiming.AFTER_INSPECTION,
                        OffsetDateTime.now(clock)));
            }
            return call.callRealMethod();
        }).when(orderGuards).lock(anyString());

        ResponseEntity<JsonNode> changed = send(rest.withBasicAuth("cs", "cs"), HttpMethod.PUT,
                "/api/returns/" + id + "/items/L1/resolution", map("resolution", "EXCHANGE",
                        "exchangeFor", map("sku", "SKU-1-M", "name", "T 恤 M", "unitPrice", "79.00")));

        assertThat(reviewPending).as("the review committed inside the change").isFalse();
        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(changed.getBody().path("items").get(0).path("resolution").asText()).isEqualTo("EXCHANGE");
        assertThat(changed.getBody().path("refund").path("due").asText()).isEqualTo("AFTER_INSPECTION");
        assertThat(returns.get(id).refundPlan().due()).isEqualTo(RefundTiming.AFTER_INSPECTION.name());
    }

    private static ResponseEntity<JsonNode> send(TestRestTemplate client, HttpMethod method, String path,
                                                 Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return client.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }
}
