package io.returnflow.events.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.returnflow.events.MerchantEvent;
import io.returnflow.support.MigratedDatabase;

/**
 * Two nodes' workers on one PostgreSQL: both read the same due deliveries at the same moment (a barrier holds each
 * after its read until the other has read too), then both claim and send. Each delivery reaches the receiver once.
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

    @AfterAll
    static void stop() {
        receiver.stop();
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
                sent.add(nodes.submit(worker::deliverDue));
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
