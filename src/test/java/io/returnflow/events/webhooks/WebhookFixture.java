package io.returnflow.events.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.returnflow.events.MerchantEvent;
import io.returnflow.platform.RandomIds;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;

/**
 * The webhooks on a migrated database, without Spring: endpoints, events written straight into the log (placed),
 * the fan-out, and workers driven by the test on a clock it moves.
 */
final class WebhookFixture {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    private static final AtomicLong POSITIONS = new AtomicLong();

    final MigratedDatabase db;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T02:00:00Z"));
    final WebhookProperties properties;
    final WebhookEndpoints endpoints;
    final WebhookDeliveries deliveries;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final WebhookMetrics metrics = new WebhookMetrics(registry);
    final List<String> alarms = new ArrayList<>();

    WebhookFixture(MigratedDatabase db) {
        this.db = db;
        this.properties = new WebhookProperties(true, true, Duration.ofSeconds(1), 50, Duration.ofSeconds(30),
                Duration.ofMinutes(2), Duration.ofSeconds(1), READ_TIMEOUT, Duration.ofSeconds(30), Duration.ofHours(6), Duration.ofDays(3),
                Duration.ofHours(24), Duration.ofDays(7), 1000, 100, 200, "ReturnFlow-Webhooks/1.0",
                new WebhookProperties.SandboxReceiver(true, Duration.ofMinutes(5)));
        this.endpoints = new WebhookEndpoints(db.jdbc());
        this.deliveries = new WebhookDeliveries(db.jdbc());
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    WebhookEndpoints.Created endpoint(String url, String... types) {
        return endpoints.create(url, List.of(types), "test", now());
    }

    WebhookWorker worker() {
        return worker(deliveries);
    }

    WebhookWorker worker(WebhookDeliveries reading) {
        return worker(reading, new WebhookSender(properties, new WebhookUrlPolicy(properties)));
    }

    WebhookWorker worker(WebhookDeliveries reading, WebhookSender sender) {
        EndpointDisabledAlarm alarm = (id, url, reason, pending) -> {
            synchronized (alarms) {
                alarms.add(id + " " + pending + " " + reason);
            }
        };
        return new WebhookWorker(reading, endpoints, sender, alarm, metrics, properties, db.transactions(), clock);
    }

    /** An event of the return, placed in the log and fanned out to the endpoints that want it. */
    MerchantEvent event(String returnId, String type) {
        String id = RandomIds.next("evt_", RandomIds.ALPHANUMERIC, 24);
        long position = POSITIONS.incrementAndGet();
        String payload = "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"returnId\":\"" + returnId
                + "\",\"detail\":\"退货 ✓\",\"data\":{\"object\":{\"id\":\"" + returnId + "\"}}}";
        db.jdbc().sql("""
                        insert into return_events_outbox (id, position, type, return_id, order_id, created_at, payload)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, position, type, returnId, "SO-" + returnId, now(), payload).update();
        MerchantEvent event = new MerchantEvent(id, position, type, returnId, "SO-" + returnId, now(), payload);
        new WebhookFanOut(deliveries, clock).take(event);
        return event;
    }

    String status(String endpointId, String eventId) {
        return db.jdbc().sql("select status from webhook_deliveries where endpoint_id = ? and event_id = ?"
                        + " and origin = 'feed'")
                .params(endpointId, eventId).query(String.class).single();
    }

    OffsetDateTime nextAttempt(String endpointId, String eventId) {
        return db.jdbc().sql("select next_attempt_at from webhook_deliveries where endpoint_id = ? and event_id = ?"
                        + " and origin = 'feed'")
                .params(endpointId, eventId).query(OffsetDateTime.class).single();
    }

    double counted(String outcome) {
        var counter = registry.find("returnflow.webhook.deliveries").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    double disabledGauge() {
        return registry.get("returnflow.webhook.endpoints.disabled").gauge().value();
    }
}
