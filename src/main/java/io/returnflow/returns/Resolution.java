package io.returnflow.returns;

/**
 * How a returned line is settled. Which of these a line may have is the analysts' decision table
 * {@code return-resolutions} (category, reason, customer tier, price); the buyer, or customer service, chooses
 * among them.
 */
public enum Resolution {
    /** Money back to the original payment. */
    REFUND,
    /** Store credit on the buyer's account, with the bonus the policy sets, recorded apart from the value. */
    STORE_CREDIT,
    /** Another variant of the same product, or another product of equal or lower price. */
    EXCHANGE
}
