package io.returnflow.events.webhooks;

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
 * The {@code ReturnFlow-Signature} header of a delivery, as Stripe signs its webhooks:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}, one {@code v1=} per secret that signs (two
 * while a rotated-out secret still does). A receiver computes the HMAC over the exact bytes it received with its
 * secret and accepts when any {@code v1} matches and {@code t} is recent.
 */
public final class WebhookSignature {

    public static final String HEADER = "ReturnFlow-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /** The header for this body, signed at {@code timestamp} by each of {@code secrets}. */
    public static String header(long timestamp, byte[] body, List<String> secrets) {
        StringBuilder header = new StringBuilder("t=").append(timestamp);
        for (String secret : secrets) {
            header.append(",v1=").append(v1(secret, timestamp, body));
        }
        return header.toString();
    }

    /** The hex HMAC-SHA256 of {@code "<timestamp>.<body>"} under {@code secret}. */
    public static String v1(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * Whether the header signs {@code body} with {@code secret} at a time within {@code tolerance} of {@code now}.
     * Comparison in constant time; a malformed header is simply not valid.
     */
    public static boolean verify(String header, byte[] body, String secret, Instant now, Duration tolerance) {
        if (header == null || secret == null || secret.isEmpty()) {
            return false;
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (key.equals("v1")) {
                signatures.add(value);
            }
        }
        if (timestamp == null || signatures.isEmpty()
                || Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = v1(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        boolean valid = false;
        for (String signature : signatures) {
            // every candidate compared, so the time taken does not say which matched
            valid |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        }
        return valid;
    }
}
