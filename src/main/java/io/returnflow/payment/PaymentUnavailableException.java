package io.returnflow.payment;

/** The provider could not be reached or failed technically: retry with the same idempotency key. */
public class PaymentUnavailableException extends RuntimeException {
    public PaymentUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public PaymentUnavailableException(String message) {
        super(message);
    }
}
