package io.returnflow.storeshipment;

import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.dropoff.Store;
import io.returnflow.dropoff.StoreClerks;
import io.returnflow.dropoff.Stores;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;
import io.returnflow.support.SharedPostgres;
import io.returnflow.support.Timers;

/**
 * A store's shipment becomes full and its collection time comes, in every order, on the booted application
 * and a real PostgreSQL, with the job executor off: the test runs each job itself and makes the collection
 * time fire exactly when it says, on a thread of its own as another node's job executor would. Whatever the
 * order, the shipment leaves once, the parcel that joined it rides in it and its close lists it, and no
 * check-in's step fails.
 *
 * <p>Under load a parcel that filled a shipment failed to join it when the collection time moved the
 * shipment on in between (the join then told a shipment that no longer waited); its step was retried after
 * the shipment had closed without it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("test")
@DirtiesContext
class ShipmentFullOrCollectionTimeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Two parcels fill a shipment; the schedule never fires by itself during a test. */
    private static final int PARCELS = 2;
    private static final String NEVER_DURING_THE_TEST = "0 0 3 1 1 ?";
    private static final String JOIN = "Activity_JoinStoreShipment";

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        SharedPostgres.useNewDatabase(registry, "shipment_race");
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Stores stores;
    @Autowired
    StoreClerks clerks;
    @Autowired
    StoreShipments shipments;
    @Autowired
    RuntimeService runtime;
    @Autowired
    ManagementService management;
    @Autowired
    SandboxCourier sandboxCourier;
    @Autowired
    SandboxCarrierOrders sandboxOrders;
    @MockitoSpyBean
    StoreShipmentProcess process;
    @MockitoSpyBean
    CollectionTimeCame collectionTimeCame;

    @Test
    void theCollectionTimeThatComesJustBeforeTheParcelThatFillsTheShipmentTellsItWaitsForThatParcel()
            throws Exception {
        collectionTimeComesWhileTheParcelThatFillsTheShipmentJoins("S-RACE-BEFORE", false);
    }

    @Test
    void theCollectionTimeThatComesJustAfterTheParcelThatFillsTheShipmentToldItFindsTheShipmentGone()
            throws Exception {
        collectionTimeComesWhileTheParcelThatFillsTheShipmentJoins("S-RACE-AFTER", true);
    }

    /**
     * The moment the filling parcel's join tells the shipment it is full (just before, or just after, within
     * its transaction), the collection time fires on another thread. It has to wait for that check-in: when
     * it moved the shipment on in between, the join failed (no one waiting, or the instance changed under
     * it), and its retry could find the shipment closed without the parcel.
     */
    private void collectionTimeComesWhileTheParcelThatFillsTheShipmentJoins(String storeId, boolean afterTelling)
            throws Exception {
        String store = store(storeId);
        String first = checkIn(store);
        join(first);
        StoreShipment shipment = shipments.ofReturn(first).orElseThrow();
        String filling = checkIn(store);
        Job collectionTime = collectionTimer(shipment);
        CountDownLatch collectionTimeWaits = new CountDownLatch(1);
        doAnswer(call -> {
            collectionTimeWaits.countDown();
            return call.callRealMethod();
        }).when(collectionTimeCame).notify(any());
        CompletableFuture<Void> collection = new CompletableFuture<>();
        doAnswer(call -> {
            if (!afterTelling) {
                collectionTimeComes(collectionTime, collection, collectionTimeWaits);
            }
            Object told = call.callRealMethod();
            if (afterTelling) {
                collectionTimeComes(collectionTime, collection, collectionTimeWaits);
            }
            return told;
        }).when(process).tellIfWaiting(anyString(), eq(StoreShipmentProcess.MSG_SHIPMENT_FULL));

        join(filling);

        // the collection time waited for the check-in, and then found the shipment gone: it moved nothing on
        assertThat(collectionTimeWaits.getCount()).isZero();
        assertThat(collection).failsWithin(TIMEOUT);
        assertThat(management.createJobQuery().jobId(collectionTime.getId()).count()).isZero();
        assertLeavesOnceWith(shipment, first, filling);

        // and the shipment takes both parcels to the warehouse
        execute(job(shipment.processInstanceId(), "Activity_BookStorePickup"));
        new Courier(sandboxCourier, sandboxOrders, jdbc).deliver(Courier.shipment(shipment.id()));
        execute(Eventually.await("the signature to reach shipment " + shipment.id(), TIMEOUT,
                () -> jobs(shipment.processInstanceId()).stream()
                        .filter(j -> "Activity_ReceiveShipmentReturns".equals(activityOf(j))).findFirst(),
                Optional::isPresent).orElseThrow());
        for (String id : List.of(first, filling)) {
            assertThat(timelineTypes(id)).as(id).containsSubsequence("SHIPMENT_JOINED", "SHIPMENT_BOOKED", "SIGNED");
        }
    }

    /**
     * Fires the collection time on a thread of its own, as another node's job executor would, and returns once
     * it has either finished or reached the store's lock.
     */
    private void collectionTimeComes(Job collectionTime, CompletableFuture<Void> outcome, CountDownLatch atTheLock)
            throws Exception {
        new Thread(() -> {
            try {
                management.executeJob(collectionTime.getId());
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        }, "another-node").start();
        CompletableFuture.anyOf(outcome, CompletableFuture.runAsync(() -> await(atTheLock)))
                .handle((done, failed) -> null).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aParcelThatFillsTheShipmentAfterItsCollectionTimeCameStillRidesInIt() {
        String store = store("S-RACE-TIME");
        String first = checkIn(store);
        join(first);
        StoreShipment shipment = shipments.ofReturn(first).orElseThrow();
        String late = checkIn(store);

        // the shipment left its gateway on its schedule and is still OPEN: its close has not run yet
        new Timers(runtime, management).fire("store-shipment", store, "Event_CollectionTime");
        assertThat(runtime.getActiveActivityIds(shipment.processInstanceId())).containsExactly(
                "Activity_CloseShipment");
        assertThat(shipments.get(shipment.id()).status()).isEqualTo(ShipmentStatus.OPEN);
        join(late);

        assertLeavesOnceWith(shipment, first, late);
    }

    @Test
    void theCollectionTimeAfterTheParcelThatFilledTheShipmentFindsNothingToFire() {
        String store = store("S-RACE-RULE");
        String first = checkIn(store);
        join(first);
        StoreShipment shipment = shipments.ofReturn(first).orElseThrow();
        Job collectionTime = collectionTimer(shipment);
        String filling = checkIn(store);

        join(filling);

        assertThat(management.createJobQuery().jobId(collectionTime.getId()).count()).isZero();
        assertLeavesOnceWith(shipment, first, filling);
    }

    /**
     * The shipment's instance left its gateway once and waits to close; no other step of it and no check-in's
     * step is left over or failed; its close lists exactly the parcels, each of which rides in it alone and
     * whose journey waits for the warehouse.
     */
    private void assertLeavesOnceWith(StoreShipment shipment, String... returnIds) {
        String instance = shipment.processInstanceId();
        assertThat(runtime.getActiveActivityIds(instance)).containsExactly("Activity_CloseShipment");
        assertThat(jobs(instance)).singleElement().extracting(this::activityOf).isEqualTo("Activity_CloseShipment");
        for (String id : returnIds) {
            assertThat(journeyJobs(id, JOIN)).as("the join of " + id).isEmpty();
            assertThat(management.createJobQuery().processInstanceId(journey(id).getId()).withException().count())
                    .as("failed steps of " + id).isZero();
            assertThat(runtime.getActiveActivityIds(journey(id).getId())).as(id).containsExactly("Gateway_AwaitSigned");
        }

        execute(job(instance, "Activity_CloseShipment"));

        assertThat(shipments.get(shipment.id()).status()).isEqualTo(ShipmentStatus.CLOSED);
        assertThat(shipments.returnIds(shipment.id())).containsExactlyInAnyOrder(returnIds);
        assertThat(runtime.getVariable(instance, "parcels")).isEqualTo(returnIds.length);
        assertThat(runtime.getActiveActivityIds(instance)).containsExactly("Activity_BookStorePickup");
        for (String id : returnIds) {
            assertThat(shipments.ofReturn(id)).map(StoreShipment::id).contains(shipment.id());
        }
    }

    private String store(String id) {
        OffsetDateTime now = OffsetDateTime.now();
        stores.create(new Store(id, "Store " + id, "广东省", "深圳市", "南山区", "科技园 " + id, "518057", "0755-1",
                "10:00-22:00", null, PARCELS, NEVER_DURING_THE_TEST, true), "test", now);
        clerks.bind(id, "clerk", "test", now);
        return id;
    }

    /** A drop-off return created and checked in at the store; its journey waits to join the shipment. */
    private String checkIn(String storeId) {
        ResponseEntity<JsonNode> created = rest.withBasicAuth("merchant", "merchant")
                .postForEntity("/api/returns", storeDropOff(newOrderId(), storeId), JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String code = created.getBody().path("dropOff").path("code").asText();
        ResponseEntity<JsonNode> checkedIn = rest.withBasicAuth("clerk", "clerk")
                .postForEntity("/api/stores/" + storeId + "/check-ins", map("code", code), JsonNode.class);
        assertThat(checkedIn.getStatusCode()).as(String.valueOf(checkedIn.getBody())).isEqualTo(HttpStatus.OK);
        return created.getBody().path("id").asText();
    }

    /** Runs the journey's step "Put the parcel in the store's next shipment", which must not fail. */
    private void join(String returnId) {
        List<Job> join = journeyJobs(returnId, JOIN);
        assertThat(join).as("the join of " + returnId).hasSize(1);
        execute(join.get(0));
    }

    private Job collectionTimer(StoreShipment shipment) {
        return management.createJobQuery().processInstanceId(shipment.processInstanceId()).timers()
                .activityId("Event_CollectionTime").singleResult();
    }

    private ProcessInstance journey(String returnId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey("return-journey")
                .processInstanceBusinessKey(returnId).singleResult();
    }

    private List<Job> journeyJobs(String returnId, String activityId) {
        return management.createJobQuery().processInstanceId(journey(returnId).getId()).activityId(activityId).list();
    }

    private List<Job> jobs(String processInstanceId) {
        return management.createJobQuery().processInstanceId(processInstanceId).list();
    }

    private Job job(String processInstanceId, String activityId) {
        Job job = management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId)
                .singleResult();
        assertThat(job).as("the job of " + activityId).isNotNull();
        return job;
    }

    private String activityOf(Job job) {
        return management.createJobDefinitionQuery().jobDefinitionId(job.getJobDefinitionId()).singleResult()
                .getActivityId();
    }

    private void execute(Job job) {
        management.executeJob(job.getId());
    }

    private List<String> timelineTypes(String returnId) {
        return rest.withBasicAuth("merchant", "merchant").getForObject("/api/returns/" + returnId + "/timeline",
                JsonNode.class).findValuesAsText("type");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
