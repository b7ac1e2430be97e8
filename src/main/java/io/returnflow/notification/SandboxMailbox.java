package io.returnflow.notification;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The local run's mailbox: an SMTP server inside the application (GreenMail) that the buyer's e-mails are sent to
 * over real SMTP ({@code spring.mail.host}/{@code port} point at it), so that a walk-through can read them at
 * {@code GET /sandbox/mailbox}. Runs only with {@code returnflow.notification.sandbox-mailbox.enabled}; it keeps
 * what it received in memory, until the application stops.
 */
@Component
@ConditionalOnProperty(name = "returnflow.notification.sandbox-mailbox.enabled", havingValue = "true")
public class SandboxMailbox implements SmartLifecycle {

    private final GreenMail server;
    private volatile boolean running;

    SandboxMailbox(NotificationProperties properties) {
        NotificationProperties.SandboxMailbox mailbox = properties.sandboxMailbox();
        this.server = new GreenMail(new ServerSetup(mailbox.port(), mailbox.host(), ServerSetup.PROTOCOL_SMTP));
    }

    // before the schedules send anything (they start with the context's refresh, in the default phase)
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    @Override
    public synchronized void start() {
        server.start();
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        server.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The mails received so far, oldest first; only those to {@code to} when given (case-insensitive). */
    public List<Mail> messages(String to) {
        List<Mail> all = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                List<String> recipients = new ArrayList<>();
                Address[] addresses = message.getAllRecipients();
                if (addresses != null) {
                    for (Address a : addresses) {
                        recipients.add(a.toString());
                    }
                }
                if (to != null && recipients.stream().noneMatch(r -> r.toLowerCase(Locale.ROOT)
                        .contains(to.toLowerCase(Locale.ROOT)))) {
                    continue;
                }
                Object content = message.getContent();
                all.add(new Mail(message.getMessageID(), String.join(", ", recipients), message.getSubject(),
                        content instanceof String text ? text.replace("\r\n", "\n") : String.valueOf(content),
                        message.getSentDate() == null ? null : message.getSentDate().toInstant().toString()));
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("A mail in the sandbox mailbox cannot be read", e);
            }
        }
        return all;
    }

    /** Empties the mailbox (tests). */
    public void clear() {
        try {
            server.purgeEmailFromAllMailboxes();
        } catch (com.icegreen.greenmail.store.FolderException e) {
            throw new IllegalStateException("The sandbox mailbox cannot be emptied", e);
        }
    }

    /** One mail as received: its Message-ID, recipients, subject and text. */
    public record Mail(String messageId, String to, String subject, String body, String sentAt) {
    }
}
