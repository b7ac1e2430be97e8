package io.returnflow.notification;

import java.time.OffsetDateTime;

/**
 * One message to the buyer, as {@code notifications} keeps it.
 *
 * @param params the template's values (JSON object), for SMS providers that send approved templates only
 */
record Notification(String id, String eventId, String returnId, NotificationChannel channel, String templateKey,
                    Integer templateVersion, String language, String subject, String body, String params,
                    Status status, int attempts, OffsetDateTime nextAttemptAt, String lastError,
                    String providerMessageId, OffsetDateTime createdAt, OffsetDateTime sentAt) {

    enum Status { PENDING, SENT, FAILED }
}
