package io.returnflow.notification;

import java.time.Duration;
import java.time.ZoneId;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The buyer's messages ({@code returnflow.notification.*}).
 *
 * @param defaultLanguage the language of a buyer who gave none ({@code zh-CN} or {@code en})
 * @param timeZone        the zone the buyer reads times in (a pickup window, a code's expiry)
 * @param publicBaseUrl   where the buyer's links point (the drop-off code's QR image), without a trailing slash
 * @param maxEventAge     an event older than this when the reader takes it makes no message: a step's news that
 *                        late misleads (a courier "coming" days ago), and a first start on a long event log would
 *                        otherwise message every buyer of its past
 * @param sendInterval    how often a node looks for messages due
 * @param batch           at most this many messages per look
 * @param claim           how long a node holds a message it sends before another node may take it (longer than a
 *                        send may take: the mail and SMS clients' timeouts), from the moment it takes it
 * @param passBudget      a pass takes no further message after this long, so that with a slow relay no message is
 *                        taken late in a long pass; shorter than {@code claim}
 * @param firstRetryAfter the wait after the first failed try; doubled with each further one
 * @param maxRetryAfter   the longest wait between two tries: a message is tried until it is sent or refused
 * @param mail            the e-mail's sender
 * @param sandboxMailbox  the local run's SMTP server inside the application
 */
@Validated
@ConfigurationProperties("returnflow.notification")
public record NotificationProperties(@DefaultValue("zh-CN") @Pattern(regexp = "zh-CN|en") String defaultLanguage,
                                     @DefaultValue("Asia/Shanghai") @NotBlank String timeZone,
                                     @DefaultValue("http://localhost:8080") @NotBlank String publicBaseUrl,
                                     @DefaultValue("24h") @NotNull Duration maxEventAge,
                                     @DefaultValue("5s") @NotNull Duration sendInterval,
                                     @DefaultValue("50") @Positive @Max(1_000) int batch,
                                     @DefaultValue("2m") @NotNull Duration claim,
                                     @DefaultValue("30s") @NotNull Duration passBudget,
                                     @DefaultValue("30s") @NotNull Duration firstRetryAfter,
                                     @DefaultValue("1h") @NotNull Duration maxRetryAfter,
                                     @DefaultValue @Valid Mail mail,
                                     @DefaultValue @Valid SandboxMailbox sandboxMailbox) {

    public NotificationProperties {
        ZoneId.of(timeZone); // a zone Java does not know stops the start, not the first message
        if (claim != null && passBudget != null
                && (passBudget.isNegative() || passBudget.isZero() || passBudget.compareTo(claim) >= 0)) {
            throw new IllegalArgumentException("returnflow.notification.pass-budget must be positive and shorter "
                    + "than claim (" + claim + "); was " + passBudget);
        }
    }

    /** {@link #timeZone} as a zone. */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /**
     * @param from            the From address of the buyer's e-mails
     * @param messageIdDomain the right-hand side of each e-mail's {@code Message-ID} ({@code <notification id@domain>})
     */
    public record Mail(@DefaultValue("ReturnFlow <no-reply@returnflow.dev>") @NotBlank String from,
                       @DefaultValue("returnflow.dev") @NotBlank String messageIdDomain) {
    }

    /**
     * @param enabled whether the application runs an SMTP server of its own (GreenMail) and lists what it received
     *                at {@code GET /sandbox/mailbox}: the local run's, never production's
     * @param host    the address it listens on
     * @param port    its SMTP port; 0 takes a free one (the tests', several at once on one machine)
     */
    public record SandboxMailbox(@DefaultValue("false") boolean enabled,
                                 @DefaultValue("127.0.0.1") @NotBlank String host,
                                 @DefaultValue("3025") @PositiveOrZero @Max(65_535) int port) {
    }
}
