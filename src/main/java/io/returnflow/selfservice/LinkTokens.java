package io.returnflow.selfservice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import io.returnflow.platform.Hkdf;

/**
 * The token of a return link: {@code <link id>.<expiry, epoch seconds>.<HMAC-SHA256 of both, Base64url>}. The
 * signature is what makes it unguessable: the id alone opens nothing. The key is derived (HKDF) from
 * {@code returnflow.self-service.link-secret} for this purpose only, and signatures are compared in constant time.
 */
@Component
class LinkTokens {

    private static final byte[] LABEL = "returnflow return-link v1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_BYTES = 32;
    private static final int MIN_SECRET_BYTES = 32;
    private static final String MAC = "HmacSHA256";
    /** Generous bounds on each part, so that nothing longer is ever decoded or hashed. */
    private static final Pattern SHAPE = Pattern.compile("(RL-[0-9A-Z]{4,28})\\.([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");

    /** A key of its own for the code images' paths: a signature of one kind never stands for the other. */
    private static final byte[] IMAGE_LABEL = "returnflow drop-off-code-image v1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern IMAGE_SIGNATURE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecretKeySpec key;
    private final SecretKeySpec imageKey;

    LinkTokens(SelfServiceProperties properties) {
        this.key = key(properties.linkSecret(), LABEL);
        this.imageKey = key(properties.linkSecret(), IMAGE_LABEL);
    }

    /** The signature of the path to a return's drop-off code image (Base64url of an HMAC-SHA256). */
    String signCodeImage(String returnId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(imageKey, "code-image:" + returnId));
    }

    /** Whether the signature is the one of that return's code image (in constant time). */
    boolean verifyCodeImage(String returnId, String signature) {
        if (imageKey == null || returnId == null || signature == null
                || !IMAGE_SIGNATURE.matcher(signature).matches()) {
            return false;
        }
        return sameSignature(mac(imageKey, "code-image:" + returnId), signature);
    }

    /** Whether links can be made and opened: a secret is configured. */
    boolean configured() {
        return key != null;
    }

    String sign(String linkId, Instant expiresAt) {
        String signed = linkId + "." + expiresAt.getEpochSecond();
        return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(signed));
    }

    /** The link a token stands for, when its signature is right; empty for anything else. */
    Optional<Signed> verify(String token) {
        if (key == null || token == null) {
            return Optional.empty();
        }
        var parts = SHAPE.matcher(token);
        if (!parts.matches()) {
            return Optional.empty();
        }
        String signed = parts.group(1) + "." + parts.group(2);
        if (!sameSignature(mac(signed), parts.group(3))) {
            return Optional.empty();
        }
        return Optional.of(new Signed(parts.group(1), Instant.ofEpochSecond(Long.parseLong(parts.group(2)))));
    }

    /**
     * Compares the signature as written, in constant time: the last of 43 Base64url characters carries two bits that
     * decoding drops, so comparing decoded bytes would take four spellings of one signature (and of one token).
     */
    private static boolean sameSignature(byte[] mac, String given) {
        byte[] expected = Base64.getUrlEncoder().withoutPadding().encodeToString(mac)
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] mac(String signed) {
        return mac(key, signed);
    }

    private static byte[] mac(SecretKeySpec key, String signed) {
        if (key == null) {
            throw new IllegalStateException("returnflow.self-service.link-secret is not set");
        }
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static SecretKeySpec key(String secret, byte[] label) {
        if (secret == null || secret.isBlank()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("returnflow.self-service.link-secret is not Base64", e);
        }
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("returnflow.self-service.link-secret has " + bytes.length
                    + " bytes; it needs at least " + MIN_SECRET_BYTES + " (openssl rand -base64 32)");
        }
        return new SecretKeySpec(Hkdf.derive(null, bytes, label, KEY_BYTES), MAC);
    }

    /** What a genuine token says: the link and until when it opens the page. */
    record Signed(String linkId, Instant expiresAt) {
    }
}
