package io.returnflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * A deployment that names no SMTP relay (an empty {@code spring.mail.host}, as {@code SMTP_HOST} unset leaves it): the
 * e-mail waits for one, never refused for good and never taken for sent.
 */
class EmailChannelTest {

    @Test
    void anEmailWaitsWhileNoRelayIsNamed() {
        JavaMailSenderImpl noRelay = new JavaMailSenderImpl();
        noRelay.setHost("");
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("mailSender", noRelay);
        NotificationProperties properties = Binder.get(new org.springframework.mock.env.MockEnvironment())
                .bindOrCreate("returnflow.notification", NotificationProperties.class);
        EmailChannel channel = new EmailChannel(beans.getBeanProvider(JavaMailSender.class), properties);

        Delivery delivery = channel.send(new Notification("ntf_1", "evt_1", "R-1", NotificationChannel.EMAIL,
                "refund.succeeded", 1, "en", "Refunded", "Refunded 51.00 CNY", "{}", Notification.Status.PENDING, 0,
                OffsetDateTime.now(), null, null, OffsetDateTime.now(), null), "zs@example.com");

        assertThat(delivery).isInstanceOfSatisfying(Delivery.TryLater.class,
                later -> assertThat(later.reason()).contains("SMTP_HOST"));
    }

    /**
     * A mail server's refusal quotes the recipient's address: the reason kept (logged, stored, listed to customer
     * service) says the reply code alone.
     */
    @Test
    void aRefusalKeepsTheReplyCodeNotTheServersWordsWithTheAddress() throws Exception {
        InternetAddress buyer = new InternetAddress("zs@example.com");
        JavaMailSenderImpl refusing = new JavaMailSenderImpl() {
            @Override
            public void send(MimeMessage message) {
                throw new MailSendException(Map.of(message, new SendFailedException("Invalid Addresses",
                        new SMTPAddressFailedException(buyer, "RCPT TO:<zs@example.com>", 550,
                                "550 5.1.1 <zs@example.com>: Recipient address rejected: User unknown"))));
            }
        };
        refusing.setHost("mail.example.com");
        JavaMailSenderImpl away = new JavaMailSenderImpl() {
            @Override
            public void send(MimeMessage message) {
                throw new MailSendException(Map.of(message, new SendFailedException(
                        "421 4.7.0 Try again later, closing connection to +86 138 0013 8000 for zs@example.com")));
            }
        };
        away.setHost("mail.example.com");

        Delivery refused = channel(refusing).send(notification(), "zs@example.com");
        Delivery later = channel(away).send(notification(), "zs@example.com");

        assertThat(refused).isInstanceOfSatisfying(Delivery.Refused.class, r -> assertThat(r.reason())
                .contains("SMTP 550 5.1.1").doesNotContain("zs@").doesNotContain("example.com")
                .doesNotContain("User unknown"));
        assertThat(later).isInstanceOfSatisfying(Delivery.TryLater.class, r -> assertThat(r.reason())
                .contains("421 4.7.0").doesNotContain("zs@example.com").doesNotContain("138 0013 8000"));
    }

    @Test
    void addressesAndPhoneNumbersAreTakenOutOfAReasonCodesStay() {
        assertThat(PersonalDataMask.masked("550 5.1.1 <zs@example.com>: rejected; call +86 138 0013-8000 or "
                + "13800138000; isv.MOBILE_NUMBER_ILLEGAL; BizId 900619746936498440^0; 2026-12-07T10:00; port 3025"))
                .isEqualTo("550 5.1.1 <<e-mail address>>: rejected; call <phone number> or <phone number>; "
                        + "isv.MOBILE_NUMBER_ILLEGAL; BizId 900619746936498440^0; 2026-12-07T10:00; port 3025");
        assertThat(PersonalDataMask.masked(null)).isNull();
    }

    private static EmailChannel channel(JavaMailSender mail) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("mailSender", mail);
        NotificationProperties properties = Binder.get(new org.springframework.mock.env.MockEnvironment())
                .bindOrCreate("returnflow.notification", NotificationProperties.class);
        return new EmailChannel(beans.getBeanProvider(JavaMailSender.class), properties);
    }

    private static Notification notification() {
        return new Notification("ntf_2", "evt_2", "R-2", NotificationChannel.EMAIL, "refund.succeeded", 1, "en",
                "Refunded", "Refunded 51.00 CNY", "{}", Notification.Status.PENDING, 0, OffsetDateTime.now(), null,
                null, OffsetDateTime.now(), null);
    }
}
