package io.returnflow.dropoff;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The reminder of an unused drop-off code ({@link CodeExpiryReminder}).
 *
 * @param expiryReminderBefore   a code unused this long before it expires gets its reminder
 * @param expiryReminderInterval how often codes are looked at: a reminder comes at most this late
 */
@Validated
@ConfigurationProperties("returnflow.drop-off")
public record CodeReminderProperties(@DefaultValue("24h") @NotNull Duration expiryReminderBefore,
                                     @DefaultValue("5m") @NotNull Duration expiryReminderInterval) {
}
