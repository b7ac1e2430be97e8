package io.returnflow.carrier.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * An entry about to be stored. Its de-duplication key is the SHA-256 of request type, order code and
 * the entry's canonical JSON: a re-pushed entry (carriers re-push when unsure of the acknowledgement)
 * has the same key; a newer snapshot for the same order has another.
 */
public record NewInboxEntry(String requestType, String orderCode, String returnId, String payload,
                            OffsetDateTime pushedAt, InboxStatus status, String lastError) {

    public static NewInboxEntry pending(String requestType, String orderCode, String returnId, String payload,
                                        OffsetDateTime pushedAt) {
        return new NewInboxEntry(requestType, orderCode, returnId, payload, pushedAt, InboxStatus.PENDING, null);
    }

    public static NewInboxEntry parked(String requestType, String payload, String reason) {
        return new NewInboxEntry(requestType, null, null, payload, null, InboxStatus.PARKED, reason);
    }

    public String dedupKey() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            String text = nullToEmpty(requestType) + '\n' + nullToEmpty(orderCode) + '\n' + nullToEmpty(payload);
            return HexFormat.of().formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
