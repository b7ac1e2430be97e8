package io.returnflow.dropoff;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * A drop-off code as buyers read it aloud and clerks type it: {@code 7K3Q-9XPM-2T}.
 *
 * <p>Nine random characters from a 31-letter alphabet without look-alikes (no 0/O, 1/I/L) give
 * 44 bits of randomness; a tenth, the check character, makes the weighted sum of all ten (weights 10
 * down to 1, by position) a multiple of 31. As 31 is prime and the weights differ, any single mistyped
 * character and any swap of two characters is caught before the database is asked. (Luhn mod 31 was
 * not enough: it misses the swap of the alphabet's first and last characters, {@code 2Z} ↔ {@code Z2}.)
 * Case and separators do not matter when typed.
 */
public record DropOffCode(String value) {

    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    static final int RANDOM_LENGTH = 9;
    private static final int N = ALPHABET.length();
    /** More than any scanner or clerk adds around a code (spaces, dashes): longer input is no code. */
    private static final int MAX_TYPED_LENGTH = 64;

    public DropOffCode {
        if (value == null || value.length() != RANDOM_LENGTH + 1 || !hasValidCheck(value)) {
            throw new IllegalArgumentException("not a valid drop-off code");
        }
    }

    public static DropOffCode generate(SecureRandom random) {
        StringBuilder body = new StringBuilder(RANDOM_LENGTH + 1);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            body.append(ALPHABET.charAt(random.nextInt(N)));
        }
        body.append(checkCharacter(body));
        return new DropOffCode(body.toString());
    }

    /**
     * Reads what a clerk typed or scanned. Empty when it cannot be a code (wrong characters, wrong
     * length or a failing check character): a typo, told apart without any lookup.
     */
    public static Optional<DropOffCode> parse(String typed) {
        if (typed == null || typed.length() > MAX_TYPED_LENGTH) {
            return Optional.empty();
        }
        String canonical = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
        if (canonical.length() != RANDOM_LENGTH + 1) {
            return Optional.empty();
        }
        for (char c : canonical.toCharArray()) {
            if (ALPHABET.indexOf(c) < 0) {
                return Optional.empty();
            }
        }
        return hasValidCheck(canonical) ? Optional.of(new DropOffCode(canonical)) : Optional.empty();
    }

    /** Grouped for reading aloud: 4-4-2. */
    public String display() {
        return value.substring(0, 4) + "-" + value.substring(4, 8) + "-" + value.substring(8);
    }

    /** The character that makes {@code Σ weight(i) · value(i)} over the ten characters a multiple of 31. */
    static char checkCharacter(CharSequence body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum += (RANDOM_LENGTH + 1 - i) * ALPHABET.indexOf(body.charAt(i));
        }
        // the check character has weight 1
        return ALPHABET.charAt((N - sum % N) % N);
    }

    private static boolean hasValidCheck(String code) {
        for (char c : code.toCharArray()) {
            if (ALPHABET.indexOf(c) < 0) {
                return false;
            }
        }
        return checkCharacter(code.substring(0, RANDOM_LENGTH)) == code.charAt(RANDOM_LENGTH);
    }

    @Override
    public String toString() {
        return display();
    }
}
