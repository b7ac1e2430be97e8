package io.returnflow.payment;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * BPMN "Record refund made elsewhere", after customer service (or operations) chose REFUNDED_ELSEWHERE in
 * "Resolve refund failure": the buyer got the money by another channel (a bank transfer, a voucher).
 *
 * <p>The return's one refund row in the ledger becomes {@code SUCCEEDED}, made elsewhere: with the other
 * channel's reference, who recorded it and when ({@link RefundLedger#recordMadeElsewhere}). So the return's
 * refund shows it, the provider is never asked to refund this return again (a succeeded row is final), and
 * the order's refunded total counts it. The timeline keeps the provider's refusal and who recorded the
 * reference. It runs in the task completion's transaction: the ledger, the timeline and the task move
 * together or not at all.
 */
@Component("recordExternalRefund")
public class RecordExternalRefund implements JavaDelegate {

    /** String: the other channel's reference, from the task's form. */
    public static final String VAR_EXTERNAL_REFUND_REFERENCE = "externalRefundReference";

    private final ReturnRepository returns;
    private final RefundLedger ledger;
    private final ReturnProgress progress;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public RecordExternalRefund(ReturnRepository returns, RefundLedger ledger, ReturnProgress progress,
                                ApplicationEventPublisher events, Clock clock) {
        this.returns = returns;
        this.ledger = ledger;
        this.progress = progress;
        this.events = events;
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
        Object decidedBy = execution.getVariable(ReturnJourney.VAR_DECIDED_BY);
        String recordedBy = decidedBy == null ? "unknown" : decidedBy.toString();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<Refund> before = ledger.find(returnId);
        if (before.isEmpty()) {
            CustomerReturn.RefundTerms terms = returns.refundTerms(returnId);
            ledger.intend(RefundOrder.forReturn(returnId, terms.chargeId(), terms.amount(), terms.currency()), now);
        }
        if (!ledger.recordMadeElsewhere(returnId, reference, recordedBy, now)) {
            // the task's rules refuse this decision while the provider holds the refund; should the provider
            // have moved in between, recording a second refund would pay the buyer twice
            Optional<Refund> recorded = ledger.find(returnId);
            throw new IllegalStateException("Return " + returnId + ": the refund is "
                    + recorded.map(Refund::status).orElse(null) + " at the provider ("
                    + recorded.map(Refund::providerRefundId).orElse(null) + "); not recording " + reference
                    + " as made elsewhere");
        }
        // recording it changes neither amount nor currency
        Refund refund = before.orElseGet(() -> ledger.find(returnId).orElseThrow());
        events.publishEvent(new RefundSettled(returnId, Refund.Status.SUCCEEDED, refund.amount(), refund.currency(),
                now, true));
        progress.note(returnId, "REFUNDED_ELSEWHERE", "Refunded " + refund.amount().toPlainString() + " "
                + refund.currency() + " by another channel, reference " + reference, recordedBy);
    }
}
