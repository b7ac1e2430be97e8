package io.returnflow.exchange;

/** The shop could not be reached or failed technically: retry with the same exchange order id. */
public class CommerceUnavailableException extends RuntimeException {

    public CommerceUnavailableException(String message) {
        super(message);
    }

    public CommerceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
