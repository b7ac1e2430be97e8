package io.returnflow.payment;

/** The provider answered and refused the refund (e.g. charge already refunded, amount too large). */
public class RefundRefusedException extends RuntimeException {
    private final String code;

    public RefundRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
