package io.returnflow.returns;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.returnflow.returns.CustomerReturn.RefundPlan;

/**
 * Port: what a return refunds (and credits) once its items were inspected. Inspection asks it; the journey's
 * pricing, which knows freight, restocking fees and the resolutions' money rules, answers.
 */
public interface RefundAfterInspection {

    /**
     * The refund plan after inspection: the accepted items' value less the inspector's deductions, less the
     * freight the buyer bears and the restocking fee; never below zero and never above what was planned.
     *
     * @param acceptedValue the accepted quantities at their unit prices
     * @param deductions    what the inspector kept back from them
     */
    RefundPlan afterInspection(RefundPlan planned, BigDecimal acceptedValue, BigDecimal deductions);

    /**
     * Each part after inspection, from its own lines: the accepted pieces of the refunded lines (and the price
     * differences of exchanged lines routed to the refund) less their deductions make the refund part, those of the
     * credited lines (and differences routed to store credit) the credit part; the planned freight and restocking
     * fee come off the refund part first, then the credit part; each part never below zero nor above its plan, the
     * bonus never above the planned bonus. An exchanged line's accepted quantity is what is exchanged.
     *
     * @param planned     the return's parts as planned before the inspection
     * @param items       the return's lines as requested
     * @param resolutions how each line is settled, by line id
     * @param accepted    what the inspector accepted of each line, by line id (a line missing accepted nothing)
     */
    Parts afterInspection(Parts planned, List<ReturnItem> items, Map<String, LineResolution> resolutions,
                          Map<String, AcceptedLine> accepted);

    /**
     * What a return pays back: the refund plan (its amount the refund to the original payment), the store credit
     * (counted against what the order paid) and the bonus on top of the credit (recorded apart).
     */
    record Parts(RefundPlan refund, BigDecimal credit, BigDecimal creditBonus) {
    }

    /** What the inspector accepted of a line: the pieces, and what was kept back from their value. */
    record AcceptedLine(int quantity, BigDecimal deduction) {
    }
}
