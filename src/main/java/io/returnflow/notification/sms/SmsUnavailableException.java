package io.returnflow.notification.sms;

import java.time.Duration;

/**
 * The provider could not take the message now, or its answer was lost: try again later. When it may have taken the
 * message (a lost answer, a code the adapter does not know) the subclass {@link SmsOutcomeUnknownException} says so:
 * the message waits instead of being taken for sent or for refused.
 */
public class SmsUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    /** @param retryAfter how long to wait at least, when the provider said so; null otherwise */
    public SmsUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public SmsUnavailableException(String message) {
        this(message, null, null);
    }

    /** How long to wait at least, when the provider said so; null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
