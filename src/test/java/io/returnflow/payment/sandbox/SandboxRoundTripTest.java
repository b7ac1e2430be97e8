package io.returnflow.payment.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.Map;

import io.returnflow.payment.ChargeRefund;
import io.returnflow.payment.PaymentConfiguration;
import io.returnflow.payment.PaymentProperties;
import io.returnflow.payment.PaymentUnavailableException;
import io.returnflow.payment.PendingRefundFollowUp;
import io.returnflow.payment.ProviderRefund;
import io.returnflow.payment.Refund;
import io.returnflow.payment.RefundLedger;
import io.returnflow.payment.RefundOrder;
import io.returnflow.payment.RefundRefusedException;
import io.returnflow.payment.RefundService;
import io.returnflow.payment.stripe.StripeRefundClient;
import io.returnflow.payment.stripe.StripeRefundGateway;
import io.returnflow.payment.stripe.StripeWebhookController;
import io.returnflow.platform.ClockConfig;
import io.returnflow.platform.EndpointResolver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The refund service, the real adapter and the sandbox provider together, over real HTTP on the
 * application's own port: the configured base URL names {@code ${local.server.port}}, as in a local run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {PaymentConfiguration.class, StripeRefundGateway.class, RefundLedger.class, RefundService.class,
                SandboxPaymentProvider.class, SandboxPaymentController.class, EndpointResolver.class,
                ClockConfig.class, StripeWebhookController.class, SandboxRefundWebhooks.class,
                PendingRefundFollowUp.class},
        properties = {
                "spring.datasource.url=jdbc:h2:mem:payment-round-trip;DB_CLOSE_DELAY=-1",
                "returnflow.payment.base-url=http://localhost:${local.server.port}/sandbox/payments",
                "returnflow.payment.secret-key=sk_test_sandbox",
                "returnflow.payment.sandbox.enabled=true",
                "returnflow.payment.sandbox.flaky-failures=2",
                "returnflow.payment.webhook-secret=whsec_round_trip",
                "returnflow.payment.sandbox.pending-for=0s",
                "returnflow.payment.sandbox.webhook-url=http://localhost:${local.server.port}/webhooks/payments/stripe",
                // the tests drive the sandbox's clock work and the follow-up themselves
                "returnflow.payment.sandbox.tick=1h",
                "returnflow.payment.follow-up.interval=1h",
                "returnflow.payment.follow-up.pending-after=0s",
        })
@ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
        DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
        FlywayAutoConfiguration.class, FeignAutoConfiguration.class, RestClientAutoConfiguration.class})
class SandboxRoundTripTest {

    @Autowired
    RefundService refunds;
    @Autowired
    StripeRefundGateway gateway;
    @Autowired
    StripeRefundClient client;
    @Autowired
    PaymentProperties properties;
    @Autowired
    EndpointResolver endpoints;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SandboxPaymentProvider sandbox;
    @Autowired
    SandboxRefundWebhooks webhooks;
    @Autowired
    PendingRefundFollowUp followUp;

