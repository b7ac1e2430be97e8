package io.returnflow.risk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

import io.returnflow.returns.CustomerReturn;

/**
 * The forms in which contacts are compared across buyers: a key (SHA-256, hex) of the normalised phone or address,
 * so that two spellings of one phone or address match and neither is copied anywhere. Also how cities compare.
 */
final class ContactKeys {

    private static final String CHINA = "86";
    /** A mainland mobile number: 11 digits starting with 1. */
    private static final int MOBILE_DIGITS = 11;

    private ContactKeys() {
    }

    /** Digits only, without China's country code ({@code +86 138-0013-8000} = {@code 13800138000}); null for none. */
    static String phoneKey(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.startsWith("00" + CHINA) && digits.length() == MOBILE_DIGITS + 4) {
            digits = digits.substring(4);
        } else if (digits.startsWith(CHINA) && digits.length() == MOBILE_DIGITS + 2) {
            digits = digits.substring(2);
        }
        return digits.isEmpty() ? null : sha256("phone:" + digits);
    }

    /** Province, city, district and street line, with width, case, spaces and punctuation ignored; null for none. */
    static String addressKey(CustomerReturn.PickupAddress address) {
        if (address == null) {
            return null;
        }
        String text = plain(address.province()) + "|" + plain(address.city()) + "|" + plain(address.district())
                + "|" + plain(address.line());
        return text.replace("|", "").isEmpty() ? null : sha256("address:" + text);
    }

    /** A city as compared with another: {@code 上海市}, {@code 上海} and {@code " 上海 "} are one city. */
    static String city(String city) {
        String plain = plain(city);
        return plain.endsWith("市") ? plain.substring(0, plain.length() - 1) : plain;
    }

    private static String plain(String text) {
        if (text == null) {
            return "";
        }
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}]", "");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
