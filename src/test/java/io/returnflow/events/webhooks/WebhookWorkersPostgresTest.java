package io.returnflow.events.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.events.EventLog;
import io.returnflow.events.MerchantEvent;
import io.returnflow.platform.ApiProblem;
import io.returnflow.support.MigratedDatabase;

/**
 * Two nodes' workers on one PostgreSQL. Both read the same due deliveries at the same moment, then claim and send:
 * each delivery reaches the receiver once. And a delivery one node is sending (claimed, its call not answered yet)
 * is not sent by the other node meanwhile.
 */
class WebhookWorkersPostgresTest {

    private static final WireMockServer receiver = new WireMockServer(options().dynamicPort());
    private static final String PATH = "/hooks";
    private static final int EVENTS = 30;
    /** Generous: only a broken test waits this long. */
    private static final long BARRIER_WAIT_SECONDS = 120;

    @BeforeAll
    static void start() {
        receiver.start();
        receiver.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)));
    }

    @BeforeEach
    void forget() {
        receiver.resetRequests();
    }

    @AfterAll
    static void stop() {
        receiver.stop();
    }

    @Test
    void aReplayRangeBeyondWhatPostgresStoresIsRefusedNamingTheField() {
        WebhookFixture fx = new WebhookFixture(MigratedDatabase.onPostgres());
        String id = fx.endpoint("http://localhost:" + receiver.port() + PATH, "*").endpoint().id();
        WebhookEndpointResource resource = new WebhookEndpointResource(fx.endpoints, fx.deliveries,
                new WebhookUrlPolicy(fx.properties), new EventLog(fx.db.jdbc()), fx.properties, fx.db.transactions(),
                fx.clock);

        assertThatThrownBy(() -> resource.replay(id, new WebhookRequests.Replay(null,
                OffsetDateTime.parse("2026-01-01T00:00:00Z"), OffsetDateTime.parse("+300000-01-01T00:00:00Z"))))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.errors())
                        .extracting(ApiProblem.FieldError::field).containsExactly("to"));
        assertThatThrownBy(() -> resource.replay(id, new WebhookRequests.Replay(null,
                OffsetDateTime.parse("-4800-01-01T00:00:00Z"), OffsetDateTime.parse("2026-01-01T00:00:00Z"))))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.errors())
                        .extracting(ApiProblem.FieldError::field).containsExactly("from"));
        // a range within the bounds reaches the database
        assertThat(resource.replay(id, new WebhookRequests.Replay(null, OffsetDateTime.parse("2000-01-01T00:00:00Z"),
                fx.now().plusHours(23))).getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void twoWorkersThatReadTheSameDueDeliveriesSendEachOnce() throws Exception {
        WebhookFixture fx = new WebhookFixture(MigratedDatabase.onPostgres());
        fx.endpoint("http://localhost:" + receiver.port() + PATH, "*");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            // one return per event, so that no order holds any of them back: all are due at once
            MerchantEvent event = fx.event("R-" + i, "return.requested");
            events.add(event.id());
        }
        CyclicBarrier bothRead = new CyclicBarrier(2);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int node = 0; node < 2; node++) {
                WebhookWorker worker = fx.worker(readingTogether(fx, bothRead));
                sent.add(nodes.submit(() -> worker.deliverDue()));
            }
            int attempts = sent.get(0).get() + sent.get(1).get();

            assertThat(attempts).isEqualTo(EVENTS);
            List<String> received = receiver.findAll(postRequestedFor(urlPathEqualTo(PATH))).stream()
                    .map(r -> r.getHeader("ReturnFlow-Event-Id")).toList();
            assertThat(received).hasSize(EVENTS).containsExactlyInAnyOrderElementsOf(events);
            assertThat(fx.db.jdbc().sql("select count(*) from webhook_deliveries where status = 'DELIVERED'")
                    .query(Long.class).single()).isEqualTo(EVENTS);
        } finally {
            nodes.shutdownNow();
        }
    }

    @Test
    void aDeliveryInFlightOnOneNodeIsNotSentByTheOtherThatReadItBefore() throws Exception {
        WebhookFixture fx = new WebhookFixture(MigratedDatabase.onPostgres());
        fx.endpoint("http://localhost:" + receiver.port() + PATH, "*");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(fx.event("R-F" + i, "return.requested").id());
        }
        CountDownLatch otherRead = new CountDownLatch(1);
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch otherDone = new CountDownLatch(1);
        AtomicBoolean firstRead = new AtomicBoolean(true);
        AtomicBoolean firstCall = new AtomicBoolean(true);
        // the other node reads every delivery as due, then waits until this node has one of them in flight
        WebhookDeliveries staleReader = new WebhookDeliveries(fx.db.jdbc()) {
            @Override
            List<Due> due(OffsetDateTime now, int limit) {
                List<Due> read = super.due(now, limit);
                if (firstRead.getAndSet(false)) {
                    otherRead.countDown();
                    await(inFlight);
                }
                return read;
            }
        };
        // this node's first call stays unanswered until the other node has been through what it read
        WebhookSender slow = new WebhookSender(fx.properties, new WebhookUrlPolicy(fx.properties)) {
            @Override
            Outcome send(String url, String eventId, String eventType, byte[] body, String signature) {
                if (firstCall.getAndSet(false)) {
                    inFlight.countDown();
                    await(otherDone);
                }
                return super.send(url, eventId, eventType, body, signature);
            }
        };
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            WebhookWorker reading = fx.worker(staleReader);
            Future<Integer> other = nodes.submit(() -> reading.deliverDue());
            await(otherRead);
            WebhookWorker sending = fx.worker(fx.deliveries, slow);
            Future<Integer> mine = nodes.submit(() -> sending.deliverDue());
            int otherSent = other.get();
            otherDone.countDown();

            assertThat(mine.get()).isEqualTo(1);
            assertThat(otherSent).as("all but the one in flight").isEqualTo(events.size() - 1);
            assertThat(receiver.findAll(postRequestedFor(urlPathEqualTo(PATH))).stream()
                    .map(r -> r.getHeader("ReturnFlow-Event-Id")).toList())
                    .containsExactlyInAnyOrderElementsOf(events);
        } finally {
            otherDone.countDown();
            inFlight.countDown();
            nodes.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(BARRIER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other node never got there");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deliveries whose first read waits until the other node has read as well. */
    private static WebhookDeliveries readingTogether(WebhookFixture fx, CyclicBarrier bothRead) {
        AtomicBoolean first = new AtomicBoolean(true);
        return new WebhookDeliveries(fx.db.jdbc()) {
            @Override
            List<Due> due(OffsetDateTime now, int limit) {
                List<Due> read = super.due(now, limit);
                if (first.getAndSet(false)) {
                    try {
                        bothRead.await(BARRIER_WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("the other node never read", e);
                    }
                }
                return read;
            }
        };
    }
}
