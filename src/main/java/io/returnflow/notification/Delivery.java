package io.returnflow.notification;

import java.time.Duration;

/** What became of one try to send a message. */
sealed interface Delivery {

    /** The provider took it; {@code receipt} is its id for it (the e-mail's Message-ID, the SMS provider's id). */
    record Sent(String receipt) implements Delivery {
    }

    /** Refused for good: trying again cannot help (a malformed address, a number the provider refuses). */
    record Refused(String reason) implements Delivery {
    }

    /**
     * Not taken now, or its outcome is unknown: tried again later.
     *
     * @param notBefore how long the provider asked to wait at least; null when it did not say
     */
    record TryLater(String reason, Duration notBefore) implements Delivery {
    }
}
