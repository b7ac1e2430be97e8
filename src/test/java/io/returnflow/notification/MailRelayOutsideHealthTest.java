package io.returnflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.notification.sandbox.SandboxMailbox;

/**
 * The mail settings of the production profile (a relay that wants a log-in over STARTTLS) with the sandbox mailbox,
 * as the benchmark runs them: the sandbox's server takes the mail without a log-in, and whether a relay takes mail
 * is no part of the node's health (its outage only delays the buyer's e-mails).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mail.properties.mail.smtp.auth=true", "spring.mail.properties.mail.smtp.starttls.enable=true"})
@ActiveProfiles("test")
@DirtiesContext
class MailRelayOutsideHealthTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    EmailChannel channel;
    @Autowired
    SandboxMailbox mailbox;

    @Test
    void theSandboxTakesTheMailWithoutALogInAndTheNodeStaysHealthy() {
        Delivery sent = channel.send(new Notification("ntf_relay1", "evt_1", "R-1", NotificationChannel.EMAIL,
                "refund.succeeded", 1, "en", "Refunded", "Refunded 51.00 CNY", "{}", Notification.Status.PENDING, 0,
                OffsetDateTime.now(), null, null, OffsetDateTime.now(), null), "relay-test@example.com");

        assertThat(sent).isInstanceOf(Delivery.Sent.class);
        assertThat(mailbox.messages("relay-test@example.com")).hasSize(1);
        ResponseEntity<JsonNode> health = rest.getForEntity("/actuator/health", JsonNode.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody().path("status").asText()).isEqualTo("UP");
    }
}
