package io.returnflow.payment.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.returnflow.payment.PaymentConfiguration;
import io.returnflow.payment.PaymentUnavailableException;
import io.returnflow.payment.RefundOrder;
import io.returnflow.platform.EndpointResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A provider that does not answer in time, against a read timeout set short for this test alone: the stub
 * waits far longer than the timeout, so the outcome never depends on how busy the machine is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        classes = {PaymentConfiguration.class, StripeRefundGateway.class, EndpointResolver.class},
        properties = {
                "returnflow.payment.secret-key=sk_test_adapter",
                "spring.cloud.openfeign.client.config.payments.connect-timeout=5000",
                "spring.cloud.openfeign.client.config.payments.read-timeout=" + StripeRefundGatewayTimeoutTest.READ_TIMEOUT_MS,
        })
@ImportAutoConfiguration({FeignAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class})
class StripeRefundGatewayTimeoutTest {

    static final int READ_TIMEOUT_MS = 300;

    private static final WireMockServer provider = new WireMockServer(options().dynamicPort());

    static {
        provider.start();
    }

    @DynamicPropertySource
    static void providerUrl(DynamicPropertyRegistry registry) {
        registry.add("stub.port", provider::port);
        registry.add("returnflow.payment.base-url", () -> "http://localhost:${stub.port}/stripe");
    }

    @AfterAll
    static void stopProvider() {
        provider.stop();
    }

    @Autowired
    StripeRefundGateway gateway;

    @Test
    void aSlowProviderTimesOutAsUnavailable() {
        provider.stubFor(post("/stripe/v1/refunds").willReturn(okJson("""
                {"id": "re_4", "object": "refund", "amount": 8750, "currency": "cny", "charge": "ch_3PxL2k",
                 "status": "succeeded", "metadata": {"return_id": "R-8F3K2Q"}, "created": 1764000000}
                """).withFixedDelay(READ_TIMEOUT_MS * 20)));

        assertThatThrownBy(() -> gateway.refund(
                RefundOrder.forReturn("R-8F3K2Q", "ch_3PxL2k", new BigDecimal("87.50"), "CNY")))
                .isExactlyInstanceOf(PaymentUnavailableException.class)
                .hasMessageContaining("did not answer in time");
    }
}
