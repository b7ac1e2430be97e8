package io.returnflow.payment;

import java.util.Optional;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnProgress;

/**
 * BPMN "Refund the buyer" (asyncBefore, retried): refunds the planned amount to the original charge,
 * exactly once: the ledger and the provider's idempotency key make a retried job harmless.
 *
 * <p>Outcomes: a refund that succeeded completes the step; so does one that already succeeded (at
 * hand-over), which is confirmed and not sent again. A refund the provider refused, or
 * accepted and then failed, is a business outcome: the ledger says FAILED, the timeline says why, and
 * the BPMN error {@value #REFUND_FAILED} (message: the provider's reason) hands it to customer service.
 * A refund still pending, or a provider that cannot be reached, is technical: the step is retried
 * (same key) and in the end raises an incident.
 */
@Component("issueRefund")
class IssueRefund implements JavaDelegate {

    /** The error code of {@code Event_RefundFailed}. */
    public static final String REFUND_FAILED = "REFUND_FAILED";
    /** Set by the form of "Resolve refund failure". */
    static final String VAR_REFUND_FAILURE_DECISION = "refundFailureDecision";
    private static final String RETRY = "RETRY";

    private final PlannedRefunds planned;
    private final RefundService refunds;
    private final ReturnProgress progress;

    public IssueRefund(PlannedRefunds planned, RefundService refunds, ReturnProgress progress) {
        this.planned = planned;
        this.refunds = refunds;
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable("returnId");
        Optional<PlannedRefunds.Planned> plan = planned.of(returnId);
        if (plan.isEmpty()) {
            return;
        }
        String what = plan.get().description();
        Optional<Refund> earlier = refunds.find(returnId);
        if (earlier.isPresent() && earlier.get().status() == Refund.Status.SUCCEEDED) {
            // refunded at hand-over (or by an earlier try of this step): confirmed, never sent again,
            // even when an inspection has since lowered what the return would refund. A refund the provider
            // settled later (its webhook, the follow-up) is news here: the timeline hears of it now, once.
            Refund done = earlier.get();
            String amount = done.amount().toPlainString() + " " + done.currency() + " (" + done.where() + ")";
            if (!RefundFacts.succeeded(progress, returnId, RefundFacts.REFUNDED, "Refunded " + amount, "payment")) {
                progress.note(returnId, "REFUND_CONFIRMED", "Already refunded: " + amount, "payment");
            }
            return;
        }
        Refund refund;
        try {
            RefundOrder order = plan.get().order();
            // the refund goes on from the ledger entry read above, in this transaction
            Refund recorded = earlier.orElse(null);
            // customer service chose to try a failed refund again: that try gets a fresh idempotency key
            refund = RETRY.equals(execution.getVariable(VAR_REFUND_FAILURE_DECISION))
                    ? refunds.retryAfterFailure(order, recorded) : refunds.issue(order, recorded);
        } catch (RefundRefusedException refused) {
            throw failed(returnId, refunds.find(returnId).map(Refund::idempotencyKey).orElse(null),
                    "The provider refused the refund of " + what + ": " + refused.code() + ": "
                            + refused.getMessage());
        }
        if (refund.status() == Refund.Status.FAILED) {
            throw failed(returnId, refund.idempotencyKey(), "The refund of " + what + " failed at the provider ("
                    + refund.providerRefundId() + ")"
                    + (refund.failureReason() == null ? "" : ": " + refund.failureReason()));
        }
        if (refund.status() != Refund.Status.SUCCEEDED) {
            // the journey completes only on money returned: retry, then an incident operations see
            throw new RefundNotSettledException("Refund " + refund.idempotencyKey() + " is " + refund.status()
                    + " at the provider" + (refund.failureReason() == null ? "" : ": " + refund.failureReason()));
        }
        RefundFacts.succeeded(progress, returnId, RefundFacts.REFUNDED,
                "Refunded " + what + " (" + refund.providerRefundId() + ")", "payment");
    }

    /** The failure goes to customer service; the timeline has it once (the hand-over may have reported it). */
    private BpmnError failed(String returnId, String idempotencyKey, String reason) {
        if (!RefundFacts.failed(progress, returnId, idempotencyKey, reason)) {
            progress.note(returnId, "REFUND_STILL_FAILED", reason + "; handed to customer service", "payment");
        }
        return new BpmnError(REFUND_FAILED, reason);
    }
}
