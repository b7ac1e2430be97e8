package io.returnflow.storecredit.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import java.time.OffsetDateTime;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.returnflow.platform.EndpointResolver;
import io.returnflow.storecredit.CreditOrder;
import io.returnflow.storecredit.ProviderCredit;
import io.returnflow.storecredit.StoreCreditParkedException;
import io.returnflow.storecredit.StoreCreditRefusedException;
import io.returnflow.storecredit.StoreCreditUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The generic adapter through the production Feign client (its configuration and error decoder) against a stub of
 * the store-credit protocol: what it sends, and how every documented code, an unknown one, and answers that are no
 * answer become the port's outcomes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        classes = {StoreCreditHttpConfiguration.class, HttpStoreCreditGateway.class, EndpointResolver.class},
        properties = {
                "returnflow.store-credit.api-key=sk_test_adapter",
                "spring.cloud.openfeign.client.config.store-credit.connect-timeout=5000",
                "spring.cloud.openfeign.client.config.store-credit.read-timeout=10000",
        })
@ImportAutoConfiguration({FeignAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class})
class HttpStoreCreditGatewayTest {

    private static final WireMockServer system = new WireMockServer(options().dynamicPort());

    static {
        system.start();
    }

    @DynamicPropertySource
    static void systemUrl(DynamicPropertyRegistry registry) {
        registry.add("stub.port", system::port);
        registry.add("returnflow.store-credit.base-url", () -> "http://localhost:${stub.port}/credit");
    }

    @AfterAll
    static void stopSystem() {
        system.stop();
    }

    @Autowired
    HttpStoreCreditGateway gateway;

    private final CreditOrder order = new CreditOrder("credit:R-8F3K2Q", "R-8F3K2Q", "cus_1", "SO-1", "cny",
            new BigDecimal("99.00"), new BigDecimal("10.00"));

    @BeforeEach
    void reset() {
        system.resetAll();
    }

    @Test
    void sendsTheCreditAsJsonWithKeyAndApiKeyAndReadsTheCredit() {
        system.stubFor(post("/credit/v1/credits").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(credit("sc_1", "issued"))));

        ProviderCredit credit = gateway.issue(order);

