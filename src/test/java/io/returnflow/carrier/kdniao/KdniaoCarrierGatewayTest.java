package io.returnflow.carrier.kdniao;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.returnflow.carrier.CarrierRejectedException;
import io.returnflow.carrier.CarrierUnavailableException;
import io.returnflow.carrier.PickupBooking;
import io.returnflow.carrier.PickupCancellation;
import io.returnflow.carrier.PickupRequest;
import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.inbox.InboxEntry;
import io.returnflow.carrier.inbox.InboxStatus;
import io.returnflow.carrier.inbox.NewInboxEntry;
import io.returnflow.carrier.support.Recorded;
import io.returnflow.carrier.tracking.SubscriptionStatus;
import io.returnflow.carrier.tracking.TrackingSubscription;
import io.returnflow.carrier.tracking.TrackingSubscriptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The adapter through its real Feign client against a stub Kdniao speaking recorded answers. */
class KdniaoCarrierGatewayTest {

    private static final String ORDER_SERVICE = "/gateway/api/OOrderService";
    private static final String TRACKING_QUERY = "/gateway/Ebusiness/EbusinessOrderHandle.aspx";
    // generous, so that a busy machine never times a normal answer out; the timeout test waits four times as long
    private static final int READ_TIMEOUT_MS = 3000;

    private static WireMockServer kdniao;
    private static ConfigurableApplicationContext context;
    private static KdniaoCarrierGateway gateway;
    private static KdniaoTracking tracking;
    private static TrackingSubscriptions subscriptions;

    @BeforeAll
    static void start() {
        kdniao = new WireMockServer(wireMockConfig().dynamicPort());
        kdniao.start();
        context = KdniaoTestContext.start(kdniao.port(), READ_TIMEOUT_MS);
        gateway = context.getBean(KdniaoCarrierGateway.class);
        tracking = context.getBean(KdniaoTracking.class);
        subscriptions = context.getBean(TrackingSubscriptions.class);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        kdniao.stop();
    }

    @BeforeEach
    void reset() {
        kdniao.resetAll();
    }

