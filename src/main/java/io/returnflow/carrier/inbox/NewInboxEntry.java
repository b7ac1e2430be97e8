package io.returnflow.carrier.inbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;

import io.returnflow.platform.Text;

/**
 * An entry about to be stored. Its de-duplication key is the SHA-256 of request type, order code and
 * the entry's canonical JSON: a re-pushed entry (carriers re-push when unsure of the acknowledgement)
 * has the same key; a newer snapshot for the same order has another.
 *
 * <p>The key is made of what was received, not of what fits the columns: a parked entry's request type
 * is cut to fit its column (the caller's reason carries it whole), yet two request types that differ
 * only after the cut are still two entries.
 */
public record NewInboxEntry(String dedupKey, String requestType, String orderCode, String returnId, String payload,
                            OffsetDateTime pushedAt, InboxStatus status, String lastError) {

    /** An entry for the processor; its fields must fit the inbox's columns (see {@link CarrierInbox}). */
    public static NewInboxEntry pending(String requestType, String orderCode, String returnId, String payload,
                                        OffsetDateTime pushedAt) {
        return new NewInboxEntry(key(requestType, orderCode, payload), requestType, orderCode, returnId, payload,
                pushedAt, InboxStatus.PENDING, null);
    }

    /** An entry for operations: kept whole in {@code payload}, with the reason it cannot be processed. */
    public static NewInboxEntry parked(String requestType, String payload, String reason) {
        return new NewInboxEntry(key(requestType, null, payload),
                Text.fit(requestType, CarrierInbox.MAX_REQUEST_TYPE_LENGTH), null, null, payload, null,
                InboxStatus.PARKED, reason);
    }

    private static String key(String requestType, String orderCode, String payload) {
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
