package io.returnflow.carrier.journey;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.map;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URLDecoder;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import io.returnflow.carrier.kdniao.DataSign;
import io.returnflow.carrier.kdniao.KdniaoProperties;
import io.returnflow.carrier.kdniao.KdniaoTime;
import io.returnflow.carrier.support.Recorded;
import io.returnflow.support.Eventually;

/**
 * The booted application with the carrier played by a stub Kdniao (WireMock) instead of the sandbox:
 * bookings and cancellations go out through the real adapter over HTTP, pushes come in as the carrier
 * sends them (signed forms to the webhook) and are worked off by the inbox. The job executor is off:
 * each test runs the journey's jobs itself, so retries and failures happen exactly when the test says.
 * The sandbox payment provider stays on, so refunds are real calls and rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "returnflow.carrier.sandbox.enabled=false",
        "camunda.bpm.job-execution.enabled=false",
        "spring.cloud.openfeign.client.config.kdniao.read-timeout=" + KdniaoCarrierJourneyTest.READ_TIMEOUT_MS})
@ActiveProfiles("test")
@DirtiesContext
class KdniaoCarrierJourneyTest {

    /**
     * Short enough that a carrier that hangs is given up on within a test, long enough that a busy machine
     * never times a normal answer out.
     */
    static final int READ_TIMEOUT_MS = 10_000;

    private static final String ORDER_SERVICE = "/kdniao/api/OOrderService";
    private static final String DISTRIBUTION = "/kdniao/api/dist";
    private static final String BOOK_PICKUP = "Activity_BookPickup";
    private static final String CANCEL_PICKUP = "Activity_CancelPickup";
    private static final String ISSUE_REFUND = "Activity_IssueRefund";
    /** The longest the inbox may take to work pushes off; waits end as soon as it did. */
    private static final Duration INBOX_TIMEOUT = Duration.ofSeconds(120);
    private static final String SUCCESS = "{\"EBusinessID\":\"1000001\",\"Success\":true,\"ResultCode\":\"100\",\"Reason\":\"\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final WireMockServer kdniao = startKdniao();

    private static WireMockServer startKdniao() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void carrier(DynamicPropertyRegistry registry) {
        registry.add("returnflow.carrier.kdniao.base-url", () -> kdniao.baseUrl() + "/kdniao");
    }

    @AfterAll
    static void stopKdniao() {
        kdniao.stop();
    }

    @Autowired
    TestRestTemplate rest;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ManagementService management;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    KdniaoProperties kdniaoProperties;

    /** Kdniao as it behaves on a good day: books, cancels, subscribes. Tests override with priority 1. */
    @BeforeEach
    void aWorkingCarrier() {
        kdniao.resetAll();
        kdniao.stubFor(post(urlEqualTo(ORDER_SERVICE)).atPriority(10).withFormParam("RequestType", equalTo("1801"))
                .willReturn(answer(Recorded.kdniao("answer-1801-booked.json"))));
        kdniao.stubFor(post(urlEqualTo(ORDER_SERVICE)).atPriority(10).withFormParam("RequestType", equalTo("1802"))
                .willReturn(answer(SUCCESS)));
        kdniao.stubFor(post(urlEqualTo(DISTRIBUTION)).atPriority(10).willReturn(answer(SUCCESS)));
    }

    // ---------------------------------------------------------------- pushes

    @Test
    void aPushWithAWrongSignatureIs401AndChangesNothing() {
        String id = createBookedReturn();
        KdniaoPushes pushes = pushes(id);
        String collected = pushes.collected(now().minusMinutes(5));
        List<String> timelineBefore = timelineTypes(id);

        ResponseEntity<JsonNode> otherKey = push("103", collected, DataSign.sign(collected, "not-our-app-key"));
        ResponseEntity<JsonNode> tampered = push("103", collected.replace("\"State\":301", "\"State\":3"),
                DataSign.sign(collected, appKey()));
        ResponseEntity<JsonNode> unsigned = push("103", collected, "");

        for (ResponseEntity<JsonNode> refused : List.of(otherKey, tampered, unsigned)) {
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(refused.getHeaders().getContentType()).isNotNull()
                    .satisfies(type -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        }
        assertThat(inboxStatuses(pushes.orderCode())).isEmpty();
        assertThat(timelineTypes(id)).isEqualTo(timelineBefore);
        JsonNode unchanged = view(id);
        assertThat(unchanged.path("status").asText()).isEqualTo("AWAITING_PICKUP");
        assertThat(unchanged.path("pickup").path("trackingState").asText()).isEqualTo("BOOKED");

        // the very same push signed with our key is believed: the 401s were about the signature alone
        pushSigned("103", collected);
        awaitInboxWorkedOff(pushes.orderCode(), 1);
        assertThat(view(id).path("status").asText()).isEqualTo("IN_TRANSIT");
    }

    @Test
    void theSameCollectedPushThreeTimesCollectsOnce() {
        String id = createBookedReturn();
        KdniaoPushes pushes = pushes(id);
        OffsetDateTime collectedAt = now().minusMinutes(5);
        String collected = pushes.collected(collectedAt);

        for (int i = 0; i < 3; i++) {
            pushSigned("103", collected);
        }
        // re-pushes are acknowledged but not stored again
        awaitInboxWorkedOff(pushes.orderCode(), 1);
        // the same fact in another snapshot (the carrier's record changed a little) is a new entry, and still one collection
        pushSigned("103", pushes.collected(collectedAt.plusMinutes(1)));
        awaitInboxWorkedOff(pushes.orderCode(), 2);

        List<String> timeline = timelineTypes(id);
        assertThat(Collections.frequency(timeline, "TRACKING_COLLECTED")).isEqualTo(1);
        assertThat(Collections.frequency(timeline, "COLLECTED")).isEqualTo(1);
        JsonNode collectedReturn = view(id);
        assertThat(collectedReturn.path("status").asText()).isEqualTo("IN_TRANSIT");
        assertThat(collectedReturn.path("pickup").path("trackingState").asText()).isEqualTo("COLLECTED");
        assertThat(collectedReturn.path("pickup").path("waybill").asText()).isEqualTo(pushes.waybill());
        String journey = processInstanceId(id);
        assertThat(runtime.createEventSubscriptionQuery().processInstanceId(journey).eventType("message")
                .eventName("ParcelCollected").count()).as("no longer waiting for the courier").isZero();
        assertThat(runtime.createEventSubscriptionQuery().processInstanceId(journey).eventType("message")
                .eventName("ParcelSigned").count()).as("waiting for the warehouse").isEqualTo(1);
    }

    @Test
    void aSignedPushBeforeTheCollectedPushCompletesTheJourneyOnce() {
        String id = createBookedReturn();
        KdniaoPushes pushes = pushes(id);
        OffsetDateTime collectedAt = now().minusMinutes(50);

        pushSigned("101", pushes.signed(collectedAt, now().minusMinutes(5)));
        awaitInboxWorkedOff(pushes.orderCode(), 1);

        assertThat(view(id).path("status").asText()).isEqualTo("RECEIVED");
        execute(job(id, ISSUE_REFUND));

        JsonNode done = view(id);
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.path("actionRequired").asBoolean()).isFalse();
        assertThat(sandboxRefunds(id)).isEqualTo(1);
        assertThat(completedJourneys(id)).isEqualTo(1);
        List<String> timeline = timelineTypes(id);
        assertThat(timeline).containsSubsequence("PICKUP_BOOKED", "COLLECTED", "SIGNED", "REFUNDED", "COMPLETED");
        assertOnce(timeline, "COLLECTED", "SIGNED", "REFUNDED", "COMPLETED");

        // the collected push arrives late: recorded, nothing else moves
        pushSigned("103", pushes.collected(collectedAt));
        awaitInboxWorkedOff(pushes.orderCode(), 2);

        JsonNode after = view(id);
        assertThat(after.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(after.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(after.path("pickup").path("trackingState").asText()).as("never moves backwards").isEqualTo("SIGNED");
        assertThat(sandboxRefunds(id)).isEqualTo(1);
        assertThat(completedJourneys(id)).isEqualTo(1);
        assertOnce(timelineTypes(id), "COLLECTED", "SIGNED", "REFUNDED", "COMPLETED");
    }

    @Test
    void pushesThatArriveBeforeTheBookingIsRecordedAreKeptAndAppliedOnceItIs() {
        String id = createReturn();
        KdniaoPushes pushes = pushes(id);
        OffsetDateTime collectedAt = now().minusMinutes(50);

        // the carrier is quicker than the booking job's commit
        pushSigned("103", pushes.collected(collectedAt));
        pushSigned("101", pushes.signed(collectedAt, now().minusMinutes(5)));
        Eventually.await("the inbox to find no booking yet", INBOX_TIMEOUT,
                () -> jdbc.sql("select last_error from carrier_inbox where order_code = ? and last_error is not null")
                        .param(pushes.orderCode()).query(String.class).list(),
                errors -> !errors.isEmpty());
        assertThat(inboxStatuses(pushes.orderCode())).containsExactly("PENDING", "PENDING");
        assertThat(jdbc.sql("select last_error from carrier_inbox where order_code = ? order by id")
                .param(pushes.orderCode()).query(String.class).list().get(0)).contains("No booking recorded yet");
        assertThat(view(id).path("status").asText()).isEqualTo("REQUESTED");
        assertThat(timelineTypes(id)).noneMatch(type -> type.startsWith("TRACKING_"));

        execute(job(id, BOOK_PICKUP));
        awaitInboxWorkedOff(pushes.orderCode(), 2);

        assertThat(view(id).path("status").asText()).isEqualTo("RECEIVED");
        execute(job(id, ISSUE_REFUND));
        JsonNode done = view(id);
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(sandboxRefunds(id)).isEqualTo(1);
        assertThat(completedJourneys(id)).isEqualTo(1);
        assertOnce(timelineTypes(id), "PICKUP_BOOKED", "COLLECTED", "SIGNED", "REFUNDED", "COMPLETED");
        assertThat(orderCodesSent("1801")).containsExactly(pushes.orderCode());
    }

    @Test
    void aParcelSignedForAsReturnedToItsSenderNeverStartsARefund() {
        String id = createBookedReturn();
        KdniaoPushes pushes = pushes(id);
        OffsetDateTime collectedAt = now().minusMinutes(50);
        pushSigned("103", pushes.collected(collectedAt));
        awaitInboxWorkedOff(pushes.orderCode(), 1);
        assertThat(view(id).path("status").asText()).isEqualTo("IN_TRANSIT");

        // State 3 ("signed") with StateEx 406: signed for by the buyer, on the way back
        pushSigned("101", pushes.returnedToSender(collectedAt, now().minusMinutes(5)));
        awaitInboxWorkedOff(pushes.orderCode(), 2);

        JsonNode r = view(id);
        assertThat(r.path("status").asText()).isEqualTo("IN_TRANSIT");
        assertThat(r.path("refund").path("status").asText()).isEqualTo("NOT_DUE");
        assertThat(r.path("pickup").path("trackingState").asText()).isEqualTo("RETURNED_TO_SENDER");
        String journey = processInstanceId(id);
        assertThat(management.createJobQuery().processInstanceId(journey).activityId(ISSUE_REFUND).count()).isZero();
        assertThat(runtime.createEventSubscriptionQuery().processInstanceId(journey).eventType("message")
                .eventName("ParcelSigned").count()).as("still waiting for the warehouse").isEqualTo(1);
        assertThat(sandboxRefunds(id)).isZero();
        List<String> timeline = timelineTypes(id);
        assertThat(timeline).contains("TRACKING_RETURNED_TO_SENDER").doesNotContain("SIGNED", "TRACKING_SIGNED");
        // it will not reach the warehouse on its own: customer service investigates at once
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(journey)
                .activityId("Activity_InvestigateMissingParcel").unfinished().count()).isEqualTo(1);
        assertThat(r.path("actionRequired").asBoolean() || view(id).path("actionRequired").asBoolean()).isTrue();
    }

    @Test
    void aWaybillChangeAReturnToSenderAndAReDispatchRefundNothingUntilTheWarehouseSignsTheCurrentWaybill() {
        String id = createBookedReturn();
        KdniaoPushes pushes = pushes(id);
        String order = pushes.orderCode();
        OffsetDateTime collectedAt = now().minusMinutes(90);

        // the courier is named with the code the buyer gives them; at the door is not a collection
        pushSigned("103", pushes.courierAssigned(collectedAt.minusMinutes(30), "4821"));
        pushSigned("103", pushes.courierAtTheDoor(collectedAt.minusMinutes(5)));
        awaitInboxWorkedOff(order, 2);
        JsonNode assigned = view(id);
        assertThat(assigned.path("status").asText()).isEqualTo("AWAITING_PICKUP");
        assertThat(assigned.path("pickup").path("trackingState").asText()).isEqualTo("COURIER_AT_DOOR");
        assertThat(assigned.path("pickup").path("courier").path("pickupCode").asText()).isEqualTo("4821");
        assertThat(assigned.path("pickup").path("courier").path("name").asText()).isEqualTo("王师傅");
        assertThat(assigned.path("pickup").path("carrierOrderRef").asText()).as("the 1801 answer's KDNOrderCode")
                .isEqualTo("KDNIST2611270001");

        pushSigned("103", pushes.collected(collectedAt));
        awaitInboxWorkedOff(order, 3);
        assertThat(view(id).path("status").asText()).isEqualTo("IN_TRANSIT");

        // 302 in the pickup vocabulary: the waybill changed. Not a signature.
        String second = "SF" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 10_000_000_000L);
        pushSigned("103", pushes.waybillChanged(collectedAt.plusMinutes(10), second));
        awaitInboxWorkedOff(order, 4);
        JsonNode changed = view(id);
        assertThat(changed.path("status").asText()).isEqualTo("IN_TRANSIT");
        assertThat(changed.path("pickup").path("waybill").asText()).isEqualTo(second);
        assertThat(subscriptionStatus(pushes.waybill())).isEqualTo("SUPERSEDED");
        assertThat(subscriptionStatus(second)).isIn("REQUESTED", "SUBSCRIBED");

        // signed for as returned to its sender, on the current waybill: never receipt, and customer service looks
        pushSigned("101", pushes.returnedToSenderOn(second, collectedAt, now().minusMinutes(60)));
        awaitInboxWorkedOff(order, 5);
        assertThat(view(id).path("pickup").path("trackingState").asText()).isEqualTo("RETURNED_TO_SENDER");
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId(id))
                .activityId("Activity_InvestigateMissingParcel").unfinished().count()).isEqualTo(1);

        // re-dispatched to another carrier with a new waybill
        String third = "ZT" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 10_000_000_000L);
        pushSigned("103", pushes.redispatched(now().minusMinutes(50), "SF", second, "ZTO", third));
        awaitInboxWorkedOff(order, 6);
        JsonNode redispatched = view(id);
        assertThat(redispatched.path("pickup").path("carrier").asText()).isEqualTo("ZTO");
        assertThat(redispatched.path("pickup").path("waybill").asText()).isEqualTo(third);
        assertThat(subscriptionStatus(second)).isEqualTo("SUPERSEDED");
        assertThat(timelineEntry(id, "PICKUP_REDISPATCHED").path("detail").asText()).contains("ZTO", third, second);

        // a signature on a superseded waybill is parked for operations
        pushSigned("101", pushes.signedOn(pushes.waybill(), collectedAt, now().minusMinutes(40)));
        pushSigned("101", pushes.signedOn(second, collectedAt, now().minusMinutes(30)));
        List<String> statuses = awaitInboxSettled(order, 8);
        assertThat(statuses.subList(6, 8)).containsOnly("PARKED");

        JsonNode waiting = view(id);
        assertThat(waiting.path("status").asText()).isEqualTo("IN_TRANSIT");
        assertThat(waiting.path("refund").path("status").asText()).isEqualTo("NOT_DUE");
        String journey = processInstanceId(id);
        assertThat(management.createJobQuery().processInstanceId(journey).activityId(ISSUE_REFUND).count()).isZero();
        assertThat(sandboxRefunds(id)).isZero();
        assertThat(timelineTypes(id)).doesNotContain("SIGNED", "RECEIVED", "REFUNDED");

        // the warehouse signs for the waybill the parcel travels on now: receipt, one refund
        pushSigned("101", pushes.signedOn(third, collectedAt, now().minusMinutes(5)));
        assertThat(awaitInboxSettled(order, 9).get(8)).isEqualTo("PROCESSED");
        assertThat(view(id).path("status").asText()).isEqualTo("RECEIVED");
        execute(job(id, ISSUE_REFUND));
        JsonNode done = view(id);
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("refund").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(sandboxRefunds(id)).isEqualTo(1);
    }

    @Test
    void aCarrierThatCancelsThePickupIsACourierWhoDidNotComeAtOnce() {
        String id = createBookedReturn();
        KdniaoPushes pushes = pushes(id);

        pushSigned("103", pushes.cancelledByCarrier(now().minusMinutes(5)));
        awaitInboxWorkedOff(pushes.orderCode(), 1);

        // no waiting for the window to pass: the rebooking step is next
        assertThat(job(id, "Activity_RebookPickup")).isNotNull();
        assertThat(view(id).path("pickup").path("trackingState").asText()).isEqualTo("PICKUP_FAILED");
        assertThat(timelineTypes(id)).contains("TRACKING_PICKUP_FAILED").doesNotContain("COLLECTED");
    }

    @Test
    void aFakeCollectionFoundOutAfterTheJourneyMovedOnGoesToTheMissingParcelInvestigation() {
        String id = createBookedReturn();
        KdniaoPushes pushes = pushes(id);
        OffsetDateTime collectedAt = now().minusMinutes(60);
        pushSigned("103", pushes.collected(collectedAt));
        awaitInboxWorkedOff(pushes.orderCode(), 1);
        assertThat(view(id).path("status").asText()).isEqualTo("IN_TRANSIT");

        pushSigned("103", pushes.fakeCollection(collectedAt.plusMinutes(20)));
        awaitInboxWorkedOff(pushes.orderCode(), 2);

        String journey = processInstanceId(id);
        assertThat(jdbc.sql("select collected_at from pickup_bookings where order_code = ?").param(pushes.orderCode())
                .query(OffsetDateTime.class).optional()).as("the collection is taken back").isEmpty();
        assertThat(runtime.createEventSubscriptionQuery().processInstanceId(journey).eventType("message")
                .eventName("ParcelSigned").count()).as("customer service investigates").isEqualTo(1);
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(journey)
                .activityId("Activity_InvestigateMissingParcel").unfinished().count()).isEqualTo(1);
        // the order's own "signed" without a collection is not receipt: it waits
        pushSigned("103", pushes.pickupOrderSigned(now().minusMinutes(5), pushes.waybill()));
        Eventually.await("the signature to wait for a collection", INBOX_TIMEOUT,
                () -> jdbc.sql("select last_error from carrier_inbox where order_code = ? and status = 'PENDING'")
                        .param(pushes.orderCode()).query(String.class).list(),
                errors -> errors.size() == 1 && errors.get(0) != null);
        assertThat(sandboxRefunds(id)).isZero();
    }

    // ---------------------------------------------------------------- calls to the carrier

    @Test
    void aCarrierDownForAWhileIsRetriedWithTheSameOrderCode() {
        StubMapping down = kdniao.stubFor(post(urlEqualTo(ORDER_SERVICE)).atPriority(1)
                .withFormParam("RequestType", equalTo("1801"))
                .willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));
        String id = createReturn();
        String orderCode = "RF-" + id + "-1";

        Throwable failure = catchThrowable(() -> execute(job(id, BOOK_PICKUP)));

        assertThat(failure).isNotNull();
        Job retried = job(id, BOOK_PICKUP);
        assertThat(retried.getRetries()).isEqualTo(4);
        assertThat(retried.getExceptionMessage())
                .isEqualTo("Kdniao answered HTTP 503 to 1801 (" + orderCode + "): Service Unavailable");
        JsonNode waiting = view(id);
        assertThat(waiting.path("status").asText()).isEqualTo("REQUESTED");
        assertThat(waiting.path("actionRequired").asBoolean()).as("retries left: no person needed yet").isFalse();
        assertThat(waiting.path("pickup").path("orderCode").isNull()).isTrue();
        assertThat(timelineTypes(id)).doesNotContain("PICKUP_BOOKED");

        kdniao.removeStub(down);
        execute(job(id, BOOK_PICKUP));

        JsonNode booked = view(id);
        assertThat(booked.path("status").asText()).isEqualTo("AWAITING_PICKUP");
        assertThat(booked.path("pickup").path("orderCode").asText()).isEqualTo(orderCode);
        assertThat(booked.path("pickup").path("attempt").asInt()).isEqualTo(1);
        assertThat(orderCodesSent("1801")).containsExactly(orderCode, orderCode);
        assertThat(management.createJobQuery().processInstanceId(processInstanceId(id)).messages().count())
                .as("no step left to run, only the no-show timer waits").isZero();
    }

    @Test
    void aBookingWhoseAnswerTimedOutIsTakenAsBookedWhenTheCarrierSaysItExists() {
        StubMapping slow = kdniao.stubFor(post(urlEqualTo(ORDER_SERVICE)).atPriority(1)
                .withFormParam("RequestType", equalTo("1801"))
                .willReturn(answer(Recorded.kdniao("answer-1801-booked.json")).withFixedDelay(READ_TIMEOUT_MS + 1000)));
        String id = createReturn();
        String orderCode = "RF-" + id + "-1";

        assertThat(catchThrowable(() -> execute(job(id, BOOK_PICKUP)))).isNotNull();

        Job retried = job(id, BOOK_PICKUP);
        assertThat(retried.getRetries()).isEqualTo(4);
        assertThat(retried.getExceptionMessage()).startsWith("Kdniao could not be reached for 1801 (" + orderCode + ")")
                .containsIgnoringCase("timed out");

        // the first call did reach the carrier: it answers the retry with "order already exists"
        kdniao.removeStub(slow);
        kdniao.stubFor(post(urlEqualTo(ORDER_SERVICE)).atPriority(1).withFormParam("RequestType", equalTo("1801"))
                .willReturn(answer(Recorded.kdniao("answer-1801-exists.json"))));
        execute(job(id, BOOK_PICKUP));

        JsonNode booked = view(id);
        assertThat(booked.path("status").asText()).isEqualTo("AWAITING_PICKUP");
        assertThat(booked.path("pickup").path("orderCode").asText()).isEqualTo(orderCode);
        assertThat(orderCodesSent("1801")).containsExactly(orderCode, orderCode);
    }

    @Test
    void aCarrierDownForGoodBecomesAnIncidentThatAsksForAPerson() {
        kdniao.stubFor(post(urlEqualTo(ORDER_SERVICE)).atPriority(1).withFormParam("RequestType", equalTo("1801"))
                .willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));
        String id = createReturn();
        String orderCode = "RF-" + id + "-1";

        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(catchThrowable(() -> execute(job(id, BOOK_PICKUP)))).as("attempt " + attempt).isNotNull();
        }

        assertThat(job(id, BOOK_PICKUP).getRetries()).isZero();
        Incident incident = runtime.createIncidentQuery().processInstanceId(processInstanceId(id)).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
        assertThat(incident.getActivityId()).isEqualTo(BOOK_PICKUP);
        assertThat(incident.getIncidentMessage())
                .isEqualTo("Kdniao answered HTTP 503 to 1801 (" + orderCode + "): Service Unavailable");
        JsonNode stuck = view(id);
        assertThat(stuck.path("actionRequired").asBoolean()).isTrue();
        assertThat(stuck.path("status").asText()).isEqualTo("REQUESTED");
        assertThat(orderCodesSent("1801")).hasSize(5).containsOnly(orderCode);
    }

    @Test
    void aCancellationTheCarrierAcceptsEndsTheReturnCancelled() {
        String id = createBookedReturn();
        String orderCode = "RF-" + id + "-1";

        assertThat(cancel(id).path("status").asText()).isEqualTo("CANCELLED");
        execute(job(id, CANCEL_PICKUP));

        assertThat(endActivity(id)).isEqualTo("EndEvent_ReturnCancelled");
        JsonNode cancelled = view(id);
        assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("actionRequired").asBoolean()).isFalse();
        assertThat(cancelled.path("pickup").path("trackingState").asText()).isEqualTo("CANCELLED");
        assertThat(timelineTypes(id)).contains("PICKUP_CANCELLED").doesNotContain("PICKUP_CANCELLATION_REFUSED");
        assertThat(orderCodesSent("1802")).containsExactly(orderCode);
    }

    @Test
    void aCancellationTheCarrierRefusesBecauseTheParcelIsCollectedIsFlaggedForCustomerService() {
        kdniao.stubFor(post(urlEqualTo(ORDER_SERVICE)).atPriority(1).withFormParam("RequestType", equalTo("1802"))
                .willReturn(answer(Recorded.kdniao("answer-1802-collected.json"))));
        String id = createBookedReturn();
        String orderCode = "RF-" + id + "-1";

        assertThat(cancel(id).path("status").asText()).isEqualTo("CANCELLED");
        // a business outcome: the job completes, nothing is retried
        execute(job(id, CANCEL_PICKUP));

        String journey = processInstanceId(id);
        // the only way to this end is through "Flag for customer service", never through "Return cancelled"
        assertThat(endActivity(id)).isEqualTo("EndEvent_CancelledAfterCollection");
        assertThat(runtime.createIncidentQuery().processInstanceId(journey).count()).isZero();
        assertThat(management.createJobQuery().processInstanceId(journey).count()).isZero();

        JsonNode flagged = view(id);
        assertThat(flagged.path("actionRequired").asBoolean()).isTrue();
        // the booking was not cancelled: the courier has the parcel
        assertThat(flagged.path("pickup").path("orderCode").asText()).isEqualTo(orderCode);
        assertThat(flagged.path("pickup").path("trackingState").asText()).isEqualTo("COLLECTED");
        JsonNode refusal = timelineEntry(id, "PICKUP_CANCELLATION_REFUSED");
        assertThat(refusal.path("detail").asText()).contains(orderCode).contains("订单已揽收，不能取消");
        assertThat(timelineTypes(id)).doesNotContain("PICKUP_CANCELLED");
        assertThat(orderCodesSent("1802")).containsExactly(orderCode);
    }

    // ---------------------------------------------------------------- helpers

    private TestRestTemplate merchant() {
        return rest.withBasicAuth("merchant", "merchant");
    }

    private String createReturn() {
        ResponseEntity<JsonNode> created = merchant().postForEntity("/api/returns", homePickup(newOrderId()),
                JsonNode.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody().path("status").asText()).isEqualTo("REQUESTED");
        return created.getBody().path("id").asText();
    }

    /** A return whose courier the stub carrier booked. */
    private String createBookedReturn() {
        String id = createReturn();
        execute(job(id, BOOK_PICKUP));
        JsonNode booked = view(id);
        assertThat(booked.path("status").asText()).isEqualTo("AWAITING_PICKUP");
        assertThat(booked.path("pickup").path("orderCode").asText()).isEqualTo("RF-" + id + "-1");
        return id;
    }

    private JsonNode cancel(String id) {
        ResponseEntity<JsonNode> cancelled = merchant().postForEntity("/api/returns/" + id + "/cancellation",
                map("reason", "The buyer kept the item"), JsonNode.class);
        assertThat(cancelled.getStatusCode()).isEqualTo(HttpStatus.OK);
        return cancelled.getBody();
    }

    private JsonNode view(String id) {
        return merchant().getForObject("/api/returns/" + id, JsonNode.class);
    }

    private List<String> timelineTypes(String id) {
        return merchant().getForObject("/api/returns/" + id + "/timeline", JsonNode.class).findValuesAsText("type");
    }

    private JsonNode timelineEntry(String id, String type) {
        for (JsonNode event : merchant().getForObject("/api/returns/" + id + "/timeline", JsonNode.class)) {
            if (type.equals(event.path("type").asText())) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " in the timeline of " + id);
    }

    private static void assertOnce(List<String> timeline, String... types) {
        for (String type : types) {
            assertThat(Collections.frequency(timeline, type)).as(type + " in " + timeline).isEqualTo(1);
        }
    }

    private String processInstanceId(String returnId) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey("return-journey")
                .processInstanceBusinessKey(returnId).singleResult().getId();
    }

    private String endActivity(String returnId) {
        HistoricProcessInstance journey = history.createHistoricProcessInstanceQuery()
                .processInstanceId(processInstanceId(returnId)).singleResult();
        assertThat(journey.getEndTime()).as("journey of " + returnId + " ended").isNotNull();
        return journey.getEndActivityId();
    }

    private long completedJourneys(String returnId) {
        return history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(returnId).completed().count();
    }

    private Job job(String returnId, String activityId) {
        Job job = management.createJobQuery().processInstanceId(processInstanceId(returnId)).activityId(activityId)
                .singleResult();
        assertThat(job).as("the job of " + activityId + " for " + returnId).isNotNull();
        return job;
    }

    private void execute(Job job) {
        management.executeJob(job.getId());
    }

    private long sandboxRefunds(String returnId) {
        return jdbc.sql("select count(*) from sandbox_payment_refunds where return_id = ?").param(returnId)
                .query(Long.class).single();
    }

    private String appKey() {
        return kdniaoProperties.appKey();
    }

    private KdniaoPushes pushes(String returnId) {
        String waybill = "SF" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 10_000_000_000_000L);
        return new KdniaoPushes(kdniaoProperties.businessId(), returnId, waybill);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(KdniaoTime.ZONE);
    }

    /** Posts a form to the webhook as Kdniao does: RequestData, RequestType, DataSign, UTF-8. */
    private ResponseEntity<JsonNode> push(String requestType, String requestData, String dataSign) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("RequestData", requestData);
        form.add("RequestType", requestType);
        form.add("DataSign", dataSign);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(new MediaType(MediaType.APPLICATION_FORM_URLENCODED, UTF_8));
        return rest.postForEntity("/webhooks/carriers/kdniao", new HttpEntity<>(form, headers), JsonNode.class);
    }

    private void pushSigned(String requestType, String requestData) {
        ResponseEntity<JsonNode> ack = push(requestType, requestData, DataSign.sign(requestData, appKey()));
        assertThat(ack.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(ack.getBody().path("Success").asBoolean()).isTrue();
    }

    private List<String> inboxStatuses(String orderCode) {
        return jdbc.sql("select status from carrier_inbox where order_code = ? order by id").param(orderCode)
                .query(String.class).list();
    }

    /** Waits until the inbox holds {@code entries} entries of the order and has worked all of them off. */
    private void awaitInboxWorkedOff(String orderCode, int entries) {
        List<String> statuses = Eventually.await("the inbox to work off " + entries + " entries of " + orderCode,
                INBOX_TIMEOUT, () -> inboxStatuses(orderCode),
                s -> s.size() == entries && !s.contains("PENDING"));
        assertThat(statuses).as("inbox entries of " + orderCode).containsOnly("PROCESSED");
    }

    /** Waits until the inbox holds {@code entries} entries of the order, none of them pending; their statuses. */
    private List<String> awaitInboxSettled(String orderCode, int entries) {
        return Eventually.await("the inbox to settle " + entries + " entries of " + orderCode, INBOX_TIMEOUT,
                () -> inboxStatuses(orderCode), s -> s.size() == entries && !s.contains("PENDING"));
    }

    private String subscriptionStatus(String waybill) {
        return jdbc.sql("select status from tracking_subscriptions where waybill = ?").param(waybill)
                .query(String.class).optional().orElse(null);
    }

    /** The OrderCodes of the calls of one instruction the stub carrier received, oldest first; each signed. */
    private List<String> orderCodesSent(String requestType) {
        List<LoggedRequest> requests = new ArrayList<>(kdniao.findAll(postRequestedFor(urlEqualTo(ORDER_SERVICE))));
        requests.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
        List<String> orderCodes = new ArrayList<>();
        for (LoggedRequest request : requests) {
            Map<String, String> form = form(request);
            if (!requestType.equals(form.get("RequestType"))) {
                continue;
            }
            assertThat(DataSign.verify(form.get("RequestData"), form.get("DataSign"), appKey()))
                    .as("DataSign of " + form).isTrue();
            assertThat(form.get("EBusinessID")).isEqualTo(kdniaoProperties.businessId());
            orderCodes.add(json(form.get("RequestData")).path("OrderCode").asText());
        }
        return orderCodes;
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), UTF_8), URLDecoder.decode(pair.substring(eq + 1), UTF_8));
        }
        return form;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Kdniao labels its JSON as HTML; the adapter reads it anyway. */
    private static ResponseDefinitionBuilder answer(String json) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8").withBody(json);
    }
}
