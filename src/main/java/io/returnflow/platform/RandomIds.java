package io.returnflow.platform;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The one way the product makes up identifiers: a prefix that says what the id names ({@code R-},
 * {@code SH-}) and random characters from a secure source, so that ids cannot be guessed from one another
 * and need no sequence shared between nodes.
 */
public final class RandomIds {

    /**
     * Characters a person reads out and types back without confusion: digits and capitals without
     * {@code 0 O 1 I L}. Ids customers and clerks see use it.
     */
    public static final String READABLE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /** Digits and letters of both cases, as payment providers write their ids. */
    public static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    /** {@code prefix} and {@code length} characters of {@link #READABLE}. */
    public static String readable(String prefix, int length) {
        return next(prefix, READABLE, length);
    }

    /** {@code prefix} and {@code length} characters drawn from {@code alphabet}. */
    public static String next(String prefix, String alphabet, int length) {
        Objects.requireNonNull(prefix, "prefix");
        if (alphabet == null || alphabet.length() < 2) {
            throw new IllegalArgumentException("An id needs an alphabet of two characters at least");
        }
        if (length < 1) {
            throw new IllegalArgumentException("An id needs one random character at least, was " + length);
        }
        StringBuilder id = new StringBuilder(prefix.length() + length).append(prefix);
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
