package io.returnflow.events.webhooks;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.springframework.stereotype.Component;

import io.returnflow.events.EventSubscriber;
import io.returnflow.events.MerchantEvent;

/**
 * Reads the merchant's event log ({@link io.returnflow.events.EventFeed}) and writes a delivery for each endpoint
 * that wants the event, in the transaction that moves its place: each event becomes one delivery per endpoint,
 * never none and never two. Disabled endpoints get theirs too: they wait, they are not dropped.
 */
@Component
class WebhookFanOut implements EventSubscriber {

    static final String NAME = "webhooks";

    private final WebhookDeliveries deliveries;
    private final Clock clock;

    WebhookFanOut(WebhookDeliveries deliveries, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void take(MerchantEvent event) {
        deliveries.fanOut(event, OffsetDateTime.now(clock));
    }
}
