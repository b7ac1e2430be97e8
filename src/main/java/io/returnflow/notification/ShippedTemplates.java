package io.returnflow.notification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The templates shipped with the release ({@code notification/templates-<language>.json} on the classpath): every
 * step on every channel in every language, checked when the application starts (a shipped template that names a
 * placeholder its step does not know stops the start). They fill the template table where it lacks a row, and
 * they are what the buyer gets should a row still be missing. Also the words for the policy's rejection reasons.
 */
@Component
class ShippedTemplates {

    static final String SYSTEM = "system";

    private final Map<String, MessageTemplate> templates = new HashMap<>();
    private final Map<String, Map<String, String>> reasons = new HashMap<>();

    ShippedTemplates(ObjectMapper json) {
        OffsetDateTime epoch = OffsetDateTime.parse("2026-01-01T00:00:00Z");
        for (String language : MessageSteps.LANGUAGES) {
            JsonNode file = read(json, "notification/templates-" + language + ".json");
            for (String key : MessageSteps.keys()) {
                for (NotificationChannel channel : NotificationChannel.values()) {
                    JsonNode t = file.path("templates").path(key).path(channel.value());
                    if (t.path("body").asText("").isBlank()
                            || channel == NotificationChannel.EMAIL && t.path("subject").asText("").isBlank()) {
                        throw new IllegalStateException("No shipped " + channel.value() + " template of " + key
                                + " in " + language);
                    }
                    String subject = channel == NotificationChannel.EMAIL ? t.path("subject").asText() : null;
                    String body = t.path("body").asText();
                    List<String> known = MessageSteps.placeholders(key);
                    if (subject != null) {
                        TemplateText.check(subject, known);
                    }
                    TemplateText.check(body, known);
                    templates.put(id(key, channel, language),
                            new MessageTemplate(key, channel.value(), language, subject, body, 1, SYSTEM, epoch));
                }
            }
            Map<String, String> words = new HashMap<>();
            file.path("rejectionReasons").properties().forEach(e -> words.put(e.getKey(), e.getValue().asText()));
            reasons.put(language, words);
        }
    }

    /** Every shipped template. */
    List<MessageTemplate> all() {
        return new ArrayList<>(templates.values());
    }

    Optional<MessageTemplate> find(String key, NotificationChannel channel, String language) {
        return Optional.ofNullable(templates.get(id(key, channel, language)));
    }

    /** The policy's reason in the buyer's words; the code itself for one without words. */
    String rejectionReason(String language, String code) {
        return reasons.getOrDefault(language, Map.of()).getOrDefault(code, code);
    }

    private static String id(String key, NotificationChannel channel, String language) {
        return key + "/" + channel.value() + "/" + language;
    }

    private static JsonNode read(ObjectMapper json, String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the shipped templates " + path, e);
        }
    }
}
