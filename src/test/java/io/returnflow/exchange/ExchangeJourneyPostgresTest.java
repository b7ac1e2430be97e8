package io.returnflow.exchange;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.events.EventSequencer;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;
import io.returnflow.support.SharedPostgres;

/**
 * Exchanges end to end on PostgreSQL, through the HTTP API and the sandbox shop, with the job executor running:
 * a pending order the shop confirms later, and the race between the shop's answer and the journey reaching its
 * wait. For the race, the journey's look-up is held after it read the order (its row locked) while the shop's answer
 * arrives: the answer waits for the row, and finds the journey waiting once it has it. And the shop's confirmation
 * while customer service chases the order: the journey follows it, nothing falls back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.main.allow-bean-definition-overriding=true")
@ActiveProfiles("test")
@DirtiesContext
@Import({ExchangeTestSettlements.class, ExchangeJourneyPostgresTest.HeldLookUp.class})
class ExchangeJourneyPostgresTest {

    /** The longest the asynchronous work of a journey may take; waits end as soon as it is done. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PENDING_THEN_CONFIRMED = "SKU-1-BLUE-sandbox:pending-confirmed";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    RuntimeService runtime;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EventSequencer sequencer;
    @Autowired
    ExchangeTestSettlements.Settlements settlements;
    @Autowired
    ExchangeOrders orders;
    @Autowired
    ManagementService management;
    @Autowired
    TaskService tasks;
    @Autowired
    CommerceProperties commerce;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        SharedPostgres.useNewDatabase(registry, "exchanges");
    }

    @Test
    void aPendingOrderIsConfirmedByTheShopAndTheReturnCompletes() {
        String id = create(PENDING_THEN_CONFIRMED);
        new Courier(sandboxCourier, sandboxOrders, jdbc).deliver(Courier.pickup(id, 1));
        Eventually.await("the journey waiting for the shop", TIMEOUT,
                () -> runtime.createEventSubscriptionQuery().processInstanceId(instance(id))
                        .eventName(ExchangeOrderService.MSG_CONFIRMED).count(), n -> n == 1);
        assertThat(exchange(id).path("status").asText()).isEqualTo("PENDING");

        ResponseEntity<JsonNode> stepped = rest.postForEntity("/sandbox/commerce/step", null, JsonNode.class);
        assertThat(stepped.getStatusCode()).as("decided now; told by the step or the sandbox's next tick")
                .isEqualTo(HttpStatus.OK);
        awaitStatus(id, "COMPLETED");

        JsonNode exchange = exchange(id);
        assertThat(exchange.path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(exchange.path("shopOrderId").asText()).startsWith("SHOP-");
        assertThat(exchange.path("instant").asBoolean()).isFalse();
        assertThat(exchange.path("lines").get(0).path("sku").asText()).isEqualTo(PENDING_THEN_CONFIRMED);
        List<String> types = eventTypes(id);
        assertThat(types).containsSubsequence("parcel.received", "exchange.requested", "exchange.confirmed",
                "refund.succeeded", "return.completed");
        assertThat(types).filteredOn(type -> type.startsWith("exchange.")).hasSize(2);
    }

    @Test
    void theShopsAnswerArrivingWhileTheJourneyLooksUpTheOrderWaitsForItAndFindsItWaiting() throws Exception {
        String id = create(PENDING_THEN_CONFIRMED);
        HeldLookUp.Hold hold = HeldLookUp.hold(id);
        new Courier(sandboxCourier, sandboxOrders, jdbc).deliver(Courier.pickup(id, 1));

        // the journey has read the order (PENDING) and holds its row, not yet waiting for the message
        assertThat(hold.lookedUp.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the look-up ran").isTrue();
        assertThat(runtime.createEventSubscriptionQuery().processInstanceId(instance(id))
                .eventName(ExchangeOrderService.MSG_CONFIRMED).count()).isZero();

        CompletableFuture<ResponseEntity<JsonNode>> answer = CompletableFuture.supplyAsync(() ->
                rest.withBasicAuth("merchant", "merchant").postForEntity("/api/exchange-orders/EX-" + id + "/outcome",
                        Map.of("outcome", "CONFIRMED", "shopOrderId", "SHOP-RACE"), JsonNode.class));
        // the answer's transaction waits for the order's row the look-up holds
        Eventually.await("the shop's answer waiting for the order's row", TIMEOUT, () -> jdbc.sql("""
                select count(*) from pg_stat_activity where wait_event_type = 'Lock'
                   and query like '%exchange_orders%for update%'""").query(Long.class).single(), n -> n == 1);
        assertThat(answer).isNotDone();

        hold.proceed.countDown();
        assertThat(answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.OK);
        awaitStatus(id, "COMPLETED");
        assertThat(orders.ofReturn(id).orElseThrow().shopOrderId()).isEqualTo("SHOP-RACE");
        assertThat(eventTypes(id)).containsSubsequence("exchange.requested", "exchange.confirmed",
                "refund.succeeded");
    }

    @Test
    void theShopsConfirmationWhileCustomerServiceChasesTheOrderSettlesTheExchangeAndNothingFallsBack() {
        String id = create(PENDING_THEN_CONFIRMED);
        new Courier(sandboxCourier, sandboxOrders, jdbc).deliver(Courier.pickup(id, 1));
        // the shop (pending until stepped) is asked as often as configured: each ask's timer fired now
        for (int ask = 1; ask <= commerce.answers().asksBeforeCustomerService(); ask++) {
            Job timer = Eventually.await("the wait for the shop's answer, ask " + ask, TIMEOUT,
                    () -> management.createJobQuery().processInstanceId(instance(id))
                            .activityId("Event_NoExchangeAnswerYet").singleResult(), java.util.Objects::nonNull);
            management.executeJob(timer.getId());
        }
        Task chase = Eventually.await("customer service chasing the order", TIMEOUT,
                () -> tasks.createTaskQuery().processInstanceId(instance(id))
                        .taskDefinitionKey("Activity_ChaseExchangeOrder").singleResult(), java.util.Objects::nonNull);

        // the shop confirms through the outcome API while the task is open
        assertThat(rest.withBasicAuth("merchant", "merchant").postForEntity("/api/exchange-orders/EX-" + id
                + "/outcome", Map.of("outcome", "CONFIRMED", "shopOrderId", "SHOP-CHASED"), JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        awaitStatus(id, "COMPLETED");
        assertThat(tasks.createTaskQuery().taskId(chase.getId()).count()).as("the chase withdrawn").isZero();
        assertThat(settlements.calls).noneMatch(call -> call.contains(id));
        assertThat(orders.ofReturn(id).orElseThrow().status()).isEqualTo(ExchangeStatus.CONFIRMED);
        assertThat(eventTypes(id)).containsSubsequence("exchange.requested", "exchange.confirmed", "refund.succeeded")
                .doesNotContain("exchange.refused");
    }

    private String create(String replacementSku) {
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant").postForEntity("/api/returns",
                homePickup(newOrderId()), JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        String id = created.getBody().path("id").asText();
        settlements.replacementSku.put(id, replacementSku);
        return id;
    }

    private String instance(String returnId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(returnId).singleResult().getId();
    }

    private JsonNode exchange(String id) {
        return rest.withBasicAuth("merchant", "merchant").getForObject("/api/returns/" + id, JsonNode.class)
                .path("exchange");
    }

    private void awaitStatus(String id, String status) {
        Eventually.await(id + " " + status, TIMEOUT, () -> rest.withBasicAuth("merchant", "merchant")
                .getForObject("/api/returns/" + id, JsonNode.class).path("status").asText(), status::equals);
    }

    private List<String> eventTypes(String id) {
        sequencer.placeAll();
        JsonNode page = rest.withBasicAuth("merchant", "merchant").getForObject("/api/events?after=0&returnId=" + id,
                JsonNode.class);
        List<String> types = new ArrayList<>();
        page.path("events").forEach(event -> types.add(event.path("type").asText()));
        return types;
    }

    /** "Look up the exchange order" as the application runs it, held after the read for the returns a test names. */
    @TestConfiguration
    static class HeldLookUp {

        private static final Map<String, Hold> HOLDS = new ConcurrentHashMap<>();

        static Hold hold(String returnId) {
            Hold hold = new Hold();
            HOLDS.put(returnId, hold);
            return hold;
        }

        @Bean("lookUpExchangeOrder")
        @Primary
        JavaDelegate lookUpExchangeOrder(ExchangeOrderService service) {
            LookUpExchangeOrder real = new LookUpExchangeOrder(service);
            return (DelegateExecution execution) -> {
                real.execute(execution);
                Hold hold = HOLDS.remove(execution.getProcessBusinessKey());
                if (hold != null) {
                    hold.lookedUp.countDown();
                    // generous: the test releases it as soon as the answer waits for the row
                    if (!hold.proceed.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never released the look-up");
                    }
                }
            };
        }

        static final class Hold {
            final CountDownLatch lookedUp = new CountDownLatch(1);
            final CountDownLatch proceed = new CountDownLatch(1);
        }
    }
}