    @Test
    void refundsOnceThroughTheSandbox() {
        RefundOrder order = RefundOrder.forReturn("R-RT1", "ch_rt_1", new BigDecimal("87.50"), "CNY");

        Refund refund = refunds.issue(order);
        Refund again = refunds.issue(order);

        assertThat(refund.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(refund.providerRefundId()).startsWith("re_");
        assertThat(again).isEqualTo(refund);
        Map<String, Object> recorded = jdbc.sql("select * from sandbox_payment_refunds where charge_id = 'ch_rt_1'")
                .query().singleRow();
        assertThat(recorded).containsEntry("ID", refund.providerRefundId()).containsEntry("AMOUNT", 8750L)
                .containsEntry("CURRENCY", "cny").containsEntry("RETURN_ID", "R-RT1")
                .containsEntry("IDEMPOTENCY_KEY", "refund:R-RT1");

        assertThat(gateway.refundsOf("ch_rt_1")).singleElement().satisfies(listed -> {
            assertThat(listed.providerRefundId()).isEqualTo(refund.providerRefundId());
            assertThat(listed.returnId()).isEqualTo("R-RT1");
            assertThat(listed.amount()).isEqualTo(new BigDecimal("87.50"));
        });
    }

    @Test
    void theFlakyChargeIsRefundedOnTheThirdTryUnderOneKey() {
        RefundOrder order = RefundOrder.forReturn("R-RT2", "ch_refund_flaky", new BigDecimal("12.00"), "CNY");

        assertThatThrownBy(() -> refunds.issue(order)).isInstanceOf(PaymentUnavailableException.class)
                .hasMessageContaining("503");
        assertThatThrownBy(() -> refunds.issue(order)).isInstanceOf(PaymentUnavailableException.class);
        Refund refund = refunds.issue(order);

        assertThat(refund.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(refund.attempts()).isEqualTo(3);
        assertThat(gateway.refundsOf("ch_refund_flaky")).extracting(ChargeRefund::returnId).containsExactly("R-RT2");
    }

    @Test
    void theFailingChargeIsRefusedAndRecordedFailed() {
        RefundOrder order = RefundOrder.forReturn("R-RT3", "ch_refund_fails", new BigDecimal("99.00"), "CNY");

        RefundRefusedException refused = catchThrowableOfType(() -> refunds.issue(order),
                RefundRefusedException.class);

        assertThat(refused.code()).isEqualTo("refund_failed");
        Refund refund = refunds.find("R-RT3").orElseThrow();
        assertThat(refund.status()).isEqualTo(Refund.Status.FAILED);
        assertThat(refund.failureReason()).startsWith("refund_failed: ");
        // a job retry finds it failed and sends nothing; a person's retry is a fresh request, refused again
        assertThat(refunds.issue(order).status()).isEqualTo(Refund.Status.FAILED);
        assertThatThrownBy(() -> refunds.retryAfterFailure(order)).isInstanceOf(RefundRefusedException.class);
        assertThat(gateway.refundsOf("ch_refund_fails")).isEmpty();
    }

    @Test
    void aWrongSecretKeyIsUnavailableAndSaysSo() {
        PaymentProperties wrongKey = new PaymentProperties(properties.baseUrl(), "sk_test_wrong",
                properties.webhookSecret(), properties.webhookTolerance(), properties.idempotencyKeyLifetime(),
                properties.followUp(), properties.sandbox());
        StripeRefundGateway misconfigured = new StripeRefundGateway(client, wrongKey, endpoints);

        assertThatThrownBy(() -> misconfigured.refund(
                RefundOrder.forReturn("R-RT4", "ch_rt_4", new BigDecimal("1.00"), "CNY")))
                .isExactlyInstanceOf(PaymentUnavailableException.class)
                .hasMessageContaining("check the secret key");
    }

    @Test
    void aPendingRefundSucceedsThroughTheSandboxsSignedWebhook() {
        RefundOrder order = RefundOrder.forReturn("R-RT5", "ch_refund_pending", new BigDecimal("5.00"), "CNY");

        Refund pending = refunds.issue(order);
        assertThat(pending.status()).isEqualTo(Refund.Status.PENDING);
        assertThat(gateway.refundStatus(pending.providerRefundId()).status()).isEqualTo(ProviderRefund.Status.PENDING);

        sandbox.settleDue();
        assertThat(webhooks.deliverDue()).isPositive();

        Refund settled = refunds.find("R-RT5").orElseThrow();
        assertThat(settled.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(settled.providerRefundId()).isEqualTo(pending.providerRefundId());
        assertThat(settled.refundedAt()).isNotNull();
        assertThat(webhooks.deliverDue()).as("an acknowledged webhook is not sent again").isZero();
        // the refund step's next try returns without asking the provider
        assertThat(refunds.issue(order)).isEqualTo(settled);
        assertThat(jdbc.sql("select attempts from sandbox_payment_requests where idem_key = 'refund:R-RT5'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aPendingRefundWhoseWebhookStaysAwayIsFollowedUpByAskingTheSandbox() {
        RefundOrder order = RefundOrder.forReturn("R-RT6", "ch_refund_pending", new BigDecimal("6.00"), "CNY");
        Refund pending = refunds.issue(order);
        assertThat(followUp.followUpDue()).as("still pending at the provider").isZero();
        assertThat(refunds.find("R-RT6").orElseThrow().status()).isEqualTo(Refund.Status.PENDING);

        sandbox.settleDue();
        assertThat(followUp.followUpDue()).isEqualTo(1);

        Refund settled = refunds.find("R-RT6").orElseThrow();
        assertThat(settled.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(settled.providerRefundId()).isEqualTo(pending.providerRefundId());
        // the webhook that comes late changes nothing
        webhooks.deliverDue();
        assertThat(refunds.find("R-RT6")).contains(settled);
    }
}
