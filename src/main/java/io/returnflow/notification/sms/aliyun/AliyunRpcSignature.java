package io.returnflow.notification.sms.aliyun;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba Cloud's RPC request signature, version 1.0 ({@code SignatureMethod=HMAC-SHA1},
 * {@code SignatureVersion=1.0}), as its "RPC signature" page documents it:
 * <ol>
 *   <li>every request parameter but {@code Signature}, sorted by name (byte order), each name and value
 *       percent-encoded, joined as {@code name=value} with {@code &} (the canonicalized query);</li>
 *   <li>the string to sign: {@code <HTTP method>&%2F&<percent-encoded canonicalized query>};</li>
 *   <li>Base64 of HMAC-SHA1 over it, keyed with the AccessKey secret followed by {@code &}.</li>
 * </ol>
 * Percent-encoding is RFC 3986 over UTF-8: {@code A-Z a-z 0-9 - _ . ~} stay, everything else is {@code %XX}
 * in upper-case hex (so a space is {@code %20}, never {@code +}, and {@code *} is {@code %2A}).
 *
 * <p>Used both ways: the adapter signs what it sends, the sandbox provider checks what it receives.
 */
public final class AliyunRpcSignature {

    public static final String METHOD = "HMAC-SHA1";
    public static final String VERSION = "1.0";
    public static final String SIGNATURE = "Signature";
    private static final String HMAC = "HmacSHA1";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AliyunRpcSignature() {
    }

    /** The signature of {@code parameters} (any {@code Signature} among them is left out) for this method. */
    public static String sign(String httpMethod, Map<String, String> parameters, String accessKeySecret) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec((accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), HMAC));
            byte[] digest = mac.doFinal(stringToSign(httpMethod, parameters).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /** Whether {@code signature} is the one of these parameters, compared in constant time. */
    public static boolean verifies(String httpMethod, Map<String, String> parameters, String accessKeySecret,
                                   String signature) {
        if (signature == null) {
            return false;
        }
        byte[] expected = sign(httpMethod, parameters, accessKeySecret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code <METHOD>&%2F&<percent-encoded canonicalized query>}. */
    static String stringToSign(String httpMethod, Map<String, String> parameters) {
        return httpMethod + "&" + percentEncode("/") + "&" + percentEncode(canonicalizedQuery(parameters));
    }

    /** The parameters but {@code Signature}, sorted by name, as {@code name=value&...}, each part percent-encoded. */
    static String canonicalizedQuery(Map<String, String> parameters) {
        // String's natural order compares UTF-16 units: the same as byte order for the ASCII names Aliyun uses
        return new TreeMap<>(parameters).entrySet().stream()
                .filter(parameter -> !SIGNATURE.equals(parameter.getKey()))
                .map(parameter -> percentEncode(parameter.getKey()) + "=" + percentEncode(parameter.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** RFC 3986 percent-encoding of the UTF-8 bytes: only {@code A-Z a-z 0-9 - _ . ~} stay as they are. */
    public static String percentEncode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0F]);
            }
        }
        return encoded.toString();
    }
}
