package io.returnflow.notification;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Sends a message as a plain-text e-mail over SMTP (Spring's {@link JavaMailSender}, {@code spring.mail.*}; without
 * one, e-mails wait). Each
 * message has a {@code Message-ID} made of its notification's id, the same on every try: SMTP itself cannot tell a
 * second try from a new mail, so a send whose answer was lost reaches the buyer's mail server again with the same
 * {@code Message-ID}, by which mail clients and servers tell it is one mail.
 */
@Component
class EmailChannel {

    /** RFC 3463's enhanced status code in a reply, e.g. {@code 5.1.1}. */
    private static final Pattern ENHANCED_STATUS = Pattern.compile("\\b[245]\\.[0-9]{1,3}\\.[0-9]{1,3}\\b");

    private final ObjectProvider<JavaMailSender> sender;
    private final NotificationProperties properties;

    EmailChannel(ObjectProvider<JavaMailSender> sender, NotificationProperties properties) {
        this.sender = sender;
        this.properties = properties;
    }

    /** The notification's {@code Message-ID}. */
    String messageId(String notificationId) {
        return "<" + notificationId + "@" + properties.mail().messageIdDomain() + ">";
    }

    Delivery send(Notification n, String to) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null || mail instanceof JavaMailSenderImpl impl && (impl.getHost() == null
                || impl.getHost().isBlank())) {
            // a deployment that names no relay (SMTP_HOST): the e-mails wait for one, none is lost
            return new Delivery.TryLater("No mail server is configured (spring.mail.host, SMTP_HOST)", null);
        }
        String messageId = messageId(n.id());
        MimeMessage message;
        try {
            message = new FixedIdMessage(mail.createMimeMessage().getSession(), messageId);
            message.setFrom(new InternetAddress(properties.mail().from(), true));
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
            message.setSubject(n.subject(), StandardCharsets.UTF_8.name());
            message.setText(n.body(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
        } catch (AddressException e) {
            return new Delivery.Refused("Not an e-mail address: " + PersonalDataMask.masked(e.getMessage()));
        } catch (MessagingException e) {
            return new Delivery.Refused("The e-mail could not be written: " + PersonalDataMask.masked(e.getMessage()));
        }
        try {
            mail.send(message);
            return new Delivery.Sent(messageId);
        } catch (MailParseException | MailPreparationException e) {
            return new Delivery.Refused("The e-mail could not be written: " + PersonalDataMask.masked(e.getMessage()));
        } catch (MailAuthenticationException e) {
            return new Delivery.TryLater("The mail server refused our log-in: "
                    + PersonalDataMask.masked(e.getMessage()), null);
        } catch (MailSendException e) {
            // the server's own words quote the recipient's address: only its reply code is kept
            return refusedForGood(e) ? new Delivery.Refused("The mail server refused the recipient" + reply(e))
                    : new Delivery.TryLater("The mail server did not take it" + reply(e), null);
        } catch (MailException e) {
            return new Delivery.TryLater("The mail server did not take it: "
                    + PersonalDataMask.masked(e.getMessage()), null);
        }
    }

    /** The SMTP reply code (and enhanced status code, e.g. {@code 5.1.1}) of the failure, without its text. */
    private static String reply(MailSendException e) {
        for (Exception failure : e.getFailedMessages().values()) {
            Throwable t = failure;
            for (int depth = 0; t != null && depth < 10; depth++) {
                if (t instanceof SMTPAddressFailedException refused) {
                    return smtpReply(refused.getReturnCode(), refused.getMessage());
                }
                if (t instanceof SMTPSendFailedException failed && failed.getReturnCode() > 0) {
                    return smtpReply(failed.getReturnCode(), failed.getMessage());
                }
                t = t instanceof MessagingException m && m.getNextException() != null ? m.getNextException()
                        : t.getCause();
            }
        }
        // no SMTP answer (no connection, a timeout): the client's words, addresses taken out
        return ": " + PersonalDataMask.masked(e.getMessage());
    }

    private static String smtpReply(int code, String text) {
        Matcher enhanced = text == null ? null : ENHANCED_STATUS.matcher(text);
        return ": SMTP " + code + (enhanced != null && enhanced.find() ? " " + enhanced.group() : "");
    }

    /** A permanent (5xx) refusal of the recipient: any other failure (no connection, a 4xx) may pass later. */
    private static boolean refusedForGood(MailSendException e) {
        for (Exception failure : e.getFailedMessages().values()) {
            Throwable t = failure;
            for (int depth = 0; t != null && depth < 10; depth++) {
                if (t instanceof SMTPAddressFailedException refused && refused.getReturnCode() >= 500) {
                    return true;
                }
                t = t instanceof MessagingException m && m.getNextException() != null ? m.getNextException()
                        : t.getCause();
            }
        }
        return false;
    }

    /** A message whose {@code Message-ID} stays the one given, where JavaMail would make up a new one on each save. */
    private static final class FixedIdMessage extends MimeMessage {

        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
