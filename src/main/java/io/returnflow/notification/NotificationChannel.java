package io.returnflow.notification;

import java.util.Locale;
import java.util.Optional;

/** How a message reaches the buyer; written in lower case in the API and the tables. */
enum NotificationChannel {
    EMAIL, SMS;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The channel written so ({@code email}, {@code sms}); empty for anything else. */
    public static Optional<NotificationChannel> of(String value) {
        for (NotificationChannel channel : values()) {
            if (channel.value().equals(value)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
