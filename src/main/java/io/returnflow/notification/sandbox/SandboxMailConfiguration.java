package io.returnflow.notification.sandbox;

import java.util.Properties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import io.returnflow.notification.NotificationProperties;

/**
 * The local run's mail: the sandbox mailbox, and the mail sender pointed at it (in place of the one
 * {@code spring.mail.host} would make, which backs off), with the {@code spring.mail.*} settings otherwise.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "returnflow.notification.sandbox-mailbox.enabled", havingValue = "true")
@EnableConfigurationProperties(MailProperties.class)
class SandboxMailConfiguration {

    @Bean
    SandboxMailbox sandboxMailbox(NotificationProperties properties) {
        return new SandboxMailbox(properties.sandboxMailbox());
    }

    @Bean
    JavaMailSenderImpl mailSender(SandboxMailbox mailbox, MailProperties mail) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(mailbox.host());
        sender.setPort(mailbox.port());
        sender.setDefaultEncoding(mail.getDefaultEncoding().name());
        Properties settings = new Properties();
        settings.putAll(mail.getProperties());
        // the sandbox's server takes mail as it comes: no log-in, no TLS, whatever a relay of the profile asks for
        settings.put("mail.smtp.auth", "false");
        settings.put("mail.smtp.starttls.enable", "false");
        sender.setJavaMailProperties(settings);
        return sender;
    }
}
