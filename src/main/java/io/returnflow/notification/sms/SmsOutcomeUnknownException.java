package io.returnflow.notification.sms;

import java.time.Duration;

/**
 * The provider may or may not have taken the message: its answer was lost (a timeout, a broken connection, a 5xx,
 * an unreadable body) or was a code the adapter does not know. Neither sent nor refused: the message is tried again
 * later like any {@link SmsUnavailableException}, and the adapter first asks the provider whether it already has
 * it, so that the buyer never gets it twice. A sender may count these apart (they are worth an operator's look
 * when they pile up).
 */
public class SmsOutcomeUnknownException extends SmsUnavailableException {

    /** @param retryAfter how long to wait at least (e.g. until the provider's records can show the message); or null */
    public SmsOutcomeUnknownException(String message, Duration retryAfter, Throwable cause) {
        super(message, retryAfter, cause);
    }
}
