package io.returnflow.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.payment.ProviderRefund;
import io.returnflow.payment.Refund;
import io.returnflow.payment.RefundLedger;
import io.returnflow.payment.RefundOrder;
import io.returnflow.payment.RefundService;
import io.returnflow.payment.ScriptedPaymentGateway;
import io.returnflow.payment.TestPaymentProperties;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The refund webhook over HTTP: only a delivery signed over its raw body, within the tolerance, changes the
 * ledger; events arrive twice and out of order and never move a refund backwards.
 */
class StripeWebhookControllerTest {

    private static final String SECRET = TestPaymentProperties.WEBHOOK_SECRET;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
    private final ScriptedPaymentGateway provider = new ScriptedPaymentGateway();
    private RefundService refunds;
    private MockMvc http;

    @BeforeEach
    void setUp() {
        MigratedDatabase db = MigratedDatabase.migrated();
        refunds = new RefundService(new RefundLedger(db.jdbc()), provider, db.transactions(), clock,
                TestPaymentProperties.defaults(), event -> { });
        http = MockMvcBuilders.standaloneSetup(new StripeWebhookController(refunds, TestPaymentProperties.defaults(),
                new ObjectMapper(), clock)).build();
        provider.answers(() -> new ProviderRefund("re_1", ProviderRefund.Status.PENDING, null));
        refunds.issue(RefundOrder.forReturn("R-W1", "ch_1", new BigDecimal("87.50"), "CNY"));
    }

