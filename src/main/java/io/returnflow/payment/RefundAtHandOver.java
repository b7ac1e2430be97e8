package io.returnflow.payment;

import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnProgress;

/**
 * BPMN "Refund at hand-over" (asyncBefore), when the refund-timing table says {@code AT_DROP_OFF}: the
 * buyer is refunded as soon as the store checked the parcel in or the courier collected it.
 *
 * <p>The refund is sent once, under the return's one idempotency key, and the parcel travels on
 * whatever the provider answers: a pending refund is followed up by the ledger; a refusal is recorded
 * (ledger FAILED) and an unreachable provider leaves the refund SENT. In both cases "Refund the buyer"
 * at receipt finishes it under the same ledger row: it resends the same key, or hands a refusal to
 * customer service. Anything else that goes wrong is left to that step as well, where it shows as an
 * incident. So money is never sent twice, and the parcel never waits for the provider.
 */
@Component("refundAtHandOver")
class RefundAtHandOver implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(RefundAtHandOver.class);

    private final PlannedRefunds planned;
    private final RefundService refunds;
    private final ReturnProgress progress;

    public RefundAtHandOver(PlannedRefunds planned, RefundService refunds, ReturnProgress progress) {
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
        Refund refund;
        try {
            refund = refunds.issue(plan.get().order());
        } catch (RefundRefusedException refused) {
            RefundFacts.failed(progress, returnId, refunds.find(returnId).map(Refund::idempotencyKey).orElse(null),
                    "The provider refused the refund at hand-over of " + what + ": " + refused.code() + ": "
                            + refused.getMessage() + "; it is settled when the parcel is received");
            return;
        } catch (PaymentUnavailableException unavailable) {
            // the ledger keeps the key: the refund at receipt sends the very same request again
            log.warn("Return {}: refund at hand-over could not reach the provider ({}); sent again at receipt",
                    returnId, unavailable.getMessage());
            progress.note(returnId, "REFUND_DEFERRED", "The payment provider could not be reached at hand-over;"
                    + " the refund of " + what + " is sent again when the parcel is received", "payment");
            return;
        } catch (RuntimeException unexpected) {
            // never hold the parcel up: "Refund the buyer" at receipt meets the same problem and shows it
            // to operations as an incident on the return's refund
            log.error("Return {}: refund at hand-over failed; left to the refund at receipt", returnId, unexpected);
            progress.note(returnId, "REFUND_DEFERRED", "The refund at hand-over of " + what + " could not be made ("
                    + unexpected.getClass().getSimpleName() + "); it is made when the parcel is received", "payment");
            return;
        }
        switch (refund.status()) {
            case SUCCEEDED -> RefundFacts.succeeded(progress, returnId, RefundFacts.REFUNDED,
                    "Refunded at hand-over: " + what + " (" + refund.providerRefundId() + ")", "payment");
            case FAILED -> RefundFacts.failed(progress, returnId, refund.idempotencyKey(), "The refund at hand-over of "
                    + what + " failed at the provider; it is settled when the parcel is received");
            default -> progress.note(returnId, "REFUND_PENDING", "Refund at hand-over of " + what + " is "
                    + refund.status() + " at the provider (" + refund.providerRefundId() + ")", "payment");
        }
    }
}
