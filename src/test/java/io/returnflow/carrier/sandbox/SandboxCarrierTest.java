package io.returnflow.carrier.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.returnflow.carrier.kdniao.DataSign;
import io.returnflow.carrier.kdniao.KdniaoJson;
import io.returnflow.carrier.kdniao.KdniaoProperties;
import io.returnflow.support.MutableClock;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.platform.EndpointResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.client.RestClient;

/** The sandbox carrier's gateway (MockMvc) and its courier pushing to a stub webhook (WireMock). */
class SandboxCarrierTest {

    private static final String APP_KEY = "sandbox-app-key";
    private static final Duration COLLECT_AFTER = Duration.ofSeconds(4);
    private static final Duration SIGN_AFTER = Duration.ofSeconds(6);
    private static final Duration TURN_LEASE = Duration.ofMinutes(1);

    private WireMockServer webhook;
    private MutableClock clock;
    private SandboxCarrierOrders orders;
    private MockMvc gateway;
    private SandboxCourier courier;
    private KdniaoProperties kdniao;
    private CarrierSandboxProperties sandbox;
    private EndpointResolver endpoints;

    @BeforeEach
    void setUp() {
        webhook = new WireMockServer(wireMockConfig().dynamicPort());
        webhook.start();
        acknowledging();
        MigratedDatabase db = MigratedDatabase.migrated();
        orders = new SandboxCarrierOrders(db.jdbc());
        clock = new MutableClock(Instant.parse("2026-11-27T02:00:00Z"));
        kdniao = new KdniaoProperties("http://unused", "1000001", APP_KEY);
        sandbox = new CarrierSandboxProperties(true,
                "http://localhost:${local.server.port}/webhooks/carriers/kdniao", COLLECT_AFTER, SIGN_AFTER,
                Duration.ofSeconds(1), TURN_LEASE);
        endpoints = new EndpointResolver(
                new MockEnvironment().withProperty("local.server.port", String.valueOf(webhook.port())));
        gateway = MockMvcBuilders.standaloneSetup(new SandboxCarrierController(orders, kdniao, sandbox, clock)).build();
        courier = new SandboxCourier(orders, kdniao, sandbox, endpoints, RestClient.builder(), clock);
    }

    @AfterEach
    void tearDown() {
        webhook.stop();
    }

    @Test
    void bookingAnswersSuccessWithAnEmptyWaybillAndARepeatAnswers105() throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园 1 号", "退货"))
                .andExpect(jsonPath("$.Success").value(true))
                .andExpect(jsonPath("$.ResultCode").value("100"))
                .andExpect(jsonPath("$.Order.OrderCode").value("RF-R-1-1"))
                .andExpect(jsonPath("$.Order.LogisticCode").value(""));

        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园 1 号", "退货"))
                .andExpect(jsonPath("$.Success").value(false))
                .andExpect(jsonPath("$.ResultCode").value("105"))
                .andExpect(jsonPath("$.Reason").value("订单已存在"));

