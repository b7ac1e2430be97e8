package io.returnflow.returns;

/**
 * What the warehouse does with a returned line, whatever the buyer got for it (refund, store credit or an
 * exchange): recorded per line at inspection (or as {@link #RESTOCK} when the line was not inspected by hand),
 * and told to the merchant as an event of its own.
 */
public enum Disposition {
    /** Back on the shelf, sellable as new. */
    RESTOCK,
    /** Repaired or repackaged before it is sold again. */
    REFURBISH,
    /** Thrown away or recycled. */
    DISPOSE,
    /** Sent back to the vendor. */
    RETURN_TO_VENDOR
}
