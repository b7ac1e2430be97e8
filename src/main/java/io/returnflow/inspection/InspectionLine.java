package io.returnflow.inspection;

import java.math.BigDecimal;

/**
 * One row of the inspection form ({@code inspectionItems}): a returned line as the inspector found it.
 *
 * @param quantity         how many were returned (shown; the server uses the stored quantity)
 * @param unitPrice        the price paid per piece (shown; the server uses the stored price)
 * @param condition        {@link Condition} name
 * @param acceptedQuantity how many pieces are taken back, 0..quantity
 * @param deduction        what is kept back from the accepted pieces' value, 0..their value
 * @param deductionReason  why (required with a deduction, and for a rejected line)
 * @param disposition      {@link io.returnflow.returns.Disposition} name: what the warehouse does with the line,
 *                         whatever the buyer gets for it
 */
public record InspectionLine(String lineId, String name, Integer quantity, BigDecimal unitPrice, String condition,
                             Integer acceptedQuantity, BigDecimal deduction, String deductionReason,
                             String disposition) {

    /** The state an item came back in. */
    public enum Condition {
        /** Unused, with tags and packaging: resold as new. */
        NEW,
        /** Worn or opened, otherwise fine. */
        USED,
        /** Broken, stained or incomplete. */
        DAMAGED
    }
}
