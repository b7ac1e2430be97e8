package io.returnflow.payment;

/**
 * The provider took the refund but has not settled it (pending) or failed it: the return must not
 * complete. The refund step retries (same key) and, at the end, raises an incident.
 */
class RefundNotSettledException extends RuntimeException {
    public RefundNotSettledException(String message) {
        super(message);
    }
}
