package io.returnflow.e2e;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.events.EventSequencer;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnSettlements;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * A return that gives store credit, through the journey as the local run drives it (job executor on, the sandbox
 * carrier, payment provider and store-credit system over HTTP): the credit is issued after the refund, once, and the
 * return's view and the merchant's events say so; a credit the system refuses goes to customer service, whose form
 * refuses a decision without its reference and records a credit issued by hand. The settlements port answers the
 * credit a test gives its return, and the product's (the lines' resolutions) for the others.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
@SuppressWarnings("unchecked")
class StoreCreditEndToEndTest {

    /** The longest the asynchronous work of a journey may take; waits end as soon as it is done. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String RESOLVE = "Activity_ResolveStoreCreditFailure";

    /** The credit each return gives, by return id: what the settlements port answers. */
    static final Map<String, ReturnSettlements.StoreCreditTerms> CREDITS = new ConcurrentHashMap<>();

    @TestConfiguration
    static class CreditGiven {

        /** The credit a test gives its return; the product's answer (the lines' resolutions) for every other. */
        @Bean
        @Primary
        ReturnSettlements creditGiven(@Qualifier("returnSettlementsOfLines") ReturnSettlements ofLines) {
            return new ReturnSettlements() {
                @Override
                public Optional<StoreCreditTerms> storeCredit(String returnId) {
                    return CREDITS.containsKey(returnId) ? Optional.of(CREDITS.get(returnId))
                            : ofLines.storeCredit(returnId);
                }

                @Override
                public List<ExchangeLine> exchangeLines(String returnId) {
                    return ofLines.exchangeLines(returnId);
                }

                @Override
                public List<String> exchangeRefused(String returnId, String reason, String actor) {
                    return ofLines.exchangeRefused(returnId, reason, actor);
                }

                @Override
                public void chooseFallback(String returnId, Resolution choice, String actor) {
                    ofLines.chooseFallback(returnId, choice, actor);
                }
            };
        }
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventSequencer sequencer;

    private JourneyApi api;

    @BeforeEach
    void overHttp() {
        api = new JourneyApi(rest, TIMEOUT);
    }

    @Test
    void aReturnGivingStoreCreditIsCreditedOnceAfterItsRefundAndTheMerchantHearsOfIt() throws Exception {
        String id = api.create(homePickup(newOrderId()));
        String customer = "cus_e2e_" + id;
        CREDITS.put(id, terms(id, customer));

        courier().deliver(Courier.pickup(id, 1));
        JsonNode done = awaitStatus(id, "COMPLETED");

        JsonNode credit = done.path("storeCredit");
        assertThat(credit.path("status").asText()).isEqualTo("ISSUED");
        assertThat(credit.path("amount").asText()).isEqualTo("40.00");
        assertThat(credit.path("bonus").asText()).isEqualTo("4.00");
        assertThat(credit.path("currency").asText()).isEqualTo("CNY");
        assertThat(credit.path("providerCreditId").asText()).startsWith("sc_");
        assertThat(credit.path("issuedAt").asText()).isNotBlank();
        List<String> types = types(events(id));
        assertThat(types).containsSubsequence("refund.succeeded", "store_credit.issued", "return.completed");
        assertThat(types).containsOnlyOnce("store_credit.issued").doesNotContain("store_credit.failed");
        JsonNode account = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rest.getForObject(
                "/sandbox/store-credit/accounts/" + customer, String.class));
        assertThat(account.path("entries")).hasSize(1);
        assertThat(account.path("valueBalance").asText()).isEqualTo("40.00");
        assertThat(account.path("bonusBalance").asText()).isEqualTo("4.00");
    }

    @Test
    void aLineTheBuyerTakesAsStoreCreditIsCreditedWithTheBonusTheTableGives() {
        Map<String, Object> body = homePickup(newOrderId());
        body.put("reason", "CHANGED_MIND");
        ((Map<String, Object>) body.get("customer")).put("tier", "VIP");
        item(body, 0).put("resolution", "STORE_CREDIT");
        String id = api.create(body);

        courier().deliver(Courier.pickup(id, 1));
        JsonNode done = awaitStatus(id, "COMPLETED");

        JsonNode credit = done.path("storeCredit");
        assertThat(credit.path("status").asText()).isEqualTo("ISSUED");
        assertThat(credit.path("amount").asText()).isEqualTo(done.path("settlement").path("storeCredit").asText())
                .isEqualTo("99.00");
        assertThat(credit.path("bonus").asText()).isEqualTo(done.path("settlement").path("storeCreditBonus").asText())
                .isEqualTo("9.90");
        assertThat(types(events(id))).containsOnlyOnce("store_credit.issued");
    }

    @Test
    void aRefusedCreditGoesToCustomerServiceWhoRecordsItAsIssuedByHand() {
        String id = api.create(homePickup(newOrderId()));
        CREDITS.put(id, terms(id, "cus_closed"));

        courier().deliver(Courier.pickup(id, 1));
        JsonNode task = api.awaitTask("cs", id, RESOLVE);
        assertThat(api.getReturn(id).path("actionRequired").asBoolean()).isTrue();
        assertThat(api.getReturn(id).path("storeCredit").path("status").asText()).isEqualTo("FAILED");

        ResponseEntity<JsonNode> withoutReference = api.complete("cs", task,
                map("storeCreditFailureDecision", map("value", "ISSUED_BY_HAND")));
        assertThat(withoutReference.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(withoutReference.getBody().toString()).contains("storeCreditReference");

        ResponseEntity<JsonNode> decided = api.complete("cs", task, map(
                "storeCreditFailureDecision", map("value", "ISSUED_BY_HAND"),
                "storeCreditReference", map("value", "GC-2026-0042")));
        assertThat(decided.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode done = awaitStatus(id, "COMPLETED");

        assertThat(done.path("storeCredit").path("status").asText()).isEqualTo("ISSUED");
        assertThat(done.path("storeCredit").path("providerCreditId").isNull()).isTrue();
        assertThat(done.path("actionRequired").asBoolean()).isFalse();
        List<String> types = types(events(id));
        assertThat(types).containsSubsequence("refund.succeeded", "store_credit.failed", "task.opened",
                "store_credit.issued", "return.completed");
        assertThat(types).containsOnlyOnce("store_credit.failed", "store_credit.issued");
        assertThat(api.timelineTypes(id)).contains("STORE_CREDIT_FAILURE_DECIDED");
    }

    private static ReturnSettlements.StoreCreditTerms terms(String id, String customer) {
        return new ReturnSettlements.StoreCreditTerms(id, "SO-" + id, customer, "CNY", new BigDecimal("40.00"),
                new BigDecimal("4.00"));
    }

    private JsonNode awaitStatus(String id, String status) {
        return Eventually.await(id + " to be " + status, TIMEOUT, () -> api.getReturn(id),
                r -> status.equals(r.path("status").asText()));
    }

    /** Places what committed, then reads every event of the return in place order. */
    private List<JsonNode> events(String id) {
        sequencer.placeAll();
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api.as("merchant").getForObject("/api/events?after=" + after + "&returnId=" + id,
                    JsonNode.class);
            page.path("events").forEach(all::add);
            if (page.path("events").isEmpty()) {
                return all;
            }
            after = page.path("next").asLong();
        }
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    private Courier courier() {
        return new Courier(sandboxCourier, sandboxOrders, jdbc);
    }
}
