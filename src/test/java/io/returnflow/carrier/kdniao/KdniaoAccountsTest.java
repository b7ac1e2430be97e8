package io.returnflow.carrier.kdniao;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.returnflow.carrier.CarrierRejectedException;
import io.returnflow.carrier.PickupBooking;
import io.returnflow.carrier.PickupRequest;
import io.returnflow.carrier.support.Recorded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Who pays a pickup, as Kdniao is told (PayType, MonthCode): per carrier, falling back to the default
 * account, a store's own account winning; and a booking Kdniao refuses for those settings names the one to
 * change.
 */
class KdniaoAccountsTest {

    private static final String ORDER_SERVICE = "/gateway/api/OOrderService";
    private static final String P = "--returnflow.carrier.kdniao.";
    private static final String STORE_ACCOUNT = "MC-0755-001";
    private static final String PAY_TYPE_REFUSED = "{\"EBusinessID\":\"1000001\",\"Success\":false,"
            + "\"ResultCode\":\"102\",\"Reason\":\"该快递公司不支持此支付方式\"}";

    private static WireMockServer kdniao;
    /** SF, the default carrier, has its own monthly account; the default account pays receiver-side. */
    private static ConfigurableApplicationContext sfListed;
    /** JD, the default carrier, is not listed: the default account (PayType 2, KDN-0001) pays. */
    private static ConfigurableApplicationContext jdNotListed;
    /** PayType 3 for SF, and no monthly account number anywhere. */
    private static ConfigurableApplicationContext noMonthCode;

