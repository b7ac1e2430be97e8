package io.returnflow.journey;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.returnflow.payment.RefundLedger;
import io.returnflow.returns.SettledParts;

/**
 * The refund part is settled once the ledger holds a refund for the return, even one only intended: the ledger
 * fixes the amount when it records the intent and refuses another amount for the return afterwards, so a change
 * of resolution then would leave the journey's refund stuck between two amounts.
 */
@Component
class RefundSettledPart implements SettledParts {

    private final RefundLedger refunds;

    RefundSettledPart(RefundLedger refunds) {
        this.refunds = refunds;
    }

    @Override
    public Optional<String> settledPart(String returnId) {
        return refunds.find(returnId).map(refund -> "refund " + refund.status());
    }
}
