package io.returnflow.platform;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): derives independent keys from one secret, one per purpose (its
 * {@code info} label), so that a secret is never used directly as the key of two algorithms.
 */
public final class Hkdf {

    private static final String HMAC = "HmacSHA256";
    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    /**
     * Extract then expand.
     *
     * @param salt   optional (null or empty: a string of hash-length zeros, as RFC 5869 says)
     * @param ikm    the input keying material, e.g. a configured secret
     * @param info   what the key is for; different labels give independent keys
     * @param length bytes wanted, at most 255 × 32
     */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    /** HKDF-Extract: the pseudorandom key. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        byte[] key = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        return hmac(key).doFinal(ikm);
    }

    /** HKDF-Expand of a pseudorandom key. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 gives 1 to " + 255 * HASH_LENGTH + " bytes, not " + length);
        }
        Mac mac = hmac(prk);
        ByteArrayOutputStream okm = new ByteArrayOutputStream(length);
        byte[] previous = new byte[0];
        for (int i = 1; okm.size() < length; i++) {
            mac.update(previous);
            mac.update(info == null ? new byte[0] : info);
            mac.update((byte) i);
            previous = mac.doFinal();
            okm.write(previous, 0, Math.min(previous.length, length - okm.size()));
        }
        return okm.toByteArray();
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
