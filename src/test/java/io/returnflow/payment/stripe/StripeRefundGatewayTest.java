package io.returnflow.payment.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.returnflow.payment.ChargeRefund;
import io.returnflow.payment.PaymentConfiguration;
import io.returnflow.payment.PaymentUnavailableException;
import io.returnflow.payment.ProviderRefund;
import io.returnflow.payment.RefundOrder;
import io.returnflow.payment.RefundRefusedException;
import io.returnflow.platform.EndpointResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The adapter through the production Feign client (its configuration, error decoder and timeouts)
 * against a stub of the provider's HTTP API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        classes = {PaymentConfiguration.class, StripeRefundGateway.class, EndpointResolver.class},
        properties = {
                "returnflow.payment.secret-key=sk_test_adapter",
                // generous, so that a busy machine never times a normal answer out; a provider that is really
                // slow is tested against a short timeout of its own (AgainstAShortReadTimeout)
                "spring.cloud.openfeign.client.config.payments.connect-timeout=5000",
                "spring.cloud.openfeign.client.config.payments.read-timeout=10000",
        })
@ImportAutoConfiguration({FeignAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class})
class StripeRefundGatewayTest {

    private static final WireMockServer provider = new WireMockServer(options().dynamicPort());

    static {
        provider.start();
    }

    @DynamicPropertySource
    static void providerUrl(DynamicPropertyRegistry registry) {
        registry.add("stub.port", provider::port);
        // resolved per call, like the sandbox's ${local.server.port}
        registry.add("returnflow.payment.base-url", () -> "http://localhost:${stub.port}/stripe");
    }

    @AfterAll
    static void stopProvider() {
        provider.stop();
    }

    @Autowired
    StripeRefundGateway gateway;

    private final RefundOrder order = RefundOrder.forReturn("R-8F3K2Q", "ch_3PxL2k", new BigDecimal("87.50"), "CNY");

    @BeforeEach
    void reset() {
        provider.resetAll();
    }