    @Test
    void bookingSendsASignedUtf8FormAndTakesAnEmptyWaybillAsNotYetKnown() {
        answer(ORDER_SERVICE, 200, Recorded.kdniao("answer-1801-booked.json"), "text/html; charset=utf-8");

        PickupBooking booking = gateway.bookPickup(request("RF-R-8F3K2Q-1"));

        assertThat(booking).as("Kdniao's own order code is kept").isEqualTo(new PickupBooking("RF-R-8F3K2Q-1", "SF", null,
                "KDNIST2611270001"));
        LoggedRequest sent = onlyRequest();
        assertThat(sent.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded; charset=UTF-8");
        String body = new String(sent.getBody(), StandardCharsets.US_ASCII);
        // the body is pure ASCII: Chinese text travels percent-encoded UTF-8 (张三 = E5 BC A0 E4 B8 89)
        for (byte b : sent.getBody()) {
            assertThat(b).isBetween((byte) 0x20, (byte) 0x7e);
        }
        assertThat(body).contains("%E5%BC%A0%E4%B8%89");
        assertThat(body).startsWith("RequestData=%7B%22OrderCode%22%3A%22RF-R-8F3K2Q-1%22");
        assertThat(body).contains("&EBusinessID=1000001&RequestType=1801&DataSign=").endsWith("&DataType=2");

        Map<String, String> form = decode(body);
        assertThat(form.keySet()).containsExactly("RequestData", "EBusinessID", "RequestType", "DataSign", "DataType");
        // the signature, form-decoded once, signs exactly the decoded RequestData
        assertThat(DataSign.verify(form.get("RequestData"), form.get("DataSign"), KdniaoTestContext.APP_KEY)).isTrue();
        // base64 padding was URL-encoded once, not twice
        assertThat(body).containsPattern("DataSign=[A-Za-z0-9%]+%3D&").doesNotContain("%253D");
    }

    @Test
    void theOrderCarriesThePickupFieldsCleanOfForbiddenCharacters() throws Exception {
        answer(ORDER_SERVICE, 200, Recorded.kdniao("answer-1801-booked.json"), "application/json");

        gateway.bookPickup(request("RF-R-8F3K2Q-1"));

        JsonNode order = KdniaoJson.tree(decode(new String(onlyRequest().getBody(), StandardCharsets.US_ASCII))
                .get("RequestData"));
        assertThat(order.path("OrderCode").asText()).isEqualTo("RF-R-8F3K2Q-1");
        assertThat(order.path("ShipperCode").asText()).isEqualTo("SF");
        assertThat(order.path("PayType").asInt()).isEqualTo(3);
        // the monthly account that pays: a store's own for its consolidated shipments
        assertThat(order.path("MonthCode").asText()).isEqualTo("MC-0755-001");
        assertThat(order.path("ExpType").asInt()).isEqualTo(1);
        assertThat(order.path("CallBack").asText()).isEqualTo("R-8F3K2Q");
        assertThat(order.path("StartDate").asText()).isEqualTo("2026-11-27 09:00:00");
        assertThat(order.path("EndDate").asText()).isEqualTo("2026-11-27 11:00:00");
        assertThat(order.path("Weight").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(order.path("Quantity").asInt()).isEqualTo(1);
        assertThat(order.path("Sender").path("Name").asText()).isEqualTo("张三");
        assertThat(order.path("Sender").path("Mobile").asText()).isEqualTo("8613800000000");
        assertThat(order.path("Sender").path("ExpAreaName").asText()).isEqualTo("南山区");
        assertThat(order.path("Sender").path("Address").asText()).isEqualTo("科技园 1 号 AB座 sandbox:no-show");
        assertThat(order.path("Receiver").path("Name").asText()).isEqualTo("仓库收货组");
        assertThat(order.path("Commodity").get(0).path("GoodsName").asText()).isEqualTo("T 恤 MS");
        assertThat(order.path("Commodity").get(0).path("Goodsquantity").asInt()).isEqualTo(1);
        assertThat(order.path("Remark").asText()).isEqualTo("退货 100 off");
        assertThat(order.toString()).doesNotContain("'", "#", "&", "+", "<", ">", "%", "\\\\");
    }

    @Test
    void aWaybillKnownAtBookingIsTaken() {
        answer(ORDER_SERVICE, 200, """
                {"EBusinessID":"1000001","Success":true,"ResultCode":"100","Reason":"",
                 "Order":{"OrderCode":"RF-R-1-1","ShipperCode":"ZTO","LogisticCode":"7319055310253"}}""",
                "application/json");

        assertThat(gateway.bookPickup(request("RF-R-1-1")))
                .isEqualTo(new PickupBooking("RF-R-1-1", "ZTO", "7319055310253"));
        // Kdniao pushes no tracking of a waybill nobody subscribed to: the subscription is requested now
        assertThat(subscriptions.find("7319055310253")).get().satisfies(s -> {
            assertThat(s.status()).isEqualTo(SubscriptionStatus.REQUESTED);
            assertThat(s.carrier()).isEqualTo("ZTO");
            assertThat(s.orderCode()).isEqualTo("RF-R-1-1");
            assertThat(s.returnId()).isEqualTo("R-8F3K2Q");
        });
    }

    @Test
    void aBookingWithoutAWaybillRequestsNoSubscriptionYet() {
        answer(ORDER_SERVICE, 200, Recorded.kdniao("answer-1801-booked.json"), "application/json");
        long before = subscriptionCount();

        gateway.bookPickup(request("RF-R-NOWAYBILL-1"));

        assertThat(subscriptionCount()).isEqualTo(before);
    }

    @Test
    void orderAlreadyExistsIsTheFirstBookingNotAFailure() {
        answer(ORDER_SERVICE, 200, Recorded.kdniao("answer-1801-exists.json"), "application/json");

        assertThat(gateway.bookPickup(request("RF-R-8F3K2Q-1")))
                .isEqualTo(new PickupBooking("RF-R-8F3K2Q-1", "SF", null));
    }

    @Test
    void resultCode106TheOrderCodeWasAlreadyOrderedIsTheFirstBookingNotAFailure() {
        answer(ORDER_SERVICE, 200, Recorded.kdniao("answer-1801-already-ordered.json"), "application/json");

        assertThat(gateway.bookPickup(request("RF-R-8F3K2Q-1")))
                .isEqualTo(new PickupBooking("RF-R-8F3K2Q-1", "SF", null));
    }

    @Test
    void aRefusalIsARejectionWithKdniaosCodeAndReason() {
        answer(ORDER_SERVICE, 200, Recorded.kdniao("answer-1801-rejected.json"), "application/json");

        assertThatThrownBy(() -> gateway.bookPickup(request("RF-R-8F3K2Q-1")))
                .isInstanceOfSatisfying(CarrierRejectedException.class,
                        e -> assertThat(e.resultCode()).isEqualTo("102"))
                .hasMessageContaining("寄件人地址超出服务范围")
                // not about the account: no setting to change
                .message().doesNotContain("returnflow.carrier.kdniao");
    }

    @Test
    void code105ForAnotherReasonIsStillARejection() {
        answer(ORDER_SERVICE, 200, "{\"Success\":false,\"ResultCode\":\"105\",\"Reason\":\"该地区暂不支持上门取件\"}",
                "application/json");

        assertThatThrownBy(() -> gateway.bookPickup(request("RF-R-1-1")))
                .isInstanceOfSatisfying(CarrierRejectedException.class, e -> assertThat(e.resultCode()).isEqualTo("105"));
    }

    @Test
    void aServerErrorIsUnavailable() {
        answer(ORDER_SERVICE, 500, "<html><body>Internal Server Error</body></html>", "text/html");

        assertThatThrownBy(() -> gateway.bookPickup(request("RF-R-1-1")))
                .isInstanceOf(CarrierUnavailableException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("1801")
                .hasMessageContaining("RF-R-1-1");
    }

    @Test
    void aSlowAnswerIsUnavailable() {
        kdniao.stubFor(post(urlEqualTo(ORDER_SERVICE)).willReturn(aResponse().withStatus(200)
                .withFixedDelay(READ_TIMEOUT_MS * 4).withBody(Recorded.kdniao("answer-1801-booked.json"))));

        assertThatThrownBy(() -> gateway.bookPickup(request("RF-R-1-1")))
                .isInstanceOf(CarrierUnavailableException.class)
                .hasMessageContaining("could not be reached")
                .hasMessageContaining("timed out");
    }

    @Test
    void aDroppedConnectionIsUnavailable() {
        kdniao.stubFor(post(urlEqualTo(ORDER_SERVICE))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> gateway.bookPickup(request("RF-R-1-1")))
                .isInstanceOf(CarrierUnavailableException.class)
                .hasMessageContaining("could not be reached");
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ConfigurableApplicationContext nowhere = KdniaoTestContext.start(closedPort, READ_TIMEOUT_MS)) {
            KdniaoCarrierGateway unreachable = nowhere.getBean(KdniaoCarrierGateway.class);

            assertThatThrownBy(() -> unreachable.bookPickup(request("RF-R-1-1")))
                    .isInstanceOf(CarrierUnavailableException.class)
                    .hasMessageContaining("could not be reached")
                    .hasMessageContaining("localhost:" + closedPort);
        }
    }

    @Test
    void aBodyThatIsNotKdniaoJsonIsUnavailable() {
        answer(ORDER_SERVICE, 200, "<html>maintenance</html>", "text/html");
        assertThatThrownBy(() -> gateway.bookPickup(request("RF-R-1-1")))
                .isInstanceOf(CarrierUnavailableException.class)
                .hasMessageContaining("not its JSON")
                .hasMessageContaining("maintenance");

        answer(ORDER_SERVICE, 200, "{\"message\":\"ok\"}", "application/json");
        assertThatThrownBy(() -> gateway.bookPickup(request("RF-R-1-1")))
                .isInstanceOf(CarrierUnavailableException.class)
                .hasMessageContaining("without Success or ResultCode");

        answer(ORDER_SERVICE, 200, "", "application/json");
        assertThatThrownBy(() -> gateway.bookPickup(request("RF-R-1-1")))
                .isInstanceOf(CarrierUnavailableException.class)
                .hasMessageContaining("empty body");
    }

    @Test
    void cancellingSends1802AndReportsCancelled() throws Exception {
        answer(ORDER_SERVICE, 200, "{\"EBusinessID\":\"1000001\",\"Success\":true,\"ResultCode\":\"100\"}",
                "application/json");

        assertThat(gateway.cancelPickup("RF-R-1-1", "SF")).isEqualTo(new PickupCancellation.Cancelled("RF-R-1-1"));

        Map<String, String> form = decode(new String(onlyRequest().getBody(), StandardCharsets.US_ASCII));
        assertThat(form.get("RequestType")).isEqualTo("1802");
        JsonNode cancel = KdniaoJson.tree(form.get("RequestData"));
        assertThat(cancel.path("OrderCode").asText()).isEqualTo("RF-R-1-1");
        assertThat(cancel.path("ShipperCode").asText()).isEqualTo("SF");
    }

    @Test
    void cancellingACollectedOrderIsRefused() {
        answer(ORDER_SERVICE, 200, Recorded.kdniao("answer-1802-collected.json"), "application/json");

        assertThat(gateway.cancelPickup("RF-R-1-1", "SF"))
                .isEqualTo(new PickupCancellation.Refused("RF-R-1-1", "订单已揽收，不能取消"));
    }

    @Test
    void cancellingAnOrderKdniaoNeverHadIsCancelled() {
        answer(ORDER_SERVICE, 200, Recorded.kdniao("answer-1802-not-found.json"), "application/json");

        assertThat(gateway.cancelPickup("RF-R-1-1", "SF")).isEqualTo(new PickupCancellation.Cancelled("RF-R-1-1"));
    }

    @Test
    void cancellingWhenKdniaoIsDownIsUnavailable() {
        answer(ORDER_SERVICE, 503, "", "text/plain");

        assertThatThrownBy(() -> gateway.cancelPickup("RF-R-1-1", "SF"))
                .isInstanceOf(CarrierUnavailableException.class)
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void subscribingSends1008ToTheDistributionEndpoint() throws Exception {
        answer("/gateway/api/dist", 200, "{\"EBusinessID\":\"1000001\",\"UpdateTime\":\"2026-11-27 10:00:00\","
                + "\"Success\":true,\"Reason\":\"\"}", "application/json");

        gateway.subscribe("SF", "SF1402983417341", "RF-R-1-1", "R-1");

        kdniao.verify(postRequestedFor(urlEqualTo("/gateway/api/dist"))
                .withRequestBody(containing("RequestType=1008")));
        JsonNode subscription = KdniaoJson.tree(decode(new String(onlyRequest().getBody(), StandardCharsets.US_ASCII))
                .get("RequestData"));
        assertThat(subscription.path("LogisticCode").asText()).isEqualTo("SF1402983417341");
        assertThat(subscription.path("CallBack").asText()).isEqualTo("R-1");
    }

    @Test
    void aRefusedSubscriptionIsARejection() {
        answer("/gateway/api/dist", 200, "{\"Success\":false,\"ResultCode\":\"102\",\"Reason\":\"单号格式错误\"}",
                "application/json");

        assertThatThrownBy(() -> gateway.subscribe("SF", "x", null, null))
                .isInstanceOf(CarrierRejectedException.class)
                .hasMessageContaining("单号格式错误");
    }

    @Test
    void aDuplicateSubscriptionCountsAsSubscribed() {
        answer("/gateway/api/dist", 200, "{\"Success\":false,\"ResultCode\":\"105\",\"Reason\":\"重复订阅\"}",
                "application/json");

        gateway.subscribe("SF", "SF1402983417341", "RF-R-1-1", "R-1");
    }

    @Test
    void queryingSends1002WithOrderCodeShipperCodeAndWaybillAndReadsTheSnapshot() throws Exception {
        answer(TRACKING_QUERY, 200, Recorded.kdniao("answer-1002-in-transit.json"), "text/html; charset=utf-8");

        KdniaoPush.Entry snapshot = gateway.queryTracking("SF", "SF1402983417341", "RF-R-1-1");

        LoggedRequest sent = onlyRequest();
        assertThat(sent.getUrl()).isEqualTo(TRACKING_QUERY);
        assertThat(sent.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded; charset=UTF-8");
        Map<String, String> form = decode(new String(sent.getBody(), StandardCharsets.US_ASCII));
        assertThat(form.keySet()).containsExactly("RequestData", "EBusinessID", "RequestType", "DataSign", "DataType");
        assertThat(form.get("RequestType")).isEqualTo("1002");
        assertThat(form.get("EBusinessID")).isEqualTo(KdniaoTestContext.BUSINESS_ID);
        assertThat(form.get("RequestData"))
                .isEqualTo("{\"OrderCode\":\"RF-R-1-1\",\"ShipperCode\":\"SF\",\"LogisticCode\":\"SF1402983417341\"}");
        assertThat(DataSign.verify(form.get("RequestData"), form.get("DataSign"), KdniaoTestContext.APP_KEY)).isTrue();

        assertThat(snapshot.logisticCode()).isEqualTo("SF1402983417341");
        assertThat(snapshot.state()).isEqualTo("2");
        assertThat(snapshot.stateEx()).isEqualTo("201");
        assertThat(snapshot.traces()).hasSize(2);
    }

    @Test
    void aRefusedQueryIsARejectionAndAnHtmlPageIsUnavailable() {
        answer(TRACKING_QUERY, 200, "{\"Success\":false,\"ResultCode\":\"405\",\"Reason\":\"超过每日查询次数\"}",
                "application/json");
        assertThatThrownBy(() -> gateway.queryTracking("SF", "SF1402983417341", null))
                .isInstanceOfSatisfying(CarrierRejectedException.class, e -> assertThat(e.resultCode()).isEqualTo("405"))
                .hasMessageContaining("超过每日查询次数");

        answer(TRACKING_QUERY, 502, "<html>bad gateway</html>", "text/html");
        assertThatThrownBy(() -> gateway.queryTracking("SF", "SF1402983417341", null))
                .isInstanceOf(CarrierUnavailableException.class)
                .hasMessageContaining("HTTP 502")
                .hasMessageContaining("1002");
    }

    @Test
    void aQueryAnswerBecomesAnInboxEntryLikeAPushEntryThatAnUnchangedAnswerDuplicates() throws Exception {
        TrackingSubscription subscription = new TrackingSubscription("SF1402983417341", "SF", "RF-R-1-1", "R-1",
                SubscriptionStatus.SUBSCRIBED, 0, null, null, null, null, null, null, null, 0, null);
        answer(TRACKING_QUERY, 200, Recorded.kdniao("answer-1002-in-transit.json"), "application/json");

        NewInboxEntry entry = tracking.query(subscription).orElseThrow();

        assertThat(entry.requestType()).isEqualTo("1002");
        assertThat(entry.orderCode()).isEqualTo("RF-R-1-1");
        assertThat(entry.returnId()).isEqualTo("R-1");
        assertThat(entry.status()).isEqualTo(InboxStatus.PENDING);
        JsonNode payload = KdniaoJson.tree(entry.payload());
        // Kdniao's answer does not echo our return id: the subscription's goes in, as a push would carry it
        assertThat(payload.path("CallBack").asText()).isEqualTo("R-1");
        assertThat(payload.path("OrderCode").asText()).isEqualTo("RF-R-1-1");
        assertThat(payload.has("EBusinessID")).isFalse();
        // and the inbox reads it as it reads a 101 entry
        TrackingUpdate update = new KdniaoInboxEntryReader()
                .read(new InboxEntry(1, entry.requestType(), entry.orderCode(), entry.returnId(), entry.payload(),
                        InboxStatus.PENDING, 0, 0, null, null, OffsetDateTime.parse("2026-11-27T15:00:00+08:00"),
                        null, null, null));
        assertThat(update.state()).isEqualTo(TrackingState.IN_TRANSIT);
        assertThat(update.returnId()).isEqualTo("R-1");
        assertThat(update.waybill()).isEqualTo("SF1402983417341");
        assertThat(update.at()).isEqualTo(OffsetDateTime.parse("2026-11-27T14:30:00+08:00"));

        // the same answer again, with its fields in another order: the same entry
        answer(TRACKING_QUERY, 200, "{\"Traces\":" + KdniaoJson.tree(Recorded.kdniao("answer-1002-in-transit.json"))
                .path("Traces") + ",\"State\":\"2\",\"StateEx\":\"201\",\"Success\":true,\"Location\":\"深圳市\","
                + "\"LogisticCode\":\"SF1402983417341\",\"ShipperCode\":\"SF\",\"EBusinessID\":\"1000001\"}",
                "application/json");
        assertThat(tracking.query(subscription).orElseThrow().dedupKey()).isEqualTo(entry.dedupKey());
    }

    @Test
    void aQueryAnswerNamingKeysThatDoNotFitTheInboxIsKeyedByOurOwn() throws Exception {
        TrackingSubscription subscription = new TrackingSubscription("SF1402983417341", "SF", "RF-R-1-1", "R-1",
                SubscriptionStatus.SUBSCRIBED, 0, null, null, null, null, null, null, null, 0, null);
        JsonNode recorded = KdniaoJson.tree(Recorded.kdniao("answer-1002-in-transit.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) recorded).put("OrderCode", "X".repeat(300))
                .put("CallBack", "Y".repeat(300));
        answer(TRACKING_QUERY, 200, recorded.toString(), "application/json");

        NewInboxEntry entry = tracking.query(subscription).orElseThrow();

        assertThat(entry.orderCode()).isEqualTo("RF-R-1-1");
        assertThat(entry.returnId()).isEqualTo("R-1");
        assertThat(KdniaoJson.tree(entry.payload()).path("OrderCode").asText()).isEqualTo("RF-R-1-1");
    }

    @Test
    void aQueryAnswerWithoutAnyTraceIsNothingToTell() {
        TrackingSubscription subscription = new TrackingSubscription("SF1402983417341", "SF", "RF-R-1-1", "R-1",
                SubscriptionStatus.SUBSCRIBED, 0, null, null, null, null, null, null, null, 0, null);
        answer(TRACKING_QUERY, 200, Recorded.kdniao("answer-1002-no-trace.json"), "application/json");

        assertThat(tracking.query(subscription)).isEqualTo(Optional.empty());
    }

    private static long subscriptionCount() {
        return context.getBean(io.returnflow.support.MigratedDatabase.class).jdbc()
                .sql("select count(*) from tracking_subscriptions").query(Long.class).single();
    }

    private static void answer(String path, int status, String body, String contentType) {
        kdniao.resetAll();
        kdniao.stubFor(post(urlEqualTo(path))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded; charset=UTF-8"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", contentType)
                        .withBody(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = kdniao.findAll(postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock
                .anyUrl()));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    static Map<String, String> decode(String formBody) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : formBody.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    static PickupRequest request(String orderCode) {
        PickupRequest.Party buyer = new PickupRequest.Party("张三", "+8613800000000", "广东省", "深圳市", "南山区",
                "科技园 1 号 A&B座 sandbox:no-show", "518000");
        PickupRequest.Party warehouse = new PickupRequest.Party("仓库收货组", "075500000000", "广东省", "深圳市", "宝安区",
                "福永街道 物流园 3 号库", "518103");
        return new PickupRequest(orderCode, "R-8F3K2Q", buyer, warehouse,
                List.of(new PickupRequest.Commodity("T 恤 <M'S>", 1, new BigDecimal("0.5"), new BigDecimal("99.00"))),
                new BigDecimal("1.5"), 1,
                OffsetDateTime.parse("2026-11-27T09:00:00+08:00"), OffsetDateTime.parse("2026-11-27T03:00:00Z"),
                "退货 #100% off", "MC-0755-001");
    }
}
