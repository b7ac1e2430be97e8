package io.returnflow.journey;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.FreightPayerPolicy;
import io.returnflow.returns.LineResolution;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnPolicyFacts;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * Records who bears a return's freight, and prices its refund accordingly: the freight the buyer bears and
 * the restocking fee are deducted ({@link ReturnPricing#refundPlan}); never below zero, never above what the
 * order has left to refund after its other returns. The payer itself is the analysts' table's answer
 * ({@link FreightPayerPolicy}): the journey's "Decide who pays the freight" asks it, and a return the journey
 * refused asks it too, so that its record says who would have paid.
 */
@Service
class FreightPayerPricing {

    private final ReturnRepository returns;
    private final ReturnPolicyFacts facts;
    private final ReturnPricing pricing;
    private final ReturnProgress progress;
    private final Clock clock;

    public FreightPayerPricing(ReturnRepository returns, ReturnPolicyFacts facts, ReturnPricing pricing,
                               ReturnProgress progress, Clock clock) {
        this.returns = returns;
        this.facts = facts;
        this.pricing = pricing;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * Records the payer the table decided and the refund that follows from it, and notes the decision on
     * the return's timeline.
     *
     * @return the refund plan written (its deductions and amount; items total and due as requested)
     */
    public CustomerReturn.RefundPlan record(String returnId, FreightPayerPolicy.Decision decision) {
        // items, freight and payment as the tables' facts were read in this transaction (they never change);
        // of the plan priced here only the deductions and the amount are written, and the order's sum is read live
        CustomerReturn r = facts.asRequested(returnId);
        CustomerReturn.Freight freight = new CustomerReturn.Freight(r.freight().amount(), r.freight().currency(),
                decision.payer(), r.freight().rule());
        Map<String, LineResolution> lines = returns.resolutions(returnId);
        ReturnPricing.Settlement settlement = pricing.settlement(r.items(), lines, freight, r.payment().amountPaid(),
                returns.plannedRefundsOfOrder(r.orderId(), r.id()), RefundTimingPolicy.parse(r.refundPlan().due()));
        CustomerReturn.RefundPlan plan = settlement.refund();
        OffsetDateTime now = OffsetDateTime.now(clock);
        returns.updateFreightPayer(returnId, decision.payer(), plan, now);
        if (lines.values().stream().anyMatch(line -> line.resolution() != Resolution.REFUND)) {
            // the freight and fees come off the refund first, then the credit: the credit may change too
            returns.updateSettlement(returnId, plan, settlement.credit(), settlement.creditBonus(), now);
        }
        progress.note(returnId, "FREIGHT_PAYER", decision.payer().name() + " bears the freight of "
                + r.freight().amount().toPlainString() + " " + r.freight().currency() + " ("
                + FreightPayerPolicy.DECISION_KEY + ": " + decision.rule() + ")", "policy");
        return plan;
    }
}