    @Test
    void sendsTheRefundFormEncodedWithKeyAndSecret() {
        provider.stubFor(post("/stripe/v1/refunds").willReturn(okJson(refund("re_1", "succeeded"))));

        ProviderRefund refund = gateway.refund(order);

        assertThat(refund).isEqualTo(new ProviderRefund("re_1", ProviderRefund.Status.SUCCEEDED, null));
        provider.verify(1, postRequestedFor(urlPathEqualTo("/stripe/v1/refunds"))
                .withHeader("Authorization", equalTo("Bearer sk_test_adapter"))
                .withHeader("Idempotency-Key", equalTo("refund:R-8F3K2Q")));
        LoggedRequest sent = provider.getAllServeEvents().get(0).getRequest();
        assertThat(sent.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(form(sent.getBodyAsString())).containsExactly(
                Map.entry("charge", "ch_3PxL2k"),
                Map.entry("amount", "8750"),
                Map.entry("currency", "cny"),
                Map.entry("reason", "requested_by_customer"),
                Map.entry("metadata[return_id]", "R-8F3K2Q"));
    }

    @Test
    void sendsTheSameKeyOnEveryTry() {
        provider.stubFor(post("/stripe/v1/refunds").willReturn(okJson(refund("re_1", "succeeded"))));

        gateway.refund(order);
        gateway.refund(order);

        List<LoggedRequest> sent = provider.findAll(postRequestedFor(urlPathEqualTo("/stripe/v1/refunds")));
        assertThat(sent).hasSize(2)
                .allSatisfy(r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo("refund:R-8F3K2Q"));
        assertThat(sent.get(0).getBodyAsString()).isEqualTo(sent.get(1).getBodyAsString());
    }

    @ParameterizedTest
    @CsvSource({"succeeded, SUCCEEDED", "pending, PENDING", "requires_action, PENDING", "failed, FAILED",
            "canceled, FAILED", "some_future_state, PENDING"})
    void mapsTheProvidersRefundStates(String providerStatus, ProviderRefund.Status status) {
        provider.stubFor(post("/stripe/v1/refunds").willReturn(okJson(refund("re_2", providerStatus))));

        assertThat(gateway.refund(order).status()).isEqualTo(status);
    }

    @Test
    void aFailedRefundCarriesTheProvidersReason() {
        provider.stubFor(post("/stripe/v1/refunds").willReturn(okJson("""
                {"id": "re_3", "object": "refund", "amount": 8750, "currency": "cny", "charge": "ch_3PxL2k",
                 "status": "failed", "failure_reason": "expired_or_canceled_card"}
                """)));

        assertThat(gateway.refund(order))
                .isEqualTo(new ProviderRefund("re_3", ProviderRefund.Status.FAILED, "expired_or_canceled_card"));
    }

    @Test
    void aRefusal402IsARefundRefusedException() {
        provider.stubFor(post("/stripe/v1/refunds").willReturn(aResponse().withStatus(402)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error": {"type": "card_error", "code": "refund_failed",
                                   "message": "The refund could not be processed."}}
                        """)));

        RefundRefusedException refused = catchThrowableOfType(() -> gateway.refund(order),
                RefundRefusedException.class);

        assertThat(refused.code()).isEqualTo("refund_failed");
        assertThat(refused).hasMessage("The refund could not be processed.");
    }

    @Test
    void aBadRequest400IsARefundRefusedException() {
        provider.stubFor(post("/stripe/v1/refunds").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error": {"type": "invalid_request_error", "code": "charge_already_refunded",
                                   "message": "Charge ch_3PxL2k has already been refunded."}}
                        """)));

        assertThat(catchThrowableOfType(() -> gateway.refund(order), RefundRefusedException.class).code())
                .isEqualTo("charge_already_refunded");
    }

    @Test
    void anIdempotencyErrorIsNotRecordedAsARefusal() {
        provider.stubFor(post("/stripe/v1/refunds").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error": {"type": "idempotency_error",
                                   "message": "Keys for idempotent requests can only be used with the same parameters"}}
                        """)));

        assertThatThrownBy(() -> gateway.refund(order))
                .isExactlyInstanceOf(PaymentUnavailableException.class)
                .hasMessageContaining("different request under this idempotency key");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "503 | The payment provider failed (503",
            "500 | The payment provider failed (500",
            "409 | still in flight",
            "429 | limiting our request rate",
            "401 | check the secret key",
            "404 | check the provider's base URL",
    })
    void technicalErrorsAreUnavailable(int status, String message) {
        provider.stubFor(post("/stripe/v1/refunds").willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"type\": \"api_error\", \"message\": \"stub says " + status + "\"}}")));

        assertThatThrownBy(() -> gateway.refund(order))
                .isExactlyInstanceOf(PaymentUnavailableException.class)
                .hasMessageContaining(message);
    }

    @Test
    void a402WithoutTheProvidersErrorBodyIsNotTakenForARefusal() {
        provider.stubFor(post("/stripe/v1/refunds").willReturn(aResponse().withStatus(402)
                .withHeader("Content-Type", "text/html").withBody("<html>Payment Required</html>")));

        assertThatThrownBy(() -> gateway.refund(order)).isExactlyInstanceOf(PaymentUnavailableException.class);
    }

    /** A provider that does not answer in time, against a read timeout set short for these tests alone. */
    @Nested
    @TestPropertySource(properties = "spring.cloud.openfeign.client.config.payments.read-timeout="
            + AgainstAShortReadTimeout.READ_TIMEOUT_MS)
    class AgainstAShortReadTimeout {

        static final int READ_TIMEOUT_MS = 300;

        @Autowired
        StripeRefundGateway impatient;

        @Test
        void aSlowProviderTimesOutAsUnavailable() {
            // the stub waits twenty times the timeout: the outcome never depends on how busy the machine is
            provider.stubFor(post("/stripe/v1/refunds")
                    .willReturn(okJson(refund("re_4", "succeeded")).withFixedDelay(READ_TIMEOUT_MS * 20)));

            assertThatThrownBy(() -> impatient.refund(order))
                    .isExactlyInstanceOf(PaymentUnavailableException.class)
                    .hasMessageContaining("did not answer in time");
        }
    }

    @Test
    void aBrokenConnectionIsUnavailable() {
        provider.stubFor(post("/stripe/v1/refunds")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> gateway.refund(order)).isExactlyInstanceOf(PaymentUnavailableException.class);
    }

    @Test
    void anUnreadableSuccessIsUnavailable() {
        provider.stubFor(post("/stripe/v1/refunds").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": ")));

        assertThatThrownBy(() -> gateway.refund(order)).isExactlyInstanceOf(PaymentUnavailableException.class);
    }

    @Test
    void listsAllRefundsOfAChargePageByPage() {
        provider.stubFor(get(urlPathEqualTo("/stripe/v1/refunds"))
                .withQueryParam("charge", equalTo("ch_3PxL2k"))
                .withQueryParam("limit", equalTo("100"))
                .withQueryParam("starting_after", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(okJson("""
                        {"object": "list", "has_more": true, "url": "/v1/refunds", "data": [
                          {"id": "re_new", "object": "refund", "amount": 8750, "currency": "cny", "charge": "ch_3PxL2k",
                           "status": "succeeded", "metadata": {"return_id": "R-8F3K2Q"}, "created": 1764000000}]}
                        """)));
        provider.stubFor(get(urlPathEqualTo("/stripe/v1/refunds"))
                .withQueryParam("charge", equalTo("ch_3PxL2k"))
                .withQueryParam("starting_after", equalTo("re_new"))
                .willReturn(okJson("""
                        {"object": "list", "has_more": false, "url": "/v1/refunds", "data": [
                          {"id": "re_old", "object": "refund", "amount": 1200, "currency": "cny", "charge": "ch_3PxL2k",
                           "status": "pending", "metadata": {}, "created": 1763000000}]}
                        """)));

        List<ChargeRefund> refunds = gateway.refundsOf("ch_3PxL2k");

        assertThat(refunds).extracting(ChargeRefund::providerRefundId, ChargeRefund::returnId, ChargeRefund::amount,
                        ChargeRefund::currency, ChargeRefund::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("re_new", "R-8F3K2Q", new BigDecimal("87.50"), "CNY",
                                ProviderRefund.Status.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("re_old", null, new BigDecimal("12.00"), "CNY",
                                ProviderRefund.Status.PENDING));
        provider.verify(2, getRequestedFor(urlPathEqualTo("/stripe/v1/refunds"))
                .withHeader("Authorization", equalTo("Bearer sk_test_adapter")));
    }

    @Test
    void looksUpOneRefundByItsId() {
        provider.stubFor(get("/stripe/v1/refunds/re_7").willReturn(okJson(refund("re_7", "succeeded"))));

        assertThat(gateway.refundStatus("re_7"))
                .isEqualTo(new ProviderRefund("re_7", ProviderRefund.Status.SUCCEEDED, null));
        provider.verify(1, getRequestedFor(urlPathEqualTo("/stripe/v1/refunds/re_7"))
                .withHeader("Authorization", equalTo("Bearer sk_test_adapter")));
    }

    @Test
    void anUnknownRefundIdIsUnavailableNotARefusal() {
        provider.stubFor(get("/stripe/v1/refunds/re_gone").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
                        + "\"message\":\"No such refund: 're_gone'\"}}")));

        assertThatThrownBy(() -> gateway.refundStatus("re_gone")).isExactlyInstanceOf(PaymentUnavailableException.class)
                .hasMessageContaining("404");
    }

    private static String refund(String id, String status) {
        return """
                {"id": "%s", "object": "refund", "amount": 8750, "currency": "cny", "charge": "ch_3PxL2k",
                 "status": "%s", "reason": "requested_by_customer", "metadata": {"return_id": "R-8F3K2Q"},
                 "created": 1764000000, "balance_transaction": "txn_1"}
                """.formatted(id, status);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] nameValue = pair.split("=", 2);
            fields.put(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
        }
        return fields;
    }
}
