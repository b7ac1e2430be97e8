package io.returnflow.notification.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.DisposableBean;

import io.returnflow.notification.NotificationProperties;

/**
 * The local run's mailbox: an SMTP server inside the application (GreenMail) that the buyer's e-mails are sent to
 * over real SMTP ({@link SandboxMailConfiguration} points the mail sender at it), so that a walk-through can read them
 * at {@code GET /sandbox/mailbox}. Runs only with {@code returnflow.notification.sandbox-mailbox.enabled}; port 0
 * takes a free one (the tests'). It keeps what it received in memory, until it stops.
 */
public class SandboxMailbox implements DisposableBean {

    private final String host;
    private int port;
    private GreenMail server;

    public SandboxMailbox(NotificationProperties.SandboxMailbox settings) {
        this.host = settings.host();
        this.port = settings.port();
        start();
    }

    /** Starts the server, on the port it had before when it ran already (tests stop it to be an outage). */
    public synchronized void start() {
        if (server != null && server.isRunning()) {
            return;
        }
        server = new GreenMail(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP));
        server.start();
        port = server.getSmtp().getPort();
    }

    /** Stops the server: a mail sent now meets a closed port, as with a mail server that is down. */
    public synchronized void stop() {
        server.stop();
    }

    @Override
    public void destroy() {
        stop();
    }

    String host() {
        return host;
    }

    /** The port it listens on. */
    public synchronized int port() {
        return port;
    }

    /** The mails received so far, oldest first; only those to {@code to} when given (case-insensitive). */
    public List<Mail> messages(String to) {
        List<Mail> all = new ArrayList<>();
        MimeMessage[] received;
        synchronized (this) {
            received = server.getReceivedMessages();
        }
        for (MimeMessage message : received) {
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
    public synchronized void clear() {
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
