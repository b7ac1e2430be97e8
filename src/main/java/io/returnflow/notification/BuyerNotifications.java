package io.returnflow.notification;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.returnflow.events.EventSubscriber;
import io.returnflow.events.MerchantEvent;
import io.returnflow.platform.RandomIds;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnRepository;

/**
 * Reads the event log and writes the buyer's messages: for each event of a step the buyer hears of
 * ({@link MessageSteps}), one message per channel the buyer can be reached on (e-mail when the return has an
 * address, SMS when it has a phone number), rendered from the template in force in the buyer's language. Runs in
 * the transaction that moves its place in the log, so each (event, channel) gets its message once; the unique
 * (event, channel) makes sure of it even so. Writes rows only: {@link NotificationSender} sends them.
 */
@Component
class BuyerNotifications implements EventSubscriber {

    static final String NAME = "buyer-notifications";

    private static final Logger log = LoggerFactory.getLogger(BuyerNotifications.class);

    private final ReturnRepository returns;
    private final MessageTemplates templates;
    private final MessageValues values;
    private final Notifications notifications;
    private final NotificationProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    BuyerNotifications(ReturnRepository returns, MessageTemplates templates, MessageValues values,
                       Notifications notifications, NotificationProperties properties, ObjectMapper json,
                       Clock clock) {
        this.returns = returns;
        this.templates = templates;
        this.values = values;
        this.notifications = notifications;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void take(MerchantEvent event) {
        if (!MessageSteps.sends(event.type())) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (event.createdAt().isBefore(now.minus(properties.maxEventAge()))) {
            log.info("Return {}: no message for {} {}, older than {}", event.returnId(), event.type(), event.id(),
                    properties.maxEventAge());
            return;
        }
        Optional<CustomerReturn> found = returns.find(event.returnId());
        if (found.isEmpty()) {
            return;
        }
        CustomerReturn r = found.get();
        String language = language(r, properties.defaultLanguage());
        // nothing an event or a template holds may stop the reader (it would take the same batch again for ever):
        // a message that cannot be written is recorded FAILED with the reason
        Map<String, String> placeholders = Map.of();
        String unwritable = null;
        try {
            placeholders = new java.util.LinkedHashMap<>(values.of(r, snapshot(event), language));
            placeholders.keySet().retainAll(MessageSteps.placeholders(event.type()));
        } catch (RuntimeException e) {
            unwritable = "The message could not be written from event " + event.id() + ": " + e.getMessage();
        }
        for (NotificationChannel channel : NotificationChannel.values()) {
            if (!reachable(r.customer(), channel)) {
                continue;
            }
            String id = RandomIds.next("ntf_", RandomIds.ALPHANUMERIC, 24);
            Notification n;
            try {
                n = unwritable != null ? failed(id, event, r, channel, language, placeholders, unwritable, now)
                        : written(id, event, r, channel, language, placeholders, now);
            } catch (RuntimeException e) {
                n = failed(id, event, r, channel, language, placeholders,
                        "The message could not be written from its template: " + e.getMessage(), now);
            }
            if (notifications.insertIfAbsent(n)) {
                if (n.status() == Notification.Status.FAILED) {
                    log.warn("Return {}: message {} ({} {}) not written: {}", r.id(), id, event.type(),
                            channel.value(), n.lastError());
                } else {
                    log.info("Return {}: message {} ({} {}) to send", r.id(), id, event.type(), channel.value());
                }
            }
        }
    }

    private Notification written(String id, MerchantEvent event, CustomerReturn r, NotificationChannel channel,
                                 String language, Map<String, String> placeholders, OffsetDateTime now) {
        Optional<MessageTemplate> template = templates.find(event.type(), channel, language);
        if (template.isEmpty()) {
            // cannot happen with the shipped templates checked at start; shown, not silently dropped
            return failed(id, event, r, channel, language, placeholders,
                    "No template of " + event.type() + " for " + channel.value() + " in " + language, now);
        }
        MessageTemplate t = template.get();
        return new Notification(id, event.id(), r.id(), channel, t.key(), t.version(), language,
                t.subject() == null ? null : subject(TemplateText.render(t.subject(), placeholders)),
                TemplateText.render(t.body(), placeholders), params(placeholders), Notification.Status.PENDING, 0,
                now, null, null, now, null);
    }

    private Notification failed(String id, MerchantEvent event, CustomerReturn r, NotificationChannel channel,
                                String language, Map<String, String> placeholders, String reason,
                                OffsetDateTime now) {
        String params;
        try {
            params = params(placeholders);
        } catch (RuntimeException e) {
            params = "{}";
        }
        return new Notification(id, event.id(), r.id(), channel, event.type(), null, language, null, "", params,
                Notification.Status.FAILED, 0, null, PersonalDataMask.masked(reason), null, now, null);
    }

    /** A subject is one line, whatever a value put in it holds (a header cannot carry a line break). */
    private static String subject(String rendered) {
        return rendered.replaceAll("[\\r\\n]+", " ");
    }

    /** The buyer's language, when it is one the messages are written in; the default otherwise. */
    static String language(CustomerReturn r, String fallback) {
        String language = r.customer() == null ? null : r.customer().language();
        return language != null && MessageSteps.LANGUAGES.contains(language) ? language : fallback;
    }

    static boolean reachable(CustomerReturn.Customer customer, NotificationChannel channel) {
        if (customer == null) {
            return false;
        }
        String address = channel == NotificationChannel.EMAIL ? customer.email() : customer.phone();
        return address != null && !address.isBlank();
    }

    private JsonNode snapshot(MerchantEvent event) {
        try {
            return json.readTree(event.payload()).path("data").path("object");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + event.id() + " is not JSON", e);
        }
    }

    private String params(Map<String, String> placeholders) {
        try {
            return json.writeValueAsString(placeholders);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Placeholder values cannot be written", e);
        }
    }
}
