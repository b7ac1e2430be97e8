package io.returnflow.events.webhooks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import io.returnflow.events.webhooks.WebhookProperties;
import io.returnflow.events.webhooks.WebhookSignature;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;

/** The sandbox merchant receiver: what it accepts, refuses and keeps. */
class SandboxMerchantReceiverTest {

    private static final String SECRET = "whsec_receiver_secret";
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"pickup.booked\",\"returnId\":\"R-1\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T02:00:00Z"));
    private final SandboxMerchantReceiver receiver = new SandboxMerchantReceiver(MigratedDatabase.migrated().jdbc(),
            new ObjectMapper().registerModule(new JavaTimeModule()), properties(), clock);

    private static WebhookProperties properties() {
        return new WebhookProperties(true, true, Duration.ofSeconds(1), 50, Duration.ofSeconds(30),
                Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofHours(6), Duration.ofDays(3), Duration.ofHours(24), Duration.ofDays(7), 1000, 100, 200,
                "ua", new WebhookProperties.SandboxReceiver(true, Duration.ofMinutes(5)));
    }

    private String signed(String secret, Instant at) {
        return WebhookSignature.header(at.getEpochSecond(), BODY, List.of(secret));
    }

    @Test
    void itKeepsEachValidEventOnceCountsRepeatsRefusesBadSignaturesAndAnswers503WhileDown() {
        assertThat(receiver.receive("erp", signed(SECRET, clock.instant()), BODY))
                .isEqualTo(SandboxMerchantReceiver.Answer.UNKNOWN_RECEIVER);
        receiver.configure("erp", SECRET, false);

        assertThat(receiver.receive("erp", signed("whsec_wrong", clock.instant()), BODY))
                .isEqualTo(SandboxMerchantReceiver.Answer.BAD_SIGNATURE);
        assertThat(receiver.receive("erp", signed(SECRET, clock.instant().minusSeconds(301)), BODY))
                .as("older than the tolerance").isEqualTo(SandboxMerchantReceiver.Answer.BAD_SIGNATURE);
        assertThat(receiver.receipts("erp")).singleElement().satisfies(r -> {
            assertThat(r.signatureValid()).isFalse();
            assertThat(r.timesReceived()).isEqualTo(2);
        });

        assertThat(receiver.receive("erp", signed(SECRET, clock.instant()), BODY))
                .isEqualTo(SandboxMerchantReceiver.Answer.RECEIVED);
        assertThat(receiver.receive("erp", signed(SECRET, clock.instant()), BODY))
                .isEqualTo(SandboxMerchantReceiver.Answer.RECEIVED);
        assertThat(receiver.receipts("erp")).singleElement().satisfies(r -> {
            assertThat(r.eventId()).isEqualTo("evt_1");
            assertThat(r.type()).isEqualTo("pickup.booked");
            assertThat(r.returnId()).isEqualTo("R-1");
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.timesReceived()).isEqualTo(4);
        });

        receiver.configure("erp", null, true);
        assertThat(receiver.receive("erp", signed(SECRET, clock.instant()), BODY))
                .isEqualTo(SandboxMerchantReceiver.Answer.DOWN);
        receiver.configure("erp", null, false);
        assertThat(receiver.settings("erp").orElseThrow().secretSet()).as("the secret kept").isTrue();
        assertThat(receiver.receive("erp", signed(SECRET, clock.instant()), "not json".getBytes()))
                .isEqualTo(SandboxMerchantReceiver.Answer.NOT_AN_EVENT);
        assertThat(receiver.receipts("other")).isEmpty();
    }

    @Test
    void valuesLongerThanItKeepsAreRefusedWith400InItsOwnFormatBeforeAnythingIsWritten() {
        SandboxMerchantReceiverController http = new SandboxMerchantReceiverController(receiver);
        assertRefused(http.configure("erp", new SandboxMerchantReceiverController.Configuration("s".repeat(101),
                false)), "invalid_secret", "secret");
        assertThat(receiver.settings("erp")).isEmpty();
        assertRefused(http.configure("n".repeat(65), new SandboxMerchantReceiverController.Configuration(SECRET,
                false)), "invalid_name", "name");
        http.configure("erp", new SandboxMerchantReceiverController.Configuration("s".repeat(100), false));

        assertRefused(receive(http, "{\"id\":\"" + "e".repeat(41) + "\",\"type\":\"pickup.booked\"}"),
                "invalid_event", "id");
        assertRefused(receive(http, "{\"id\":\"evt_2\",\"type\":\"" + "t".repeat(65) + "\"}"),
                "invalid_event", "type");
        assertRefused(receive(http, "{\"id\":\"evt_2\",\"type\":\"pickup.booked\",\"returnId\":\""
                + "R".repeat(33) + "\"}"), "invalid_event", "returnId");
        assertThat(receiver.receipts("erp")).isEmpty();
    }

    private ResponseEntity<Object> receive(SandboxMerchantReceiverController http, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.receive("erp", WebhookSignature.header(clock.instant().getEpochSecond(), bytes,
                List.of("s".repeat(100))), bytes);
    }

    @SuppressWarnings("unchecked")
    private static void assertRefused(ResponseEntity<Object> answer, String code, String naming) {
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        Map<String, Object> error = (Map<String, Object>) ((Map<String, Object>) answer.getBody()).get("error");
        assertThat(error.get("code")).isEqualTo(code);
        assertThat((String) error.get("message")).contains(naming);
    }
}
