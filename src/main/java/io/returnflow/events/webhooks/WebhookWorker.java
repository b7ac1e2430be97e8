package io.returnflow.events.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the due webhook deliveries, on every node. Each delivery is claimed first ({@link WebhookDeliveries#claim},
 * a lease of {@code returnflow.webhooks.lease}), so no two nodes send one at the same time; a node that dies
 * mid-call leaves it to be sent again when the lease runs out. At least once: a receiver may get a delivery twice
 * (that, or a replay) and keeps the event id as its key.
 *
 * <p>Outcomes: a 2xx delivers; a 410 disables the endpoint at once; anything else (3xx, 4xx, 5xx, timeout, refused)
 * is tried again after a backoff with full jitter (a random wait up to {@code first-retry} doubled per failure,
 * capped at {@code max-retry}), and a delivery failing for {@code give-up-after} disables the endpoint. A disabled
 * endpoint keeps its deliveries; operations get a task ({@link EndpointDisabledAlarm}).
 */
@Component
public class WebhookWorker {

    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);
    private static final String MDC_RETURN_ID = "returnId";
    /** 2^30 times the base is beyond any cap; the exponent stops growing there. */
    private static final int MAX_DOUBLINGS = 30;

    private final WebhookDeliveries deliveries;
    private final WebhookEndpoints endpoints;
    private final WebhookSender sender;
    private final EndpointDisabledAlarm alarm;
    private final WebhookMetrics metrics;
    private final WebhookProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    WebhookWorker(WebhookDeliveries deliveries, WebhookEndpoints endpoints, WebhookSender sender,
                  EndpointDisabledAlarm alarm, WebhookMetrics metrics, WebhookProperties properties,
                  PlatformTransactionManager transactions, Clock clock) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.sender = sender;
        this.alarm = alarm;
        this.metrics = metrics;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${returnflow.webhooks.delivery-interval:1s}")
    void scheduled() {
        try {
            // the scheduler's threads are shared (carrier inbox, tracking, the event log): a pass that meets slow
            // receivers stops starting calls after pass-budget, and the next pass goes on where it stopped
            deliverDue(System.nanoTime() + properties.passBudget().toNanos());
        } catch (RuntimeException e) {
            // the database away: the next pass tries again, nothing was lost
            log.warn("Webhook deliveries not sent this time: {}", e.toString());
        }
    }

    /**
     * Sends every delivery due now, each at most once per call: after a return's delivery succeeds, its next one is
     * due in the same call.
     *
     * @return how many attempts were made
     */
    public int deliverDue() {
        return deliverDue(null);
    }

    /** As {@link #deliverDue()}, starting no call after {@code deadline} ({@link System#nanoTime()}; null: none). */
    int deliverDue(Long deadline) {
        Set<Long> tried = new HashSet<>();
        int attempts;
        int total = 0;
        do {
            attempts = 0;
            OffsetDateTime now = OffsetDateTime.now(clock);
            for (WebhookDeliveries.Due due : deliveries.due(now, properties.batch())) {
                if (deadline != null && System.nanoTime() - deadline > 0) {
                    metrics.disabledEndpoints(endpoints.disabledCount());
                    return total + attempts;
                }
                if (!tried.add(due.id())) {
                    continue;
                }
                OffsetDateTime until = now.plus(properties.lease()).truncatedTo(ChronoUnit.MICROS);
                if (!deliveries.claim(due.id(), now, until)) {
                    continue;    // another node sends it, or an earlier one of its return became due
                }
                attempts++;
                MDC.put(MDC_RETURN_ID, due.returnId());
                try {
                    send(due);
                } finally {
                    MDC.remove(MDC_RETURN_ID);
                }
            }
            total += attempts;
        } while (attempts > 0);
        metrics.disabledEndpoints(endpoints.disabledCount());
        return total;
    }

    private void send(WebhookDeliveries.Due due) {
        OffsetDateTime signedAt = OffsetDateTime.now(clock);
        List<String> secrets = endpoints.signingSecrets(due.endpointId(), signedAt);
        byte[] body = due.payload().getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.header(signedAt.toEpochSecond(), body, secrets);
        WebhookSender.Outcome outcome = sender.send(due.url(), due.eventId(), due.eventType(), body, signature);
        OffsetDateTime now = OffsetDateTime.now(clock);
        deliveries.attempt(due.id(), now, outcome.status(), outcome.error(), outcome.latencyMs(), outcome.snippet());
        if (outcome.delivered()) {
            deliveries.delivered(due.id(), now);
            metrics.attempt(WebhookMetrics.DELIVERED);
            log.info("Webhook {} {} delivered to endpoint {} ({})", due.eventType(), due.eventId(), due.endpointId(),
                    outcome.summary());
            return;
        }
        if (outcome.gone()) {
            deliveries.gone(due.id(), now);
            metrics.attempt(WebhookMetrics.GONE);
            disable(due, "the endpoint answered 410 Gone to " + due.eventId() + " at " + now, now);
            return;
        }
        OffsetDateTime firstFailedAt = due.firstFailedAt() == null ? now : due.firstFailedAt();
        OffsetDateTime next = now.plus(backoff(due.failures() + 1));
        deliveries.failed(due.id(), firstFailedAt, next);
        if (Duration.between(firstFailedAt, now).compareTo(properties.giveUpAfter()) >= 0) {
            metrics.attempt(WebhookMetrics.GIVEN_UP);
            disable(due, "deliveries failed since " + firstFailedAt + " (" + due.eventId() + ", last: "
                    + outcome.summary() + ")", now);
            return;
        }
        metrics.attempt(WebhookMetrics.FAILED);
        log.info("Webhook {} {} to endpoint {} failed ({}), trying again at {}", due.eventType(), due.eventId(),
                due.endpointId(), outcome.summary(), next);
    }

    /** Full jitter: a random wait from 0 to {@code first-retry * 2^(failures-1)}, capped at {@code max-retry}. */
    Duration backoff(int failures) {
        long base = properties.firstRetry().toMillis();
        long ceiling = properties.maxRetry().toMillis();
        int doublings = Math.min(Math.max(failures - 1, 0), MAX_DOUBLINGS);
        long bound = base > ceiling >> doublings ? ceiling : Math.min(ceiling, base << doublings);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound + 1));
    }

    private void disable(WebhookDeliveries.Due due, String reason, OffsetDateTime now) {
        transactions.executeWithoutResult(status -> {
            if (endpoints.disable(due.endpointId(), reason, now)) {
                alarm.disabled(due.endpointId(), due.url(), reason, deliveries.pendingCount(due.endpointId()));
            }
        });
        metrics.disabledEndpoints(endpoints.disabledCount());
    }
}
