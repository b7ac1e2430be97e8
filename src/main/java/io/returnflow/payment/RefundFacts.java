package io.returnflow.payment;

import io.returnflow.returns.ReturnProgress;

/**
 * The refund's facts on the return's timeline, each recorded once: the success once per return (a return is
 * refunded once: its ledger entry, once SUCCEEDED, never moves), a failure once per try (each try a person
 * decides on has a key of its own). So the step at receipt that only confirms the refund at hand-over, or that
 * meets a failure the hand-over already reported, adds no second {@code REFUNDED} or {@code REFUND_FAILED}
 * (and the merchant no second {@code refund.succeeded} or {@code refund.failed}).
 */
final class RefundFacts {

    static final String REFUNDED = "REFUNDED";
    static final String REFUNDED_ELSEWHERE = "REFUNDED_ELSEWHERE";
    static final String REFUND_FAILED = "REFUND_FAILED";
    private static final String SUCCEEDED_KEY = "refund:succeeded";
    private static final String FAILED_KEY = "refund:failed:";

    private RefundFacts() {
    }

    /** The return's refund succeeded ({@code type}: refunded, or refunded elsewhere); whether that was news. */
    static boolean succeeded(ReturnProgress progress, String returnId, String type, String detail, String actor) {
        return progress.noteOnce(returnId, type, detail, actor, SUCCEEDED_KEY);
    }

    /**
     * The try under {@code idempotencyKey} failed; whether that was news.
     *
     * @param idempotencyKey the ledger's key of the try; null when the ledger has none (recorded every time)
     */
    static boolean failed(ReturnProgress progress, String returnId, String idempotencyKey, String detail) {
        if (idempotencyKey == null) {
            progress.note(returnId, REFUND_FAILED, detail, "payment");
            return true;
        }
        return progress.noteOnce(returnId, REFUND_FAILED, detail, "payment", FAILED_KEY + idempotencyKey);
    }
}
