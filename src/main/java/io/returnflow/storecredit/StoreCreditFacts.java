package io.returnflow.storecredit;

import io.returnflow.returns.ReturnProgress;

/**
 * The store credit's facts on the return's timeline, each recorded once: the credit issued once per return (an
 * ISSUED ledger row never moves), a refusal once per try (each try a person decides on has a key of its own). So a
 * step that only confirms an earlier credit adds no second {@code STORE_CREDIT_ISSUED}, and the merchant hears no
 * second {@code store_credit.issued}.
 */
final class StoreCreditFacts {

    static final String ISSUED = "STORE_CREDIT_ISSUED";
    static final String FAILED = "STORE_CREDIT_FAILED";
    static final String ACTOR = "store-credit";
    private static final String ISSUED_KEY = "store-credit:issued";
    private static final String FAILED_KEY = "store-credit:failed:";

    private StoreCreditFacts() {
    }

    /** The return's credit is on the buyer's account; whether that was news. */
    static boolean issued(ReturnProgress progress, String returnId, String detail, String actor) {
        return progress.noteOnce(returnId, ISSUED, detail, actor, ISSUED_KEY);
    }

    /** The try under {@code idempotencyKey} was refused; whether that was news. */
    static boolean failed(ReturnProgress progress, String returnId, String idempotencyKey, String detail) {
        return progress.noteOnce(returnId, FAILED, detail, ACTOR, FAILED_KEY + idempotencyKey);
    }

    /** {@code 99.00 + bonus 10.00 CNY}. */
    static String money(StoreCredit credit) {
        return credit.amount().toPlainString() + " + bonus " + credit.bonus().toPlainString() + " "
                + credit.currency();
    }
}
