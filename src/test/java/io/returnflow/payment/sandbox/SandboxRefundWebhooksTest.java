package io.returnflow.payment.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.ExpectedCount.never;
import static org.springframework.test.web.client.ExpectedCount.once;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withServerError;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.payment.PaymentProperties;
import io.returnflow.payment.TestPaymentProperties;
import io.returnflow.platform.EndpointResolver;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

/** The sandbox's webhooks with several nodes ticking on one database: each webhook is sent by one of them. */
class SandboxRefundWebhooksTest {

    private static final String SECRET = "Bearer sk_test_sandbox";
    private static final String WEBHOOK = "http://localhost/webhooks/payments/stripe";
    private static final Duration PENDING_FOR = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T02:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private MigratedDatabase db;
    private PaymentProperties properties;

    @BeforeEach
    void setUp() {
        db = MigratedDatabase.migrated();
        PaymentProperties defaults = TestPaymentProperties.sandbox(0, PENDING_FOR);
        properties = new PaymentProperties(defaults.baseUrl(), defaults.secretKey(), defaults.webhookSecret(),
                defaults.webhookTolerance(), defaults.idempotencyKeyLifetime(), defaults.followUp(),
                new PaymentProperties.Sandbox(true, 0, PENDING_FOR, WEBHOOK, Duration.ofSeconds(1),
                        TestPaymentProperties.IN_FLIGHT_LEASE));
    }

    /** One node's webhooks, its provider and the receiver its posts reach. */
    private record Node(SandboxRefundWebhooks webhooks, MockRestServiceServer receiver) {
    }

    private Node node(SandboxPaymentProvider provider) {
        RestClient.Builder http = RestClient.builder();
        MockRestServiceServer receiver = MockRestServiceServer.bindTo(http).build();
        return new Node(new SandboxRefundWebhooks(provider, properties, new EndpointResolver(new StandardEnvironment()),
                http, json, clock), receiver);
    }

    private SandboxPaymentProvider provider() {
        return new SandboxPaymentProvider(db.jdbc(), db.transactions(), json, properties, clock);
    }

    private void settledPendingRefunds(String... returnIds) {
        SandboxPaymentProvider provider = provider();
        for (String returnId : returnIds) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("charge", SandboxPaymentProvider.PENDING_CHARGE);
            params.put("amount", "100");
            params.put("currency", "cny");
            params.put("metadata[return_id]", returnId);
            assertThat(provider.createRefund(SECRET, "refund:" + returnId, params).status()).isEqualTo(200);
        }
        clock.advance(PENDING_FOR);
        assertThat(provider.settleDue()).isEqualTo(returnIds.length);
    }

    @Test
    void twoNodesSendEachWebhookOnceWhetherTheOtherReadItBeforeOrAfterTheClaim() {
        settledPendingRefunds("R-W1", "R-W2");
        Node other = node(provider());
        other.receiver().expect(once(), requestTo(WEBHOOK)).andRespond(withSuccess());
        other.receiver().expect(once(), requestTo(WEBHOOK)).andRespond(withSuccess());
        // this node reads the due webhooks, then the other node delivers them, then this node goes on
        Node node = node(new SandboxPaymentProvider(db.jdbc(), db.transactions(), json, properties, clock) {
            @Override
            List<Map<String, Object>> webhooksDue(int limit) {
                List<Map<String, Object>> read = super.webhooksDue(limit);
                assertThat(other.webhooks().deliverDue()).isEqualTo(2);
                return read;
            }
        });
        node.receiver().expect(never(), requestTo(WEBHOOK));

        assertThat(node.webhooks().deliverDue()).isZero();

        other.receiver().verify();
        node.receiver().verify();
        assertThat(provider().webhooksDue(10)).isEmpty();
    }

    @Test
    void aWebhookBeingDeliveredIsNotSentByAnotherNodeAndAFailedOneIsSentAgainNextTick() {
        settledPendingRefunds("R-W3");
        Node node = node(provider());
        Node other = node(provider());
        int[] otherDelivered = {-1};
        node.receiver().expect(once(), requestTo(WEBHOOK)).andRespond(request -> {
            // while this node's post is on its way, the other node ticks
            otherDelivered[0] = other.webhooks().deliverDue();
            return withServerError().createResponse(request);
        });
        other.receiver().expect(never(), requestTo(WEBHOOK));

        assertThat(node.webhooks().deliverDue()).isZero();
        assertThat(otherDelivered[0]).isZero();
        other.receiver().verify();

        // not acknowledged: sent again next tick, by whichever node
        other.receiver().reset();
        other.receiver().expect(once(), requestTo(WEBHOOK)).andRespond(withSuccess());
        assertThat(other.webhooks().deliverDue()).isEqualTo(1);
        other.receiver().verify();
    }

    @Test
    void aNodeThatStoppedWhileDeliveringLeavesTheWebhookToOthersOnceItsLeaseRanOut() {
        settledPendingRefunds("R-W4");
        SandboxPaymentProvider provider = provider();
        Map<String, Object> refund = provider.webhooksDue(10).get(0);
        assertThat(provider.claimWebhook((String) refund.get("id"), (String) refund.get("status"))).isPresent();
        // that node died before it recorded the delivery
        Node other = node(provider());
        other.receiver().expect(once(), requestTo(WEBHOOK)).andRespond(withSuccess());

        clock.advance(TestPaymentProperties.IN_FLIGHT_LEASE.minusMillis(1));
        assertThat(other.webhooks().deliverDue()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(other.webhooks().deliverDue()).isEqualTo(1);
        other.receiver().verify();
    }

    @Test
    void aDeliveryThatOutlastedItsClaimGivesBackOnlyItsOwnNotTheNodeNowDeliveringIt() {
        settledPendingRefunds("R-W5");
        SandboxPaymentProvider slow = provider();
        Map<String, Object> refund = slow.webhooksDue(10).get(0);
        String id = (String) refund.get("id");
        String status = (String) refund.get("status");
        OffsetDateTime slowClaim = slow.claimWebhook(id, status).orElseThrow();

        // the slow node's post outlasts its claim; another node claims the webhook and is delivering it
        clock.advance(TestPaymentProperties.IN_FLIGHT_LEASE);
        SandboxPaymentProvider taker = provider();
        assertThat(taker.claimWebhook(id, status)).isPresent();

        // the slow post fails: its node gives back its own claim, which is no longer there
        slow.webhookNotDelivered(id, slowClaim);

        // a third node's tick still finds the webhook held by the node delivering it
        Node third = node(provider());
        third.receiver().expect(never(), requestTo(WEBHOOK));
        assertThat(third.webhooks().deliverDue()).isZero();
        third.receiver().verify();
    }
}