        assertThat(orders.find("RF-R-1-1")).get().satisfies(o -> {
            assertThat(o.returnId()).isEqualTo("R-1");
            assertThat(o.state()).isEqualTo(SandboxOrder.State.BOOKED);
            assertThat(o.scenario()).isEqualTo(SandboxScenario.NORMAL);
        });
    }

    @Test
    void aWrongSignatureIsRefusedLikeKdniaoDoes() throws Exception {
        String requestData = order("RF-R-1-1", "科技园", "");
        gateway.perform(MockMvcRequestBuilders.post("/sandbox/kdniao/api/OOrderService")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).characterEncoding("UTF-8")
                        .param("RequestData", requestData).param("EBusinessID", "1000001")
                        .param("RequestType", "1801").param("DataSign", DataSign.sign(requestData, "wrong"))
                        .param("DataType", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.Success").value(false))
                .andExpect(jsonPath("$.ResultCode").value("104"));

        assertThat(orders.find("RF-R-1-1")).isEmpty();
    }

    @Test
    void cancellingWorksUntilCollectionThenIsRefused() throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园", ""));
        call("/api/OOrderService", "1801", order("RF-R-2-1", "科技园", ""));

        call("/api/OOrderService", "1802", "{\"OrderCode\":\"RF-R-1-1\",\"ShipperCode\":\"SF\"}")
                .andExpect(jsonPath("$.Success").value(true));
        call("/api/OOrderService", "1802", "{\"OrderCode\":\"RF-R-1-1\",\"ShipperCode\":\"SF\"}")
                .andExpect(jsonPath("$.Success").value(true));
        call("/api/OOrderService", "1802", "{\"OrderCode\":\"RF-R-404-1\",\"ShipperCode\":\"SF\"}")
                .andExpect(jsonPath("$.Success").value(false))
                .andExpect(jsonPath("$.Reason").value("订单不存在"));

        clock.advance(COLLECT_AFTER);
        assertThat(courier.advanceDue()).isEqualTo(1);

        call("/api/OOrderService", "1802", "{\"OrderCode\":\"RF-R-2-1\",\"ShipperCode\":\"SF\"}")
                .andExpect(jsonPath("$.Success").value(false))
                .andExpect(jsonPath("$.Reason").value("订单已揽收，不能取消"));
        assertThat(orders.find("RF-R-1-1").orElseThrow().state()).isEqualTo(SandboxOrder.State.CANCELLED);
    }

    @Test
    void theCourierCollectsThenDeliversWithSignedPushesOfASubscribedWaybill() throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园 1 号", "退货"));

        clock.advance(COLLECT_AFTER.minusSeconds(1));
        assertThat(courier.advanceDue()).isZero();
        assertThat(pushes()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(courier.advanceDue()).isEqualTo(1);
        // the pickup status is pushed for every pickup order: it brings the waybill
        List<Map<String, String>> collected = pushes();
        assertThat(collected).extracting(p -> p.get("RequestType")).containsExactly("103");
        String waybill = orders.find("RF-R-1-1").orElseThrow().logisticCode();
        assertThat(waybill).matches("SB\\d{10}");
        JsonNode pickup = entry(collected.get(0));
        // 301 已揽件 in the pickup vocabulary, with the courier, the pickup code and the carrier's figures
        assertThat(pickup.path("State").asText()).isEqualTo("301");
        assertThat(pickup.path("PickerInfo").get(0).path("PickupCode").asText()).isNotBlank();
        assertThat(pickup.path("TotalFee").asText()).isNotBlank();
        assertThat(pickup.path("KDNOrderCode").asText()).startsWith("KDNSB");
        assertThat(pickup.path("LogisticCode").asText()).isEqualTo(waybill);
        assertThat(pickup.path("CallBack").asText()).isEqualTo("R-1");

        subscribe(waybill);
        assertThat(courier.pushTracking()).isEqualTo(1);
        assertThat(courier.pushTracking()).isZero();
        List<Map<String, String>> tracked = pushes();
        assertThat(tracked).extracting(p -> p.get("RequestType")).containsExactly("103", "101");
        JsonNode collectedSnapshot = entry(tracked.get(1));
        assertThat(collectedSnapshot.path("State").asText()).isEqualTo("1");
        assertThat(collectedSnapshot.path("LogisticCode").asText()).isEqualTo(waybill);
        assertThat(collectedSnapshot.path("OrderCode").asText()).isEqualTo("RF-R-1-1");
        assertThat(collectedSnapshot.path("CallBack").asText()).isEqualTo("R-1");

        clock.advance(SIGN_AFTER);
        assertThat(courier.advanceDue()).isEqualTo(1);
        assertThat(courier.pushTracking()).isEqualTo(1);
        List<Map<String, String>> all = pushes();
        assertThat(all).hasSize(3);
        JsonNode signed = entry(all.get(2));
        assertThat(all.get(2).get("RequestType")).isEqualTo("101");
        assertThat(signed.path("State").asText()).isEqualTo("3");
        // the standard tracking push carries no StateEx; the last trace's Action says how it was signed
        assertThat(signed.path("StateEx").isMissingNode()).isTrue();
        assertThat(signed.path("Traces").get(2).path("Action").asText()).isEqualTo("301");
        assertThat(signed.path("Traces")).hasSize(3);
        assertThat(signed.path("Traces").get(0).path("AcceptTime").asText()).isEqualTo("2026-11-27 10:00:04");
        assertThat(signed.path("Traces").get(2).path("AcceptTime").asText()).isEqualTo("2026-11-27 10:00:10");
        assertThat(orders.find("RF-R-1-1").orElseThrow().state()).isEqualTo(SandboxOrder.State.SIGNED);

        clock.advance(Duration.ofHours(1));
        assertThat(courier.advanceDue()).isZero();
        assertThat(courier.pushTracking()).isZero();
        // every push is signed with the app key, over the form-decoded RequestData
        assertThat(all).allSatisfy(p ->
                assertThat(DataSign.verify(p.get("RequestData"), p.get("DataSign"), APP_KEY)).isTrue());
    }

    @Test
    void aSteppedCourierDoesItsNextThingNowWhateverItsSchedule() throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园 1 号", "退货"));
        call("/api/OOrderService", "1801", order("RF-R-2-1", "科技园 sandbox:no-show-always", ""));
        clock.advance(Duration.ofSeconds(1));

        // long before collect-after: collected now, with now's time
        assertThat(courier.step("RF-R-1-1")).isEqualTo(SandboxOrder.State.COLLECTED);
        assertThat(pushes()).extracting(p -> p.get("RequestType")).containsExactly("103");
        SandboxOrder collected = orders.find("RF-R-1-1").orElseThrow();
        assertThat(collected.collectedAt().toInstant()).isEqualTo(clock.instant());
        assertThat(collected.nextEventAt().toInstant()).isEqualTo(clock.instant().plus(SIGN_AFTER));

        // long before sign-after: signed for now, and the subscriber hears of it at once
        subscribe(collected.logisticCode());
        clock.advance(Duration.ofSeconds(1));
        assertThat(courier.step("RF-R-1-1")).isEqualTo(SandboxOrder.State.SIGNED);
        List<Map<String, String>> all = pushes();
        assertThat(all).extracting(p -> p.get("RequestType")).containsExactly("103", "101");
        assertThat(entry(all.get(1)).path("State").asText()).isEqualTo("3");
        assertThat(orders.find("RF-R-1-1").orElseThrow().signedAt().toInstant()).isEqualTo(clock.instant());

        // nothing more happens: not to a signed order, not to one never collected, not when its time comes
        assertThat(courier.step("RF-R-1-1")).isEqualTo(SandboxOrder.State.SIGNED);
        assertThat(courier.step("RF-R-2-1")).isEqualTo(SandboxOrder.State.BOOKED);
        clock.advance(SIGN_AFTER.plus(COLLECT_AFTER));
        assertThat(courier.advanceDue()).isZero();
        assertThat(pushes()).hasSize(2);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> courier.step("RF-R-404-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RF-R-404-1");
    }

    @Test
    void noTrackingIsPushedForAWaybillNobodySubscribedToAndALateSubscriptionGetsTheCurrentSnapshot()
            throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园", ""));
        clock.advance(COLLECT_AFTER);
        courier.advanceDue();
        clock.advance(SIGN_AFTER);
        courier.advanceDue();
        assertThat(orders.find("RF-R-1-1").orElseThrow().state()).isEqualTo(SandboxOrder.State.SIGNED);

        assertThat(courier.pushTracking()).isZero();
        assertThat(pushes()).extracting(p -> p.get("RequestType")).containsExactly("103");

        String waybill = orders.find("RF-R-1-1").orElseThrow().logisticCode();
        subscribe(waybill);
        // subscribing again is accepted and changes nothing
        subscribe(waybill);
        assertThat(courier.pushTracking()).isEqualTo(1);
        assertThat(courier.pushTracking()).isZero();
        List<Map<String, String>> all = pushes();
        assertThat(all).extracting(p -> p.get("RequestType")).containsExactly("103", "101");
        assertThat(entry(all.get(1)).path("State").asText()).isEqualTo("3");
    }

    @Test
    void aSubscriptionNeedsAWaybill() throws Exception {
        call("/api/dist", "1008", "{\"ShipperCode\":\"SF\"}")
                .andExpect(jsonPath("$.Success").value(false))
                .andExpect(jsonPath("$.ResultCode").value("101"));
    }

    @Test
    void aTrackingPushTheWebhookDidNotTakeIsSentAgainOnTheNextTick() throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园", ""));
        clock.advance(COLLECT_AFTER);
        courier.advanceDue();
        subscribe(orders.find("RF-R-1-1").orElseThrow().logisticCode());
        webhook.stubFor(post(urlEqualTo("/webhooks/carriers/kdniao")).willReturn(aResponse().withStatus(503)));

        assertThat(courier.pushTracking()).isZero();

        acknowledging();
        assertThat(courier.pushTracking()).isEqualTo(1);
        List<Map<String, String>> all = pushes();
        assertThat(all).extracting(p -> p.get("RequestType")).containsExactly("103", "101", "101");
        assertThat(entry(all.get(2)).toString()).isEqualTo(entry(all.get(1)).toString());
    }

    @Test
    void aPushTheWebhookDidNotTakeIsSentAgainIdenticallyOnTheNextTick() throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园", ""));
        webhook.stubFor(post(urlEqualTo("/webhooks/carriers/kdniao")).willReturn(aResponse().withStatus(503)));

        clock.advance(COLLECT_AFTER);
        assertThat(courier.advanceDue()).isZero();
        assertThat(orders.find("RF-R-1-1").orElseThrow().state()).isEqualTo(SandboxOrder.State.BOOKED);
        String firstTry = entry(pushes().get(0)).toString();

        acknowledging();
        clock.advance(Duration.ofSeconds(1));
        assertThat(courier.advanceDue()).isEqualTo(1);
        assertThat(orders.find("RF-R-1-1").orElseThrow().state()).isEqualTo(SandboxOrder.State.COLLECTED);
        assertThat(entry(pushes().get(1)).toString()).isEqualTo(firstTry);
    }

    @Test
    void noShowOrdersAreNeverCollectedAndLostOnesNeverSigned() throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园 sandbox:no-show", ""));
        call("/api/OOrderService", "1801", order("RF-R-1-2", "科技园 sandbox:no-show", ""));
        call("/api/OOrderService", "1801", order("RF-R-2-1", "科技园 sandbox:no-show-always", ""));
        call("/api/OOrderService", "1801", order("RF-R-3-S1", "门店", "S-LOST"));

        clock.advance(Duration.ofHours(1));
        courier.advanceDue();
        clock.advance(Duration.ofHours(1));
        courier.advanceDue();

        assertThat(orders.find("RF-R-1-1").orElseThrow().state()).isEqualTo(SandboxOrder.State.BOOKED);
        assertThat(orders.find("RF-R-1-2").orElseThrow().state()).isEqualTo(SandboxOrder.State.SIGNED);
        assertThat(orders.find("RF-R-2-1").orElseThrow().state()).isEqualTo(SandboxOrder.State.BOOKED);
        assertThat(orders.find("RF-R-3-S1").orElseThrow().state()).isEqualTo(SandboxOrder.State.COLLECTED);

        // a lost parcel that is subscribed to is tracked as collected, and never signed for
        webhook.resetRequests();
        subscribe(orders.find("RF-R-3-S1").orElseThrow().logisticCode());
        assertThat(courier.pushTracking()).isEqualTo(1);
        clock.advance(Duration.ofDays(7));
        courier.advanceDue();
        assertThat(courier.pushTracking()).isZero();
        assertThat(pushes()).singleElement().satisfies(p -> {
            assertThat(p.get("RequestType")).isEqualTo("101");
            assertThat(entry(p).path("State").asText()).isEqualTo("1");
        });
        assertThat(orders.find("RF-R-3-S1").orElseThrow().state()).isEqualTo(SandboxOrder.State.COLLECTED);
    }

    @Test
    void theCarrierTruthScenariosPushWhatKdniaoWouldForThem() throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园 sandbox:carrier-cancels", ""));
        call("/api/OOrderService", "1801", order("RF-R-2-1", "科技园 sandbox:waybill-change", ""));
        call("/api/OOrderService", "1801", order("RF-R-3-1", "科技园 sandbox:returned", ""));

        clock.advance(COLLECT_AFTER);
        courier.advanceDue();

        // cancelled by the carrier (103 State 203) instead of collected
        assertThat(orders.find("RF-R-1-1").orElseThrow().state()).isEqualTo(SandboxOrder.State.CANCELLED);
        List<JsonNode> pickups = new java.util.ArrayList<>();
        for (Map<String, String> push : pushes()) {
            assertThat(push.get("RequestType")).isEqualTo("103");
            pickups.add(entry(push));
        }
        assertThat(pickups).filteredOn(e -> e.path("OrderCode").asText().equals("RF-R-1-1"))
                .extracting(e -> e.path("State").asText()).containsExactly("203");
        // collected on one waybill, then moved to another (103 State 302)
        SandboxOrder changed = orders.find("RF-R-2-1").orElseThrow();
        List<JsonNode> changes = pickups.stream().filter(e -> e.path("OrderCode").asText().equals("RF-R-2-1")).toList();
        assertThat(changes).extracting(e -> e.path("State").asText()).containsExactly("301", "302");
        assertThat(changes.get(1).path("LogisticCode").asText()).isEqualTo(changed.logisticCode())
                .isNotEqualTo(changes.get(0).path("LogisticCode").asText());

        // signed for as returned to its sender: State 3 with StateEx 406
        clock.advance(SIGN_AFTER);
        courier.advanceDue();
        webhook.resetRequests();
        subscribe(orders.find("RF-R-3-1").orElseThrow().logisticCode());
        assertThat(courier.pushTracking()).isEqualTo(1);
        JsonNode returned = entry(pushes().get(0));
        assertThat(returned.path("State").asText()).isEqualTo("3");
        assertThat(returned.path("StateEx").asText()).isEqualTo("406");
    }

    @Test
    void subscribeAndQueryAreAnswered() throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园", ""));
        clock.advance(COLLECT_AFTER);
        courier.advanceDue();
        String waybill = orders.find("RF-R-1-1").orElseThrow().logisticCode();

        call("/api/dist", "1008", "{\"ShipperCode\":\"SF\",\"LogisticCode\":\"" + waybill + "\"}")
                .andExpect(jsonPath("$.Success").value(true));
        call("/Ebusiness/EbusinessOrderHandle.aspx", "1002", "{\"ShipperCode\":\"SF\",\"LogisticCode\":\"" + waybill + "\"}")
                .andExpect(jsonPath("$.Success").value(true))
                .andExpect(jsonPath("$.State").value("1"))
                .andExpect(jsonPath("$.Traces[0].AcceptStation").value("【深圳市】快递员已揽收"));
    }

    @Test
    void twoNodesTickingAtOnceAreOneCourier() throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园", ""));
        clock.advance(COLLECT_AFTER);
        SandboxCourier other = new SandboxCourier(orders, kdniao, sandbox, endpoints, RestClient.builder(), clock);
        int[] pushedByOther = {-1};
        // while this node's first push is on its way, the other node ticks
        SandboxCourier node = new SandboxCourier(orders, kdniao, sandbox, endpoints,
                RestClient.builder().requestInterceptor((request, body, execution) -> {
                    if (pushedByOther[0] < 0) {
                        other.tick();
                        pushedByOther[0] = pushes().size();
                    }
                    return execution.execute(request, body);
                }), clock);

        node.tick();

        assertThat(pushedByOther[0]).as("the other node skipped its tick").isZero();
        assertThat(pushes()).hasSize(1);
        assertThat(orders.find("RF-R-1-1").orElseThrow().state()).isEqualTo(SandboxOrder.State.COLLECTED);
        // the turn ended with the tick: the other node's next tick does the next thing
        clock.advance(SIGN_AFTER);
        other.tick();
        assertThat(orders.find("RF-R-1-1").orElseThrow().state()).isEqualTo(SandboxOrder.State.SIGNED);
    }

    @Test
    void aTickWhoseTurnRanOutEndsInsteadOfGoingOnBesideTheNodeThatTookOver() throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园", ""));
        call("/api/OOrderService", "1801", order("RF-R-2-1", "科技园", ""));
        clock.advance(COLLECT_AFTER);
        SandboxCourier other = new SandboxCourier(orders, kdniao, sandbox, endpoints, RestClient.builder(), clock);
        boolean[] first = {true};
        // this node's first push takes longer than the turn's lease: meanwhile the other node takes the courier
        // over and moves both orders on
        SandboxCourier node = new SandboxCourier(orders, kdniao, sandbox, endpoints,
                RestClient.builder().requestInterceptor((request, body, execution) -> {
                    if (first[0]) {
                        first[0] = false;
                        clock.advance(TURN_LEASE.plusSeconds(1));
                        other.tick();
                    }
                    return execution.execute(request, body);
                }), clock);

        node.tick();

        // the push that was on its way when the lease ran out is the one duplicate; the second order is not pushed
        // again by this node's stale tick
        assertThat(pushes()).as("the other node's two pushes and this node's one").hasSize(3);
        assertThat(orders.find("RF-R-1-1").orElseThrow().state()).isEqualTo(SandboxOrder.State.COLLECTED);
        assertThat(orders.find("RF-R-2-1").orElseThrow().state()).isEqualTo(SandboxOrder.State.COLLECTED);
    }

    @Test
    void aNodeThatStoppedMidTickHoldsTheCourierOnlyUntilItsLeaseRunsOut() throws Exception {
        call("/api/OOrderService", "1801", order("RF-R-1-1", "科技园", ""));
        clock.advance(COLLECT_AFTER);
        OffsetDateTime now = OffsetDateTime.now(clock);
        assertThat(orders.takeCourierTurn("a-node-that-died", now, now.plus(TURN_LEASE))).isTrue();

        clock.advance(TURN_LEASE.minusMillis(1));
        courier.tick();
        assertThat(pushes()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        courier.tick();
        assertThat(pushes()).hasSize(1);
    }

    private void subscribe(String waybill) throws Exception {
        call("/api/dist", "1008", "{\"OrderCode\":\"RF-R-1-1\",\"ShipperCode\":\"SF\",\"LogisticCode\":\""
                + waybill + "\",\"CallBack\":\"R-1\"}")
                .andExpect(jsonPath("$.Success").value(true))
                .andExpect(jsonPath("$.ResultCode").value("100"));
        assertThat(orders.isSubscribed(waybill)).isTrue();
    }

    private ResultActions call(String path, String requestType, String requestData) throws Exception {
        return gateway.perform(MockMvcRequestBuilders.post("/sandbox/kdniao" + path)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).characterEncoding("UTF-8")
                        .param("RequestData", requestData).param("EBusinessID", "1000001")
                        .param("RequestType", requestType).param("DataSign", DataSign.sign(requestData, APP_KEY))
                        .param("DataType", "2"))
                .andExpect(status().isOk());
    }

    private static String order(String orderCode, String address, String remark) {
        return "{\"OrderCode\":\"" + orderCode + "\",\"ShipperCode\":\"SF\",\"PayType\":3,\"ExpType\":1,"
                + "\"CallBack\":\"" + orderCode.replaceFirst("^RF-(R-\\d+)-.*$", "$1") + "\","
                + "\"Remark\":\"" + remark + "\","
                + "\"Sender\":{\"Name\":\"张三\",\"Mobile\":\"13800000000\",\"ProvinceName\":\"广东省\","
                + "\"CityName\":\"深圳市\",\"ExpAreaName\":\"南山区\",\"Address\":\"" + address + "\"},"
                + "\"Receiver\":{\"Name\":\"仓库\",\"Mobile\":\"075500000000\",\"ProvinceName\":\"广东省\","
                + "\"CityName\":\"深圳市\",\"ExpAreaName\":\"宝安区\",\"Address\":\"物流园 3 号库\"}}";
    }

    private void acknowledging() {
        webhook.resetMappings();
        webhook.stubFor(post(urlEqualTo("/webhooks/carriers/kdniao")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"EBusinessID\":\"1000001\",\"UpdateTime\":\"2026-11-27 10:00:00\",\"Success\":true,"
                        + "\"Reason\":\"\"}")));
    }

    private List<Map<String, String>> pushes() {
        List<LoggedRequest> requests = webhook.findAll(postRequestedFor(urlEqualTo("/webhooks/carriers/kdniao")));
        return requests.stream().map(r -> decode(new String(r.getBody(), StandardCharsets.UTF_8))).toList();
    }

    private static JsonNode entry(Map<String, String> push) throws Exception {
        JsonNode data = KdniaoJson.tree(push.get("RequestData")).path("Data");
        assertThat(data).hasSize(1);
        return data.get(0);
    }

    private static Map<String, String> decode(String formBody) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : formBody.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
