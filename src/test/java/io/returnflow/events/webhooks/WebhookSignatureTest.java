package io.returnflow.events.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The signature against values computed independently:
 * {@code printf '%s' '1796630400.{"id":"evt_test","type":"pickup.booked"}' | openssl dgst -sha256 -hmac <secret>}.
 */
class WebhookSignatureTest {

    private static final long T = 1796630400L;
    private static final byte[] BODY = "{\"id\":\"evt_test\",\"type\":\"pickup.booked\"}".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "whsec_test_secret";
    private static final String OLD_SECRET = "whsec_old_secret";
    private static final String SIGNED = "b9d15e6af0432e16d966665bd6bcc1f9c0c4dcafd7e8578c28589dd04c830ccf";
    private static final String SIGNED_BY_OLD = "62490c73fa71e5f8cafb4f2a67a8f1945b336086ee97b9bdd414e044e9d36055";
    private static final Instant AT = Instant.ofEpochSecond(T);
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Test
    void theHeaderCarriesTheTimestampAndAnHmacPerSecret() {
        assertThat(WebhookSignature.v1(SECRET, T, BODY)).isEqualTo(SIGNED);
        assertThat(WebhookSignature.header(T, BODY, List.of(SECRET)))
                .isEqualTo("t=" + T + ",v1=" + SIGNED);
        assertThat(WebhookSignature.header(T, BODY, List.of(SECRET, OLD_SECRET)))
                .isEqualTo("t=" + T + ",v1=" + SIGNED + ",v1=" + SIGNED_BY_OLD);
    }

    @Test
    void aReceiverAcceptsAnyOfItsSecretsWithinTheToleranceAndNothingElse() {
        String header = "t=" + T + ",v1=" + SIGNED + ",v1=" + SIGNED_BY_OLD;
        assertThat(WebhookSignature.verify(header, BODY, SECRET, AT, TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify(header, BODY, OLD_SECRET, AT.plus(TOLERANCE), TOLERANCE)).isTrue();
        assertThat(WebhookSignature.verify(header, BODY, "whsec_other", AT, TOLERANCE)).isFalse();
        assertThat(WebhookSignature.verify(header, BODY, SECRET, AT.plus(TOLERANCE).plusSeconds(1), TOLERANCE))
                .as("too old").isFalse();
        byte[] changed = "{\"id\":\"evt_test\",\"type\":\"pickup.booked\" }".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(header, changed, SECRET, AT, TOLERANCE)).as("one byte more").isFalse();
        assertThat(WebhookSignature.verify("t=" + (T + 1) + ",v1=" + SIGNED, BODY, SECRET, AT, TOLERANCE))
                .as("another timestamp").isFalse();
        assertThat(WebhookSignature.verify("v1=" + SIGNED, BODY, SECRET, AT, TOLERANCE)).isFalse();
        assertThat(WebhookSignature.verify("t=x,v1=" + SIGNED, BODY, SECRET, AT, TOLERANCE)).isFalse();
        assertThat(WebhookSignature.verify(null, BODY, SECRET, AT, TOLERANCE)).isFalse();
    }
}
