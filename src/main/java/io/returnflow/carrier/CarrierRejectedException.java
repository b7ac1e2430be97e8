package io.returnflow.carrier;

/** The carrier answered and refused the request (a business outcome, not a retry). */
public class CarrierRejectedException extends RuntimeException {
    private final String resultCode;

    public CarrierRejectedException(String resultCode, String message) {
        super(message);
        this.resultCode = resultCode;
    }

    public String resultCode() {
        return resultCode;
    }
}
