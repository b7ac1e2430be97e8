package io.returnflow.payment.sandbox;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.payment.PaymentProperties;
import io.returnflow.payment.stripe.StripeSignature;
import io.returnflow.platform.EndpointResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The sandbox provider's clock work and webhooks: every tick it settles the pending refunds that are due
 * ({@code ch_refund_pending}) and delivers a signed {@code refund.updated} event for each refund whose
 * webhook is due, to {@code returnflow.payment.sandbox.webhook-url} (this application's own webhook),
 * exactly as the real provider would: {@code Stripe-Signature} over the raw body, with the webhook
 * secret. A delivery that is not acknowledged with a 2xx is sent again next tick (the event keeps its id);
 * without a webhook URL nothing is delivered and the application learns by asking.
 *
 * <p>Every node ticks: settling is a conditional update, and a node claims each webhook before it sends it
 * ({@link SandboxPaymentProvider#claimWebhook}), so each is sent by one node at a time. A delivery that outlasts
 * the in-flight lease may be sent once more by another node, as a real provider may; the receiver ignores what it
 * already recorded.
 */
@Component
@ConditionalOnProperty(prefix = "returnflow.payment.sandbox", name = "enabled", havingValue = "true")
class SandboxRefundWebhooks {

    static final String EVENT_TYPE = "refund.updated";
    private static final Logger log = LoggerFactory.getLogger(SandboxRefundWebhooks.class);
    private static final int EVENTS_PER_TICK = 50;

    private final SandboxPaymentProvider provider;
    private final PaymentProperties properties;
    private final EndpointResolver endpoints;
    private final RestClient http;
    private final ObjectMapper json;
    private final Clock clock;

    public SandboxRefundWebhooks(SandboxPaymentProvider provider, PaymentProperties properties,
                                 EndpointResolver endpoints, RestClient.Builder http, ObjectMapper json, Clock clock) {
        this.provider = provider;
        this.properties = properties;
        this.endpoints = endpoints;
        this.http = http.build();
        this.json = json;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${returnflow.payment.sandbox.tick:1s}")
    public void tick() {
        try {
            provider.settleDue();
            deliverDue();
        } catch (RuntimeException e) {
            log.warn("Sandbox payment provider tick failed: {}", e.toString());
        }
    }

    /**
     * Delivers the due webhooks.
     *
     * @return how many were acknowledged
     */
    public int deliverDue() {
        String webhookUrl = properties.sandbox().webhookUrl();
        if (webhookUrl == null || webhookUrl.isBlank()) {
            return 0;
        }
        int delivered = 0;
        for (Map<String, Object> refund : provider.webhooksDue(EVENTS_PER_TICK)) {
            Object returnId = refund.get("metadata") instanceof Map<?, ?> metadata ? metadata.get("return_id") : null;
            MDC.put("returnId", returnId == null ? "" : returnId.toString());
            Optional<OffsetDateTime> claim = Optional.empty();
            try {
                claim = provider.claimWebhook((String) refund.get("id"), (String) refund.get("status"));
                if (claim.isEmpty()) {
                    continue;    // another node is delivering it, or did since it was read
                }
                deliver(endpoints.resolve(webhookUrl), refund);
                provider.webhookDelivered((String) refund.get("id"), (String) refund.get("status"));
                log.info("Sandbox payment provider delivered {} for refund {} ({})", EVENT_TYPE, refund.get("id"),
                        refund.get("status"));
                delivered++;
            } catch (RestClientException e) {
                provider.webhookNotDelivered((String) refund.get("id"), claim.get());
                log.info("Sandbox payment provider could not deliver {} for refund {}, trying again next tick: {}",
                        EVENT_TYPE, refund.get("id"), e.getMessage());
            } finally {
                MDC.remove("returnId");
            }
        }
        return delivered;
    }

    private void deliver(URI webhook, Map<String, Object> refund) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_" + refund.get("id") + "_" + refund.get("status"));
        event.put("object", "event");
        event.put("type", EVENT_TYPE);
        event.put("created", now);
        event.put("data", Map.of("object", refund));
        byte[] body;
        try {
            body = json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a sandbox webhook event", e);
        }
        http.post()
                .uri(webhook)
                .contentType(MediaType.APPLICATION_JSON)
                .header(StripeSignature.HEADER, StripeSignature.header(properties.webhookSecret(), now, body))
                // the bytes that were signed, as they are: never re-encoded on the way
                .body(body)
                .retrieve()
                .toBodilessEntity();
    }
}