    @BeforeAll
    static void start() {
        kdniao = new WireMockServer(wireMockConfig().dynamicPort());
        kdniao.start();
        sfListed = KdniaoTestContext.start(kdniao.port(), 2000,
                P + "default-account.pay-type=2", P + "default-account.month-code=KDN-0001",
                P + "accounts.SF.pay-type=3", P + "accounts.SF.month-code=7551234567");
        jdNotListed = KdniaoTestContext.start(kdniao.port(), 2000, "--returnflow.carrier.default-carrier=JD",
                P + "default-account.pay-type=2", P + "default-account.month-code=KDN-0001",
                P + "accounts.SF.pay-type=3", P + "accounts.SF.month-code=7551234567");
        noMonthCode = KdniaoTestContext.start(kdniao.port(), 2000, P + "accounts.SF.pay-type=3");
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext context : List.of(sfListed, jdNotListed, noMonthCode)) {
            context.close();
        }
        kdniao.stop();
    }

    @BeforeEach
    void reset() {
        kdniao.resetAll();
    }

    @Test
    void aListedCarrierIsBookedOnItsOwnAccount() throws Exception {
        answer(Recorded.kdniao("answer-1801-booked.json"));

        gateway(sfListed).bookPickup(request(null));

        JsonNode order = sentOrder();
        assertThat(order.path("ShipperCode").asText()).isEqualTo("SF");
        assertThat(order.path("PayType").asInt()).isEqualTo(3);
        assertThat(order.path("MonthCode").asText()).isEqualTo("7551234567");
    }

    @Test
    void aCarrierNotListedIsBookedOnTheDefaultAccount() throws Exception {
        answer(Recorded.kdniao("answer-1801-booked.json"));

        gateway(jdNotListed).bookPickup(request(null));

        JsonNode order = sentOrder();
        assertThat(order.path("ShipperCode").asText()).isEqualTo("JD");
        assertThat(order.path("PayType").asInt()).isEqualTo(2);
        assertThat(order.path("MonthCode").asText()).isEqualTo("KDN-0001");
    }

    @Test
    void aStoresOwnAccountWinsOverTheConfiguredOneAndPaysMonthly() throws Exception {
        answer(Recorded.kdniao("answer-1801-booked.json"));

        gateway(sfListed).bookPickup(request(STORE_ACCOUNT));
        JsonNode listed = sentOrder();
        assertThat(listed.path("PayType").asInt()).isEqualTo(3);
        assertThat(listed.path("MonthCode").asText()).isEqualTo(STORE_ACCOUNT);

        // the default account says "receiver pays"; the store's monthly account pays all the same
        kdniao.resetRequests();
        gateway(jdNotListed).bookPickup(request(STORE_ACCOUNT));
        JsonNode notListed = sentOrder();
        assertThat(notListed.path("PayType").asInt()).isEqualTo(3);
        assertThat(notListed.path("MonthCode").asText()).isEqualTo(STORE_ACCOUNT);
    }

    @Test
    void payType3WithoutAnyMonthCodeIsSentAsItIsAndKdniaoDecides() throws Exception {
        answer(Recorded.kdniao("answer-1801-booked.json"));

        // an account Kdniao books without a MonthCode: booked
        assertThat(gateway(noMonthCode).bookPickup(request(null)))
                .isEqualTo(new PickupBooking("RF-R-1-1", "SF", null, "KDNIST2611270001"));
        JsonNode order = sentOrder();
        assertThat(order.path("PayType").asInt()).isEqualTo(3);
        assertThat(order.has("MonthCode")).isFalse();
    }

    @Test
    void aRefusalForTheMissingMonthCodeNamesTheSettingToSet() {
        answer(Recorded.kdniao("answer-1801-missing-month-code.json"));

        assertThatThrownBy(() -> gateway(noMonthCode).bookPickup(request(null)))
                .isInstanceOfSatisfying(CarrierRejectedException.class,
                        e -> assertThat(e.resultCode()).isEqualTo("101"))
                .hasMessageContaining("Kdniao refused pickup order RF-R-1-1: 缺少必要参数：MonthCode（月结编码） (ResultCode 101)")
                .hasMessageContaining("no MonthCode was sent: set returnflow.carrier.kdniao.accounts.SF.month-code "
                        + "to the monthly account number for SF");
        // still only one call: a refusal is an answer, not something to retry here
        assertThat(kdniao.findAll(postRequestedFor(anyUrl()))).hasSize(1);
    }

    @Test
    void aRefusedMonthCodeSaysWhereItCameFrom() {
        answer("{\"Success\":false,\"ResultCode\":\"102\",\"Reason\":\"月结账号不存在或未授权\"}");

        assertThatThrownBy(() -> gateway(sfListed).bookPickup(request(null)))
                .isInstanceOf(CarrierRejectedException.class)
                .hasMessageContaining("the MonthCode sent came from returnflow.carrier.kdniao.accounts.SF.month-code: "
                        + "check it");

        assertThatThrownBy(() -> gateway(jdNotListed).bookPickup(request(null)))
                .isInstanceOf(CarrierRejectedException.class)
                .hasMessageContaining("the MonthCode sent came from returnflow.carrier.kdniao.default-account.month-code: "
                        + "check it, or set returnflow.carrier.kdniao.accounts.JD.month-code to the monthly account "
                        + "number for JD");

        assertThatThrownBy(() -> gateway(sfListed).bookPickup(request(STORE_ACCOUNT)))
                .isInstanceOf(CarrierRejectedException.class)
                .hasMessageContaining("the MonthCode sent was the pickup request's own carrier account, e.g. a "
                        + "store's: check that account");
    }

    @Test
    void aRefusedPayTypeNamesThePayTypeSetting() {
        answer(PAY_TYPE_REFUSED);

        assertThatThrownBy(() -> gateway(sfListed).bookPickup(request(null)))
                .isInstanceOfSatisfying(CarrierRejectedException.class,
                        e -> assertThat(e.resultCode()).isEqualTo("102"))
                .hasMessageContaining("该快递公司不支持此支付方式 (ResultCode 102)")
                .hasMessageContaining("PayType 3 was sent (from returnflow.carrier.kdniao.accounts.SF.pay-type): "
                        + "set returnflow.carrier.kdniao.accounts.SF.pay-type to 1 (sender pays), 2 (receiver pays) "
                        + "or 3 (monthly account)")
                .message().doesNotContain("month-code");

        assertThatThrownBy(() -> gateway(jdNotListed).bookPickup(request(null)))
                .isInstanceOf(CarrierRejectedException.class)
                .hasMessageContaining("PayType 2 was sent (from returnflow.carrier.kdniao.default-account.pay-type): "
                        + "set returnflow.carrier.kdniao.accounts.JD.pay-type to");
    }

    private static KdniaoCarrierGateway gateway(ConfigurableApplicationContext context) {
        return context.getBean(KdniaoCarrierGateway.class);
    }

    private static void answer(String body) {
        kdniao.stubFor(post(urlEqualTo(ORDER_SERVICE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static JsonNode sentOrder() throws Exception {
        List<LoggedRequest> requests = kdniao.findAll(postRequestedFor(urlEqualTo(ORDER_SERVICE)));
        assertThat(requests).hasSize(1);
        return KdniaoJson.tree(KdniaoCarrierGatewayTest.decode(
                new String(requests.get(0).getBody(), StandardCharsets.US_ASCII)).get("RequestData"));
    }

    /** A home pickup ({@code carrierAccount} null) or a store's shipment on the store's own account. */
    private static PickupRequest request(String carrierAccount) {
        PickupRequest.Party buyer = new PickupRequest.Party("张三", "13800000000", "广东省", "深圳市", "南山区",
                "科技园 1 号", "518000");
        PickupRequest.Party warehouse = new PickupRequest.Party("仓库收货组", "075500000000", "广东省", "深圳市",
                "宝安区", "福永街道 物流园 3 号库", "518103");
        return new PickupRequest("RF-R-1-1", "R-1", buyer, warehouse,
                List.of(new PickupRequest.Commodity("T 恤", 1, new BigDecimal("0.5"), new BigDecimal("99.00"))),
                new BigDecimal("0.5"), 1, OffsetDateTime.parse("2026-11-27T09:00:00+08:00"),
                OffsetDateTime.parse("2026-11-27T11:00:00+08:00"), "退货", carrierAccount);
    }
}
