package io.returnflow.risk;

/**
 * What a rule of the analysts' table {@code return-risk} may ask for (its output {@code action}). No rule firing
 * allows the return as it is.
 */
public enum RiskAction {
    /** The refund waits for a manual inspection of the parcel. */
    HOLD_REFUND,
    /** An inspector looks at the parcel (and the refund waits for the inspection's result). */
    REQUIRE_INSPECTION,
    /** Customer service reviews the return before the parcel is handed over: approve, inspect or reject. */
    CUSTOMER_SERVICE_REVIEW,
    /** No exchange item ships before the returned parcel has been received. */
    REFUSE_INSTANT_EXCHANGE
}
