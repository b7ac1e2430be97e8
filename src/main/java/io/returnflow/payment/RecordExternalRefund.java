package io.returnflow.payment;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * BPMN "Record refund made elsewhere", after customer service (or operations) chose REFUNDED_ELSEWHERE in
 * "Resolve refund failure": the buyer got the money by another channel (a bank transfer, a voucher).
 *
 * <p>The ledger's rules are {@link RefundService#recordMadeElsewhere}'s: the return's one refund row becomes
 * {@code SUCCEEDED}, made elsewhere, and the provider is never asked to refund this return again. This step
 * reads the decision's variables, hands them over, and notes on the timeline who recorded which reference.
 * It runs in the task completion's transaction: the ledger, the timeline and the task move together or not
 * at all.
 */
@Component("recordExternalRefund")
class RecordExternalRefund implements JavaDelegate {

    /** String: the other channel's reference, from the task's form. */
    public static final String VAR_EXTERNAL_REFUND_REFERENCE = "externalRefundReference";

    private final ReturnRepository returns;
    private final RefundService refunds;
    private final ReturnProgress progress;

    public RecordExternalRefund(ReturnRepository returns, RefundService refunds, ReturnProgress progress) {
        this.returns = returns;
        this.refunds = refunds;
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable("returnId");
        Object given = execution.getVariable(VAR_EXTERNAL_REFUND_REFERENCE);
        Object decidedBy = execution.getVariable(ReturnJourney.VAR_DECIDED_BY);
        String recordedBy = decidedBy == null ? "unknown" : decidedBy.toString();
        CustomerReturn.RefundTerms terms = returns.refundTerms(returnId);
        Refund refund = refunds.recordMadeElsewhere(
                RefundOrder.forReturn(returnId, terms.chargeId(), terms.amount(), terms.currency()),
                given == null ? null : given.toString(), recordedBy);
        RefundFacts.succeeded(progress, returnId, RefundFacts.REFUNDED_ELSEWHERE, "Refunded "
                + refund.amount().toPlainString() + " " + refund.currency() + " by another channel, reference "
                + refund.externalReference(), recordedBy);
    }
}
