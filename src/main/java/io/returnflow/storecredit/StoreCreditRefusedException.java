package io.returnflow.storecredit;

/**
 * The store-credit provider refused the credit for good (one of the protocol's refusal codes, e.g.
 * {@code account_closed}): nothing was credited, and trying again under the same key would only replay the refusal.
 */
public class StoreCreditRefusedException extends RuntimeException {

    private final String code;

    public StoreCreditRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The provider's code. */
    public String code() {
        return code;
    }
}
