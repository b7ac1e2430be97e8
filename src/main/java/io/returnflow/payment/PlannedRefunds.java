package io.returnflow.payment;

import java.math.BigDecimal;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * What a return's refund plan asks to send to the original charge, for the steps that refund
 * ("Refund at hand-over", "Refund the buyer"): one order under the return's idempotency key.
 */
@Component
class PlannedRefunds {

    private final ReturnRepository returns;
    private final ReturnProgress progress;

    public PlannedRefunds(ReturnRepository returns, ReturnProgress progress) {
        this.returns = returns;
        this.progress = progress;
    }

    /**
     * @return empty when the plan comes to zero (which the timeline notes): nothing is sent
     */
    public Optional<Planned> of(String returnId) {
        CustomerReturn.RefundTerms terms = returns.refundTerms(returnId);
        BigDecimal amount = terms.amount();
        if (amount.signum() == 0) {
            progress.note(returnId, "NOTHING_TO_REFUND", "The refund comes to 0.00 " + terms.currency(), "system");
            return Optional.empty();
        }
        return Optional.of(new Planned(RefundOrder.forReturn(returnId, terms.chargeId(), amount, terms.currency())));
    }

    /** A refund to send. */
    public record Planned(RefundOrder order) {

        /** For the timeline: "99.00 CNY to charge ch_123". */
        public String description() {
            return order.amount().toPlainString() + " " + order.currency() + " to charge " + order.chargeId();
        }
    }
}
