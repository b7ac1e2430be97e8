package io.returnflow.journey;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.returnflow.payment.Refund;
import io.returnflow.payment.RefundLedger;
import io.returnflow.returns.SettledParts;

/** The refund part is settled once the refund left the ledger's intent: sent, pending, paid or failed. */
@Component
class RefundSettledPart implements SettledParts {

    private final RefundLedger refunds;

    RefundSettledPart(RefundLedger refunds) {
        this.refunds = refunds;
    }

    @Override
    public Optional<String> settledPart(String returnId) {
        return refunds.find(returnId)
                .filter(refund -> refund.status() != Refund.Status.INTENDED)
                .map(refund -> "refund " + refund.status());
    }
}
