package io.returnflow.payment;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * BPMN "Record refund made elsewhere", after customer service chose REFUNDED_ELSEWHERE in "Resolve
 * refund failure": the buyer got the money by another channel (a bank transfer, a voucher). The
 * refund ledger records the return's refund as {@code SUCCEEDED} with the provider refund id
 * {@code external:<reference>}, so the refund block shows it and the provider is never asked again;
 * the timeline keeps the provider's refusal and who recorded the reference.
 */
@Component("recordExternalRefund")
public class RecordExternalRefund implements JavaDelegate {

    /** String: the other channel's reference, from the task's form. */
    public static final String VAR_EXTERNAL_REFUND_REFERENCE = "externalRefundReference";
    /** What marks a refund made outside the provider in the ledger's provider refund id. */
    public static final String EXTERNAL_PREFIX = "external:";

    private final ReturnRepository returns;
    private final RefundLedger ledger;
    private final ReturnProgress progress;
    private final Clock clock;

    public RecordExternalRefund(ReturnRepository returns, RefundLedger ledger, ReturnProgress progress, Clock clock) {
        this.returns = returns;
        this.ledger = ledger;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable("returnId");
        Object given = execution.getVariable(VAR_EXTERNAL_REFUND_REFERENCE);
        if (given == null || given.toString().isBlank()) {
            throw new IllegalArgumentException("Return " + returnId + ": no reference of the refund made elsewhere");
        }
        String reference = given.toString().trim();
        CustomerReturn r = returns.get(returnId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<Refund> recorded = ledger.find(returnId);
        if (recorded.isPresent() && recorded.get().status() == Refund.Status.SUCCEEDED) {
            throw new IllegalStateException("Return " + returnId + " was already refunded as "
                    + recorded.get().providerRefundId() + "; not recording " + reference + " as well");
        }
        if (recorded.isEmpty()) {
            ledger.intend(RefundOrder.forReturn(returnId, r.payment().chargeId(), r.refundPlan().amount(),
                    r.payment().currency()), now);
        }
        ledger.recordOutcome(returnId, Refund.Status.SUCCEEDED, EXTERNAL_PREFIX + reference, null, now);
        Object decidedBy = execution.getVariable(ExceptionTaskClosed.VAR_DECIDED_BY);
        progress.note(returnId, "REFUNDED_ELSEWHERE", "Refunded " + r.refundPlan().amount().toPlainString() + " "
                + r.payment().currency() + " by another channel, reference " + reference,
                decidedBy == null ? "customer-service" : decidedBy.toString());
    }
}
