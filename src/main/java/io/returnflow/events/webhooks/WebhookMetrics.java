package io.returnflow.events.webhooks;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The webhooks' metrics on {@code /actuator/prometheus}:
 * <ul>
 *   <li>{@code returnflow_webhook_endpoints_disabled}: endpoints disabled now (read by the delivery worker on each
 *       pass, never by a scrape); above 0, a merchant's system hears nothing and operations have a task;</li>
 *   <li>{@code returnflow_webhook_deliveries_total{outcome}}: attempts by outcome, {@code delivered},
 *       {@code failed} (tried again later), {@code gone} (410: endpoint disabled), {@code given_up} (failing for
 *       {@code give-up-after}: endpoint disabled); this node's, sum them across nodes.</li>
 * </ul>
 */
@Component
class WebhookMetrics {

    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String GONE = "gone";
    static final String GIVEN_UP = "given_up";

    private final MeterRegistry registry;
    private final AtomicLong disabled = new AtomicLong();

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("returnflow.webhook.endpoints.disabled", disabled, AtomicLong::get)
                .description("Webhook endpoints disabled (a 410, or deliveries failing for days): operations have a task")
                .register(registry);
    }

    void attempt(String outcome) {
        Counter.builder("returnflow.webhook.deliveries")
                .description("Webhook delivery attempts by outcome (this node)")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    void disabledEndpoints(long count) {
        disabled.set(count);
    }
}
