package io.returnflow.storecredit;

/**
 * The store-credit provider answered something that is neither a credit, nor a refusal, nor "try again": a code
 * the protocol does not list, or another request under our idempotency key. Its outcome is not guessed: the step
 * stops with an incident that says what came back, nothing is recorded as issued, and the next try looks the credit
 * up by its reference before sending anything.
 */
public class StoreCreditParkedException extends RuntimeException {

    private final String code;

    public StoreCreditParkedException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The provider's code, when it gave one. */
    public String code() {
        return code;
    }
}
