package io.returnflow.storecredit;

/**
 * The store-credit provider could not be reached, or answered "try again": technical, so the step is retried with
 * the same idempotency key and, at the end, becomes an incident.
 */
public class StoreCreditUnavailableException extends RuntimeException {

    public StoreCreditUnavailableException(String message) {
        super(message);
    }

    public StoreCreditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
