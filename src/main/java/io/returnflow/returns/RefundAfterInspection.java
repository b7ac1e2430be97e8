package io.returnflow.returns;

import java.math.BigDecimal;

import io.returnflow.returns.CustomerReturn.RefundPlan;

/**
 * Port: what a return refunds once its items were inspected. Inspection asks it; the journey's pricing, which
 * knows freight and restocking fees, answers.
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
}
