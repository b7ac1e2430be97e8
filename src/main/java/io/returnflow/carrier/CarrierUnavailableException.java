package io.returnflow.carrier;

/** The carrier could not be reached or failed technically: the job retries, then raises an incident. */
public class CarrierUnavailableException extends RuntimeException {
    public CarrierUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public CarrierUnavailableException(String message) {
        super(message);
    }
}
