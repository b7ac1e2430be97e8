package io.returnflow.returns;

/**
 * When a return's refund is due, as the analysts' table {@code processes/refund-timing.dmn} decides
 * (the return's {@code refund.due}).
 */
public enum RefundTiming {
    /** As soon as the parcel leaves the buyer: the store's check-in or the courier's collection. */
    AT_DROP_OFF,
    /** When the warehouse signs for the parcel. */
    AT_WAREHOUSE_RECEIPT,
    /** When the inspection (by hand, or the automatic acceptance) has decided the amount. */
    AFTER_INSPECTION
}
