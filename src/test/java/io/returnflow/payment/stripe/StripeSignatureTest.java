package io.returnflow.payment.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** {@code Stripe-Signature}: HMAC-SHA256 over "<t>.<raw body>", with a timestamp tolerance. */
class StripeSignatureTest {

    private static final String SECRET = "whsec_test";
    private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
    private static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"refund.updated\",\"note\":\"退款\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTheTimestampDotRawBodyWithHmacSha256() {
        // computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        assertThat(StripeSignature.sign(SECRET, 1700000000L, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
    }

    @Test
    void aGoodSignatureIsValid() {
        String header = StripeSignature.header(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(verify(header, BODY)).isInstanceOf(StripeSignature.Verdict.Valid.class);
        assertThat(verify(header.replace(",", ", "), BODY)).as("spaces after commas")
                .isInstanceOf(StripeSignature.Verdict.Valid.class);
    }

    @Test
    void oneMatchingV1AmongSeveralIsEnough() {
        String good = StripeSignature.sign(SECRET, NOW.getEpochSecond(), BODY);
        String header = "t=" + NOW.getEpochSecond() + ",v1=" + "0".repeat(64) + ",v1=" + good + ",v0=ignored";

        assertThat(verify(header, BODY)).isInstanceOf(StripeSignature.Verdict.Valid.class);
    }

    @Test
    void aSignatureOfAnotherBodyOrUnderAnotherSecretIsInvalid() {
        String header = StripeSignature.header(SECRET, NOW.getEpochSecond(), BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("evt_1", "evt_2")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(verify(header, tampered)).isInstanceOf(StripeSignature.Verdict.Invalid.class);
        assertThat(verify(StripeSignature.header("whsec_other", NOW.getEpochSecond(), BODY), BODY))
                .isInstanceOf(StripeSignature.Verdict.Invalid.class);
        assertThat(verify(header.toUpperCase(), BODY)).isInstanceOf(StripeSignature.Verdict.Invalid.class);
        // the timestamp is signed too: moving it breaks the signature
        String moved = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() - 1));
        assertThat(verify(moved, BODY)).isInstanceOf(StripeSignature.Verdict.Invalid.class);
    }

    @Test
    void aStaleSignatureIsInvalidEvenWhenItMatches() {
        long stale = NOW.getEpochSecond() - TOLERANCE.toSeconds() - 1;
        long justInTime = NOW.getEpochSecond() - TOLERANCE.toSeconds();

        assertThat(verify(StripeSignature.header(SECRET, stale, BODY), BODY))
                .isInstanceOfSatisfying(StripeSignature.Verdict.Invalid.class,
                        invalid -> assertThat(invalid.reason()).contains("tolerance"));
        assertThat(verify(StripeSignature.header(SECRET, justInTime, BODY), BODY))
                .isInstanceOf(StripeSignature.Verdict.Valid.class);
        assertThat(verify(StripeSignature.header(SECRET, NOW.getEpochSecond() + 3600, BODY), BODY))
                .as("far in the future").isInstanceOf(StripeSignature.Verdict.Invalid.class);
    }

    @Test
    void aMissingOrMalformedHeaderIsInvalid() {
        String good = StripeSignature.sign(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(verify(null, BODY)).isInstanceOf(StripeSignature.Verdict.Invalid.class);
        assertThat(verify("", BODY)).isInstanceOf(StripeSignature.Verdict.Invalid.class);
        assertThat(verify("v1=" + good, BODY)).isInstanceOf(StripeSignature.Verdict.Invalid.class);
        assertThat(verify("t=" + NOW.getEpochSecond(), BODY)).isInstanceOf(StripeSignature.Verdict.Invalid.class);
        assertThat(verify("t=soon,v1=" + good, BODY)).isInstanceOf(StripeSignature.Verdict.Invalid.class);
    }

    @Test
    void withoutASecretNothingIsBelieved() {
        String header = StripeSignature.header(SECRET, NOW.getEpochSecond(), BODY);

        assertThat(StripeSignature.verify(header, BODY, "", NOW, TOLERANCE))
                .isInstanceOf(StripeSignature.Verdict.Invalid.class);
        assertThat(StripeSignature.verify(header, BODY, null, NOW, TOLERANCE))
                .isInstanceOf(StripeSignature.Verdict.Invalid.class);
    }

    private static StripeSignature.Verdict verify(String header, byte[] body) {
        return StripeSignature.verify(header, body, SECRET, NOW, TOLERANCE);
    }
}
