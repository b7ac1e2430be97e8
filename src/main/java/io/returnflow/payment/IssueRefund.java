package io.returnflow.payment;

import java.math.BigDecimal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * BPMN "Refund the buyer" (asyncBefore, retried): refunds the planned amount to the original charge,
 * exactly once: the ledger and the provider's idempotency key make a retried job harmless.
 */
@Component("issueRefund")
public class IssueRefund implements JavaDelegate {

    private final ReturnRepository returns;
    private final RefundService refunds;
    private final ReturnProgress progress;

    public IssueRefund(ReturnRepository returns, RefundService refunds, ReturnProgress progress) {
        this.returns = returns;
        this.refunds = refunds;
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable("returnId");
        CustomerReturn r = returns.get(returnId);
        BigDecimal amount = r.refundPlan().amount();
        if (amount.signum() == 0) {
            progress.note(returnId, "NOTHING_TO_REFUND", "The refund comes to 0.00 " + r.payment().currency(),
                    "system");
            return;
        }
        Refund refund = refunds.issue(RefundOrder.forReturn(returnId, r.payment().chargeId(), amount,
                r.payment().currency()));
        String detail = amount.toPlainString() + " " + r.payment().currency() + " to charge " + r.payment().chargeId()
                + " (" + refund.providerRefundId() + ")";
        if (refund.status() != Refund.Status.SUCCEEDED) {
            // the journey completes only on money returned: retry, then an incident operations see
            throw new RefundNotSettledException("Refund " + refund.idempotencyKey() + " is " + refund.status()
                    + " at the provider" + (refund.failureReason() == null ? "" : ": " + refund.failureReason()));
        }
        progress.note(returnId, "REFUNDED", "Refunded " + detail, "payment");
    }
}
