package io.returnflow.notification.sms;

/** What the provider did with a message. */
public sealed interface SmsResult {

    /**
     * Taken; {@code providerMessageId} is the provider's receipt (Aliyun's {@code BizId}), or null when the message
     * was found among the provider's records after a lost answer (a lookup that does not give the receipt).
     */
    record Sent(String providerMessageId) implements SmsResult {
    }

    /** Refused for good, with the provider's code and message: sending it again cannot help. */
    record Rejected(String code, String reason) implements SmsResult {
    }
}
