package io.returnflow.events.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.events.MerchantEvent;
import io.returnflow.support.MigratedDatabase;

/**
 * The delivery worker against a merchant's receiver (WireMock): what it sends, and what each answer leads to. Time
 * is the test's clock; the worker is driven with {@link WebhookWorker#deliverDue()}.
 */
class WebhookDeliveryTest {

    private static final WireMockServer receiver = new WireMockServer(options().dynamicPort());
    private static final String PATH = "/hooks";

    private WebhookFixture fx;
    private String url;

    @BeforeAll
    static void start() {
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop();
    }

    @BeforeEach
    void setUp() {
        receiver.resetAll();
        fx = new WebhookFixture(MigratedDatabase.migrated());
        url = "http://localhost:" + receiver.port() + PATH;
    }

    private void answer(int status) {
        receiver.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status).withBody("answer " + status)));
    }

    private List<LoggedRequest> received() {
        return receiver.findAll(postRequestedFor(urlPathEqualTo(PATH)));
    }

    private List<String> receivedIds() {
        return received().stream().map(r -> r.getHeader("ReturnFlow-Event-Id")).toList();
    }

    @Test
    void a2xxDeliversTheEventsBytesSignedWithTheEndpointsSecret() {
        answer(204);
        WebhookEndpoints.Created endpoint = fx.endpoint(url, "*");
        MerchantEvent event = fx.event("R-1", "pickup.booked");

        assertThat(fx.worker().deliverDue()).isEqualTo(1);

        LoggedRequest request = received().get(0);
        assertThat(request.getBody()).isEqualTo(event.payload().getBytes(StandardCharsets.UTF_8));
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getHeader("User-Agent")).isEqualTo("ReturnFlow-Webhooks/1.0");
        assertThat(request.getHeader("ReturnFlow-Event-Id")).isEqualTo(event.id());
        assertThat(request.getHeader("ReturnFlow-Event-Type")).isEqualTo("pickup.booked");
        String signature = request.getHeader("ReturnFlow-Signature");
        assertThat(signature).matches("t=" + fx.clock.instant().getEpochSecond() + ",v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(signature, request.getBody(), endpoint.secret(), fx.clock.instant(),
                Duration.ofMinutes(5))).isTrue();
        assertThat(fx.status(endpoint.endpoint().id(), event.id())).isEqualTo("DELIVERED");
        WebhookDeliveries.Logged logged = fx.deliveries.log(endpoint.endpoint().id(), null, 0, 10).get(0);
        assertThat(logged.attemptLog()).singleElement().satisfies(a -> {
            assertThat(a.httpStatus()).isEqualTo(204);
            assertThat(a.latencyMs()).isNotNegative();
        });
        assertThat(logged.deliveredAt()).isEqualTo(fx.now());
        assertThat(fx.counted(WebhookMetrics.DELIVERED)).isEqualTo(1);
        assertThat(fx.worker().deliverDue()).as("delivered once").isZero();
    }

    @Test
    void aScheduledPassPastItsBudgetStartsNoMoreCallsTheNextPassGoesOn() {
        answer(200);
        String endpoint = fx.endpoint(url, "*").endpoint().id();
        MerchantEvent event = fx.event("R-1", "return.requested");

        assertThat(fx.worker().deliverDue(System.nanoTime() - 1)).as("budget spent before the first call").isZero();
        assertThat(received()).isEmpty();
        assertThat(fx.status(endpoint, event.id())).isEqualTo("PENDING");

        assertThat(fx.worker().deliverDue()).isEqualTo(1);
    }

    @Test
    void a500IsTriedAgainAfterAJitteredBackoffThenDelivered() {
        receiver.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("database is down")).willSetStateTo("up"));
        receiver.stubFor(post(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        String endpoint = fx.endpoint(url, "refund.succeeded").endpoint().id();
        MerchantEvent event = fx.event("R-1", "refund.succeeded");
        OffsetDateTime failedAt = fx.now();

        fx.worker().deliverDue();

        assertThat(fx.status(endpoint, event.id())).isEqualTo("PENDING");
        OffsetDateTime next = fx.nextAttempt(endpoint, event.id());
        assertThat(next).as("full jitter: from now up to first-retry").isBetween(failedAt, failedAt.plusSeconds(30));
        WebhookDeliveries.Attempt attempt = fx.deliveries.log(endpoint, null, 0, 10).get(0).attemptLog().get(0);
        assertThat(attempt.httpStatus()).isEqualTo(500);
        assertThat(attempt.responseSnippet()).isEqualTo("database is down");
        assertThat(fx.counted(WebhookMetrics.FAILED)).isEqualTo(1);

        fx.clock.advance(Duration.between(fx.now(), next).plusMillis(1));
        fx.worker().deliverDue();

        assertThat(fx.status(endpoint, event.id())).isEqualTo("DELIVERED");
        assertThat(receivedIds()).containsExactly(event.id(), event.id());
    }

    @Test
    void theBackoffIsFullJitterDoublingUpToItsCap() {
        WebhookWorker worker = fx.worker();
        for (int failures = 1; failures <= 40; failures++) {
            Duration ceiling = Duration.ofSeconds(30).multipliedBy(1L << Math.min(failures - 1, 20));
            Duration bound = ceiling.compareTo(Duration.ofHours(6)) > 0 ? Duration.ofHours(6) : ceiling;
            Duration longest = Duration.ZERO;
            for (int i = 0; i < 200; i++) {
                Duration wait = worker.backoff(failures);
                assertThat(wait).isBetween(Duration.ZERO, bound);
                longest = wait.compareTo(longest) > 0 ? wait : longest;
            }
            // 200 draws from [0, bound]: the longest is beyond half of it but for a chance of 2^-200
            assertThat(longest).as("grows with the failures").isGreaterThan(bound.dividedBy(2));
        }
    }

    @Test
    void a410DisablesTheEndpointAtOnceTellsOperationsAndKeepsItsDeliveries() {
        answer(410);
        String endpoint = fx.endpoint(url, "*").endpoint().id();
        MerchantEvent first = fx.event("R-1", "return.requested");

        fx.worker().deliverDue();

        WebhookEndpoint disabled = fx.endpoints.find(endpoint, fx.now()).orElseThrow();
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason()).contains("410");
        assertThat(fx.alarms).singleElement().asString().startsWith(endpoint + " 1 ").contains("410");
        assertThat(fx.disabledGauge()).isEqualTo(1);
        assertThat(fx.counted(WebhookMetrics.GONE)).isEqualTo(1);

        MerchantEvent second = fx.event("R-2", "return.requested");
        fx.clock.advance(Duration.ofDays(1));
        fx.worker().deliverDue();

        assertThat(received()).as("nothing more sent to a disabled endpoint").hasSize(1);
        assertThat(fx.status(endpoint, first.id())).isEqualTo("PENDING");
        assertThat(fx.status(endpoint, second.id())).as("a disabled endpoint's deliveries wait").isEqualTo("PENDING");
        assertThat(fx.alarms).hasSize(1);
    }

    @Test
    void failingForDaysDisablesTheEndpointKeepsEverythingAndReEnablingDeliversInOrder() {
        answer(503);
        String endpoint = fx.endpoint(url, "*").endpoint().id();
        MerchantEvent requested = fx.event("R-1", "return.requested");
        MerchantEvent booked = fx.event("R-1", "pickup.booked");
        OffsetDateTime firstFailure = fx.now();

        int rounds = 0;
        while (true) {
            fx.worker().deliverDue();
            if (!fx.endpoints.find(endpoint, fx.now()).orElseThrow().enabled()) {
                break; // disabled by the attempt just made: the time is the time it gave up
            }
            OffsetDateTime next = fx.nextAttempt(endpoint, requested.id());
            assertThat(Duration.between(fx.now(), next)).isLessThanOrEqualTo(Duration.ofHours(6));
            fx.clock.advance(Duration.between(fx.now(), next).plusSeconds(1));
            assertThat(++rounds).as("gives up in days, not never").isLessThan(1000);
        }

        Duration failedFor = Duration.between(firstFailure, fx.now());
        assertThat(failedFor).isBetween(Duration.ofDays(3), Duration.ofDays(3).plusHours(7));
        assertThat(receivedIds()).as("the later event waited for the earlier").containsOnly(requested.id());
        assertThat(fx.alarms).singleElement().asString().startsWith(endpoint + " 2 ").contains("503");
        assertThat(fx.counted(WebhookMetrics.GIVEN_UP)).isEqualTo(1);
        assertThat(fx.status(endpoint, requested.id())).isEqualTo("PENDING");
        assertThat(fx.status(endpoint, booked.id())).isEqualTo("PENDING");

        fx.clock.advance(Duration.ofDays(2));
        assertThat(fx.worker().deliverDue()).as("a disabled endpoint is sent nothing").isZero();
        assertThat(fx.endpoints.enable(endpoint, fx.now())).isTrue();
        assertThat(fx.worker().deliverDue()).as("what waited is due at once").isEqualTo(1);
        assertThat(fx.endpoints.find(endpoint, fx.now()).orElseThrow().enabled())
                .as("re-enabled with a fresh allowance: one more failure does not disable it again").isTrue();

        receiver.resetAll();
        answer(200);
        fx.clock.advance(Duration.between(fx.now(), fx.nextAttempt(endpoint, requested.id())).plusSeconds(1));
        fx.worker().deliverDue();

        assertThat(receivedIds()).containsExactly(requested.id(), booked.id());
        assertThat(fx.status(endpoint, booked.id())).isEqualTo("DELIVERED");
        assertThat(fx.disabledGauge()).isZero();
    }

    @Test
    void aReceiverSlowerThanTheReadTimeoutIsTriedAgain() {
        receiver.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withFixedDelay((int) WebhookFixture.READ_TIMEOUT.multipliedBy(20).toMillis())));
        String endpoint = fx.endpoint(url, "*").endpoint().id();
        MerchantEvent event = fx.event("R-1", "parcel.received");

        fx.worker().deliverDue();

        assertThat(fx.status(endpoint, event.id())).isEqualTo("PENDING");
        WebhookDeliveries.Attempt attempt = fx.deliveries.log(endpoint, null, 0, 10).get(0).attemptLog().get(0);
        assertThat(attempt.httpStatus()).isNull();
        assertThat(attempt.error()).contains("timed out");
        assertThat(attempt.latencyMs()).isLessThan(WebhookFixture.READ_TIMEOUT.multipliedBy(20).toMillis());

        receiver.resetAll();
        answer(200);
        fx.clock.advance(Duration.ofSeconds(31));
        fx.worker().deliverDue();
        assertThat(fx.status(endpoint, event.id())).isEqualTo("DELIVERED");
    }

    @Test
    void aReturnsLaterEventsWaitWhileAnEarlierOneFailsOtherReturnsGoOn() {
        String endpoint = fx.endpoint(url, "*").endpoint().id();
        MerchantEvent a1 = fx.event("R-A", "return.requested");
        MerchantEvent b1 = fx.event("R-B", "return.requested");
        MerchantEvent a2 = fx.event("R-A", "pickup.booked");
        MerchantEvent a3 = fx.event("R-A", "parcel.in_transit");
        receiver.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post(urlPathEqualTo(PATH)).withHeader("ReturnFlow-Event-Id", equalTo(a1.id()))
                .willReturn(aResponse().withStatus(500)));

        fx.worker().deliverDue();
        fx.clock.advance(Duration.ofMinutes(1));
        fx.worker().deliverDue();

        assertThat(receivedIds()).containsExactly(a1.id(), b1.id(), a1.id());
        assertThat(fx.status(endpoint, a2.id())).isEqualTo("PENDING");

        receiver.resetAll();
        answer(200);
        fx.clock.advance(Duration.ofMinutes(2));
        fx.worker().deliverDue();

        assertThat(receivedIds()).containsExactly(a1.id(), a2.id(), a3.id());
    }

    @Test
    void aRotatedSecretSignsNextToTheNewOneUntilItExpires() {
        answer(200);
        WebhookEndpoints.Created created = fx.endpoint(url, "*");
        String endpoint = created.endpoint().id();
        String newSecret = fx.endpoints.rotate(endpoint, fx.now().plusHours(24), fx.now());
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(created.secret());

        fx.event("R-1", "return.requested");
        fx.worker().deliverDue();
        String both = received().get(0).getHeader("ReturnFlow-Signature");
        byte[] body = received().get(0).getBody();
        assertThat(both.split(",v1=")).hasSize(3);
        assertThat(WebhookSignature.verify(both, body, created.secret(), fx.clock.instant(), Duration.ofMinutes(5)))
                .isTrue();
        assertThat(WebhookSignature.verify(both, body, newSecret, fx.clock.instant(), Duration.ofMinutes(5))).isTrue();
        assertThat(fx.endpoints.find(endpoint, fx.now()).orElseThrow().secrets()).hasSize(2);

        fx.clock.advance(Duration.ofHours(24));
        receiver.resetRequests();
        fx.event("R-1", "pickup.booked");
        fx.worker().deliverDue();
        String one = received().get(0).getHeader("ReturnFlow-Signature");
        assertThat(one.split(",v1=")).hasSize(2);
        assertThat(WebhookSignature.verify(one, received().get(0).getBody(), created.secret(), fx.clock.instant(),
                Duration.ofMinutes(5))).as("the old secret expired").isFalse();
        assertThat(WebhookSignature.verify(one, received().get(0).getBody(), newSecret, fx.clock.instant(),
                Duration.ofMinutes(5))).isTrue();
        assertThat(fx.endpoints.find(endpoint, fx.now()).orElseThrow().secrets()).hasSize(1);
    }

    @Test
    void eachEndpointGetsTheTypesItWantsOnceEvenWhenItIsDisabled() {
        String all = fx.endpoint(url, "*").endpoint().id();
        String refunds = fx.endpoint(url, "refund.succeeded", "refund.failed").endpoint().id();
        String disabled = fx.endpoint(url, "refund.succeeded").endpoint().id();
        fx.endpoints.disable(disabled, "test", fx.now());
        MerchantEvent booked = fx.event("R-1", "pickup.booked");
        MerchantEvent refunded = fx.event("R-1", "refund.succeeded");
        // the same event handed over again (a reader's pass that was replayed)
        new WebhookFanOut(fx.deliveries, fx.clock).take(refunded);

        long rows = fx.db.jdbc().sql("select count(*) from webhook_deliveries").query(Long.class).single();
        assertThat(rows).isEqualTo(4);
        assertThat(fx.status(all, booked.id())).isEqualTo("PENDING");
        assertThat(fx.status(refunds, refunded.id())).isEqualTo("PENDING");
        assertThat(fx.status(disabled, refunded.id())).isEqualTo("PENDING");
        assertThat(fx.db.jdbc().sql("select count(*) from webhook_deliveries where endpoint_id = ? and event_id = ?")
                .params(refunds, booked.id()).query(Long.class).single()).isZero();
    }

    @Test
    void aReplayDeliversTheEventAgainSignedAnewAfterTheReturnsEarlierDeliveries() {
        answer(200);
        String endpoint = fx.endpoint(url, "*").endpoint().id();
        MerchantEvent event = fx.event("R-1", "return.requested");
        fx.worker().deliverDue();
        String firstSignature = received().get(0).getHeader("ReturnFlow-Signature");

        fx.clock.advance(Duration.ofMinutes(5));
        assertThat(fx.deliveries.replay(endpoint, List.of(event), "rpl_test", fx.now())).isEqualTo(1);
        fx.worker().deliverDue();

        assertThat(receivedIds()).containsExactly(event.id(), event.id());
        assertThat(received().get(1).getBody()).isEqualTo(received().get(0).getBody());
        assertThat(received().get(1).getHeader("ReturnFlow-Signature")).isNotEqualTo(firstSignature)
                .startsWith("t=" + fx.clock.instant().getEpochSecond() + ",");
    }
}
