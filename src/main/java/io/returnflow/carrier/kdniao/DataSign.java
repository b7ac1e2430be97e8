package io.returnflow.carrier.kdniao;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Kdniao's envelope signature: {@code Base64( lower-case hex( MD5( RequestData + AppKey ) ) )}, all over
 * UTF-8. Base64 is applied to the 32-character hex <em>text</em>, not to the raw digest (Kdniao's own
 * demo code does it that way). The final URL-encoding Kdniao documents is the form encoding of the field
 * and happens once, when the envelope is written as a form body; inbound fields arrive already decoded.
 */
public final class DataSign {

    private DataSign() {
    }

    /** The signature of {@code requestData} (the raw JSON text, before any URL-encoding). */
    public static String sign(String requestData, String appKey) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] digest = md5.digest((requestData + appKey).getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(digest);
            return Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    }

    /**
     * True when {@code dataSign} signs {@code requestData}; compared in constant time so the answer
     * time says nothing about how much of a forged signature was right.
     */
    public static boolean verify(String requestData, String dataSign, String appKey) {
        if (requestData == null || dataSign == null || appKey == null) {
            return false;
        }
        byte[] expected = sign(requestData, appKey).getBytes(StandardCharsets.US_ASCII);
        byte[] given = dataSign.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
