package io.returnflow.notification;

import java.time.OffsetDateTime;

/**
 * One message template: what the buyer gets at one step ({@code key}, the event type), on one channel
 * ({@code email}, {@code sms}), in one language; {@code subject} is null for a text message.
 */
record MessageTemplate(String key, String channel, String language, String subject, String body, int version,
                       String updatedBy, OffsetDateTime updatedAt) {
}