    @Test
    void aSignedRefundUpdatedEventSettlesThePendingRefund() throws Exception {
        clock.advance(Duration.ofMinutes(2));

        deliver(event("evt_1", "refund.updated", refund("re_1", "succeeded", null)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.received").value(true));

        Refund refund = ledger();
        assertThat(refund.status()).isEqualTo(Refund.Status.SUCCEEDED);
        assertThat(refund.refundedAt()).isEqualTo(clock.instant().atOffset(java.time.ZoneOffset.UTC));
    }

    @Test
    void theSameEventTwiceChangesNothingTheSecondTime() throws Exception {
        String event = event("evt_1", "refund.updated", refund("re_1", "succeeded", null));
        deliver(event).andExpect(status().isOk());
        Refund first = ledger();
        clock.advance(Duration.ofMinutes(1));

        deliver(event).andExpect(status().isOk());

        assertThat(ledger()).isEqualTo(first);
    }

    @Test
    void anOlderEventNeverMovesASucceededRefundBack() throws Exception {
        deliver(event("evt_2", "refund.updated", refund("re_1", "succeeded", null))).andExpect(status().isOk());
        Refund succeeded = ledger();
        clock.advance(Duration.ofMinutes(1));

        deliver(event("evt_1", "refund.updated", refund("re_1", "pending", null))).andExpect(status().isOk());
        deliver(event("evt_0", "refund.failed", refund("re_1", "failed", "lost_or_stolen_card")))
                .andExpect(status().isOk());

        assertThat(ledger()).isEqualTo(succeeded);
    }

    @Test
    void aRefundFailedEventRecordsTheFailureAndItsReason() throws Exception {
        deliver(event("evt_3", "refund.failed", refund("re_1", "failed", "expired_or_canceled_card")))
                .andExpect(status().isOk());

        assertThat(ledger().status()).isEqualTo(Refund.Status.FAILED);
        assertThat(ledger().failureReason()).isEqualTo("expired_or_canceled_card");
    }

    @Test
    void aChargeRefundedEventSettlesTheRefundsItLists() throws Exception {
        String charge = "{\"id\":\"ch_1\",\"object\":\"charge\",\"refunded\":true,\"refunds\":{\"object\":\"list\","
                + "\"data\":[" + refund("re_1", "succeeded", null) + "," + refund("re_elsewhere", "succeeded", null)
                + "]}}";

        deliver(event("evt_4", "charge.refunded", charge)).andExpect(status().isOk());

        assertThat(ledger().status()).isEqualTo(Refund.Status.SUCCEEDED);
    }

    @Test
    void unknownEventTypesAreAcknowledgedAndIgnored() throws Exception {
        deliver(event("evt_5", "customer.created", "{\"id\":\"cus_1\",\"object\":\"customer\"}"))
                .andExpect(status().isOk());
        deliver(event("evt_6", "refund.updated", refund("re_not_ours", "succeeded", null)))
                .andExpect(status().isOk());

        assertThat(ledger().status()).isEqualTo(Refund.Status.PENDING);
    }

    @Test
    void aBadSignatureIs401ProblemAndChangesNothing() throws Exception {
        String event = event("evt_1", "refund.updated", refund("re_1", "succeeded", null));
        String signedForAnother = StripeSignature.header(SECRET, clock.instant().getEpochSecond(),
                event.replace("succeeded", "pending").getBytes(StandardCharsets.UTF_8));

        refused(deliver(event, signedForAnother));
        refused(deliver(event, StripeSignature.header("whsec_wrong", clock.instant().getEpochSecond(),
                event.getBytes(StandardCharsets.UTF_8))));

        assertThat(ledger().status()).isEqualTo(Refund.Status.PENDING);
    }

    @Test
    void aStaleSignatureIs401AndChangesNothing() throws Exception {
        String event = event("evt_1", "refund.updated", refund("re_1", "succeeded", null));
        long signedAt = clock.instant().getEpochSecond();
        clock.advance(TestPaymentProperties.TOLERANCE.plusSeconds(1));

        refused(deliver(event, StripeSignature.header(SECRET, signedAt, event.getBytes(StandardCharsets.UTF_8))));

        assertThat(ledger().status()).isEqualTo(Refund.Status.PENDING);
    }

    @Test
    void aMissingSignatureIs401AndChangesNothing() throws Exception {
        refused(http.perform(post(StripeWebhookController.PATH).contentType(MediaType.APPLICATION_JSON)
                .content(event("evt_1", "refund.updated", refund("re_1", "succeeded", null)))));

        assertThat(ledger().status()).isEqualTo(Refund.Status.PENDING);
    }

    @Test
    void theSignatureIsCheckedOverTheBytesAsReceived() throws Exception {
        // the same JSON with other spacing is another body: signed as sent, it is believed
        String spaced = "{ \"id\" : \"evt_7\",\n  \"type\" : \"refund.updated\",\n  \"data\" : { \"object\" : "
                + refund("re_1", "succeeded", null) + " } }";

        deliver(spaced).andExpect(status().isOk());

        assertThat(ledger().status()).isEqualTo(Refund.Status.SUCCEEDED);
    }

    private static void refused(ResultActions answer) throws Exception {
        answer.andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.title").value("Invalid signature"));
    }

    private ResultActions deliver(String body) throws Exception {
        return deliver(body, StripeSignature.header(SECRET, clock.instant().getEpochSecond(),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    private ResultActions deliver(String body, String signature) throws Exception {
        return http.perform(post(StripeWebhookController.PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .header(StripeSignature.HEADER, signature)
                .content(body.getBytes(StandardCharsets.UTF_8)));
    }

    private Refund ledger() {
        return refunds.find("R-W1").orElseThrow();
    }

    private static String event(String id, String type, String object) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"data\":{\"object\":" + object
                + "}}";
    }

    private static String refund(String id, String status, String failureReason) {
        return "{\"id\":\"" + id + "\",\"object\":\"refund\",\"amount\":8750,\"currency\":\"cny\",\"charge\":\"ch_1\","
                + "\"status\":\"" + status + "\",\"failure_reason\":"
                + (failureReason == null ? "null" : "\"" + failureReason + "\"")
                + ",\"metadata\":{\"return_id\":\"R-W1\"}}";
    }
}
