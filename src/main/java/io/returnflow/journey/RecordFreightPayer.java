package io.returnflow.journey;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.FreightPayerPolicy;
import io.returnflow.returns.RecordItemEligibility;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnPolicyFacts;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * End listener of the business rule task "Decide who pays the freight" (the analysts' table
 * {@code freight-payer}): the return's freight payer, and the refund that follows from it (the freight
 * the buyer bears and the restocking fee are deducted; never below zero, never above what the order
 * has left to refund). Also used for a return the journey refused, so that its record says who
 * would have paid.
 */
@Component("recordFreightPayer")
class RecordFreightPayer implements ExecutionListener {

    private final ReturnRepository returns;
    private final ReturnPolicyFacts facts;
    private final ReturnPricing pricing;
    private final ReturnProgress progress;
    private final Clock clock;

    public RecordFreightPayer(ReturnRepository returns, ReturnPolicyFacts facts, ReturnPricing pricing,
                              ReturnProgress progress, Clock clock) {
        this.returns = returns;
        this.facts = facts;
        this.pricing = pricing;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        DmnDecisionResult result = (DmnDecisionResult) execution.getVariable(RecordItemEligibility.VAR_DECISION_RESULT);
        apply(returnId, FreightPayerPolicy.parse(result == null ? null : result.getFirstResult(),
                "return " + returnId));
    }

    /** Records who pays the freight and prices the refund accordingly. */
    public void apply(String returnId, FreightPayerPolicy.Decision decision) {
        // items, freight and payment as the tables' facts were read in this transaction (they never change);
        // of the plan priced here only the deductions and the amount are written, and the order's sum is read live
        CustomerReturn r = facts.asRequested(returnId);
        CustomerReturn.Freight freight = new CustomerReturn.Freight(r.freight().amount(), r.freight().currency(),
                decision.payer(), r.freight().rule());
        CustomerReturn.RefundPlan plan = pricing.refundPlan(r.items(), freight, r.payment().amountPaid(),
                returns.plannedRefundsOfOrder(r.orderId(), r.id()), RefundTimingPolicy.parse(r.refundPlan().due()));
        returns.updateFreightPayer(returnId, decision.payer(), plan, OffsetDateTime.now(clock));
        progress.note(returnId, "FREIGHT_PAYER", decision.payer().name() + " bears the freight of "
                + r.freight().amount().toPlainString() + " " + r.freight().currency() + " ("
                + FreightPayerPolicy.DECISION_KEY + ": " + decision.rule() + ")", "policy");
    }
}