        assertThat(credit).isEqualTo(new ProviderCredit("sc_1", ProviderCredit.Status.ISSUED, new BigDecimal("99.00"),
                new BigDecimal("10.00"), "CNY", "R-8F3K2Q", null, OffsetDateTime.parse("2026-12-07T12:00:00Z")));
        system.verify(1, postRequestedFor(urlPathEqualTo("/credit/v1/credits"))
                .withHeader("Authorization", equalTo("Bearer sk_test_adapter"))
                .withHeader("Idempotency-Key", equalTo("credit:R-8F3K2Q"))
                .withRequestBody(equalToJson("""
                        {"customerId": "cus_1", "orderId": "SO-1", "reference": "R-8F3K2Q", "currency": "CNY",
                         "amount": "99.00", "bonus": "10.00"}""")));
    }

    @Test
    void readsTheAccountWhenTheCreditNamesIt() {
        system.stubFor(post("/credit/v1/credits").willReturn(okJson("""
                {"id": "sc_1", "status": "issued", "amount": "99.00", "bonus": "10.00", "currency": "CNY",
                 "reference": "R-8F3K2Q", "customerId": "cus_1", "createdAt": "2026-12-07T12:00:00Z"}""")));

        assertThat(gateway.issue(order).customerId()).isEqualTo("cus_1");
    }

    @Test
    void aReplayedCreditIsTheSameCredit() {
        system.stubFor(post("/credit/v1/credits").willReturn(okJson(credit("sc_1", "issued"))));

        assertThat(gateway.issue(order).id()).isEqualTo("sc_1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer_not_found", "account_closed", "currency_not_supported", "invalid_amount"})
    void theRefusalCodesRefuseForGood(String code) {
        system.stubFor(post("/credit/v1/credits").willReturn(problem(422, code)));

        StoreCreditRefusedException refused = catchThrowableOfType(StoreCreditRefusedException.class,
                () -> gateway.issue(order));

        assertThat(refused.code()).isEqualTo(code);
        assertThat(refused).hasMessage("what the system says about " + code);
    }

    @Test
    void theKeyInUseIsRetried() {
        system.stubFor(post("/credit/v1/credits").willReturn(problem(409, "idempotency_key_in_use")));

        assertThatThrownBy(() -> gateway.issue(order)).isInstanceOf(StoreCreditUnavailableException.class)
                .hasMessageContaining("still being processed");
    }

    @ParameterizedTest
    @CsvSource({"422, idempotency_key_reused, holds a different request under this idempotency key",
            "400, invalid_request, does not list",
            "422, account_under_review, does not list",
            "402, insufficient_funds, does not list"})
    void anyOtherCodeIsParkedNeverGuessed(int status, String code, String says) {
        system.stubFor(post("/credit/v1/credits").willReturn(problem(status, code)));

        StoreCreditParkedException parked = catchThrowableOfType(StoreCreditParkedException.class,
                () -> gateway.issue(order));

        assertThat(parked.code()).isEqualTo(code);
        assertThat(parked).hasMessageContaining(says);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 429, 401})
    void failuresAndBusyAndCredentialsAreUnavailable(int status) {
        system.stubFor(post("/credit/v1/credits").willReturn(problem(status, "whatever")));

        assertThatThrownBy(() -> gateway.issue(order)).isInstanceOf(StoreCreditUnavailableException.class);
    }

    @Test
    void anAnswerWithoutAProblemCodeIsUnavailableNotARefusal() {
        system.stubFor(post("/credit/v1/credits").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/html").withBody("<html>Not Found</html>")));

        assertThatThrownBy(() -> gateway.issue(order)).isInstanceOf(StoreCreditUnavailableException.class)
                .hasMessageContaining("returnflow.store-credit.base-url");
    }

    @Test
    void aConnectionThatBreaksIsUnavailable() {
        system.stubFor(post("/credit/v1/credits").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> gateway.issue(order)).isInstanceOf(StoreCreditUnavailableException.class);
    }

    @Test
    void aCreditInAStatusTheProtocolDoesNotKnowIsParked() {
        system.stubFor(post("/credit/v1/credits").willReturn(okJson(credit("sc_1", "pending"))));

        assertThatThrownBy(() -> gateway.issue(order)).isInstanceOf(StoreCreditParkedException.class)
                .hasMessageContaining("status pending");
    }

    @Test
    void looksACreditUpByReference() {
        system.stubFor(get(urlPathEqualTo("/credit/v1/credits"))
                .willReturn(okJson("{\"data\": [" + credit("sc_1", "issued") + "]}")));

        assertThat(gateway.findByReference("R-8F3K2Q")).map(ProviderCredit::id).contains("sc_1");
        system.verify(getRequestedFor(urlPathEqualTo("/credit/v1/credits"))
                .withQueryParam("reference", equalTo("R-8F3K2Q"))
                .withHeader("Authorization", equalTo("Bearer sk_test_adapter")));

        system.stubFor(get(urlPathEqualTo("/credit/v1/credits")).willReturn(okJson("{\"data\": []}")));
        assertThat(gateway.findByReference("R-8F3K2Q")).isEmpty();
    }

    @Test
    void aLookupThatFailsIsUnavailable() {
        system.stubFor(get(urlPathEqualTo("/credit/v1/credits")).willReturn(problem(503, "unavailable")));

        assertThatThrownBy(() -> gateway.findByReference("R-8F3K2Q"))
                .isInstanceOf(StoreCreditUnavailableException.class);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(int status, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\": \"about:blank\", \"title\": \"" + code + "\", \"status\": " + status
                        + ", \"code\": \"" + code + "\", \"detail\": \"what the system says about " + code + "\"}");
    }

    private static String credit(String id, String status) {
        return """
                {"id": "%s", "status": "%s", "amount": "99.00", "bonus": "10.00", "currency": "CNY",
                 "reference": "R-8F3K2Q", "createdAt": "2026-12-07T12:00:00Z"}""".formatted(id, status);
    }
}
