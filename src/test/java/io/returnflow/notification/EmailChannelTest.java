package io.returnflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
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
}
