package io.returnflow.notification;

import java.util.regex.Pattern;

/**
 * Takes e-mail addresses and phone numbers out of a failure's text before it is logged or stored
 * ({@code notifications.last_error}, shown by {@code GET /api/returns/{id}/notifications}): a mail server's or an SMS
 * provider's refusal often quotes the buyer's address ({@code 550 5.1.1 <zs@example.com>: Recipient address
 * rejected}). Reply codes, provider codes and short numbers stay.
 */
final class PersonalDataMask {

    static final String EMAIL = "<e-mail address>";
    static final String PHONE = "<phone number>";

    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^\\s<>()\\[\\]\"',;:@]+@[^\\s<>()\\[\\]\"',;:@]+");
    /** Seven digits or more, as people write numbers (blanks, dashes, a leading +), not part of a longer word. */
    private static final Pattern PHONE_NUMBER = Pattern.compile(
            "(?<![\\p{L}\\p{N}._^+-])\\+?[0-9](?:[ -]?[0-9]){6,}(?![\\p{L}\\p{N}^])");

    private PersonalDataMask() {
    }

    /** The text with each e-mail address and phone number replaced by a placeholder; null stays null. */
    static String masked(String text) {
        if (text == null) {
            return null;
        }
        String withoutEmails = EMAIL_ADDRESS.matcher(text).replaceAll(EMAIL);
        return PHONE_NUMBER.matcher(withoutEmails).replaceAll(PHONE);
    }
}
