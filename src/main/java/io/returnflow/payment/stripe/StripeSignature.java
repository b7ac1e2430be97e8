package io.returnflow.payment.stripe;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The provider's webhook signature, {@code Stripe-Signature: t=<unix seconds>,v1=<hex>}, where
 * {@code v1 = HMAC-SHA256(webhook secret, "<t>.<raw body>")}. Several {@code v1} values may be present
 * (while the provider rolls its secret); one matching is enough. Signatures are compared in constant time,
 * and a timestamp further from now than the tolerance is refused, so a captured delivery cannot be
 * replayed later.
 */
public final class StripeSignature {

    public static final String HEADER = "Stripe-Signature";
    private static final String SCHEME = "v1";
    private static final String HMAC = "HmacSHA256";

    private StripeSignature() {
    }

    /** Why a delivery was not believed; the webhook's 401 says it. */
    public sealed interface Verdict {
        record Valid() implements Verdict {
        }

        record Invalid(String reason) implements Verdict {
        }
    }

    /**
     * Checks {@code header} against the body exactly as received.
     *
     * @param secret    the webhook secret; blank or null refuses everything
     * @param tolerance how far {@code t} may lie from {@code now}, either way
     */
    public static Verdict verify(String header, byte[] rawBody, String secret, Instant now, Duration tolerance) {
        if (secret == null || secret.isBlank()) {
            return new Verdict.Invalid("no webhook secret is configured");
        }
        if (header == null || header.isBlank()) {
            return new Verdict.Invalid("the " + HEADER + " header is missing");
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String element : header.split(",")) {
            int eq = element.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = element.substring(0, eq).trim();
            String value = element.substring(eq + 1).trim();
            if (key.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException notANumber) {
                    return new Verdict.Invalid("the timestamp t is not a number");
                }
            } else if (key.equals(SCHEME)) {
                signatures.add(value);
            }
        }
        if (timestamp == null) {
            return new Verdict.Invalid("the " + HEADER + " header has no timestamp t");
        }
        if (signatures.isEmpty()) {
            return new Verdict.Invalid("the " + HEADER + " header has no " + SCHEME + " signature");
        }
        byte[] expected = sign(secret, timestamp, rawBody).getBytes(StandardCharsets.US_ASCII);
        boolean matches = false;
        for (String signature : signatures) {
            // every candidate is compared, in constant time: how far a guess matched is never told
            matches |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        }
        if (!matches) {
            return new Verdict.Invalid("no " + SCHEME + " signature matches the body");
        }
        long age = now.getEpochSecond() - timestamp;
        if (Math.abs(age) > tolerance.toSeconds()) {
            return new Verdict.Invalid("the signature's timestamp is " + age + " s from now, beyond the tolerance of "
                    + tolerance.toSeconds() + " s");
        }
        return new Verdict.Valid();
    }

    /** The header a provider sends for {@code rawBody} at {@code timestamp} (used by the sandbox provider). */
    public static String header(String secret, long timestamp, byte[] rawBody) {
        return "t=" + timestamp + "," + SCHEME + "=" + sign(secret, timestamp, rawBody);
    }

    /** Lower-case hex of HMAC-SHA256(secret, "<t>.<raw body>"). */
    static String sign(String secret, long timestamp, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(rawBody));
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", impossible);
        }
    }
}
