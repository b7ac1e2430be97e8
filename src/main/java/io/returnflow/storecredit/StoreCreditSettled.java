package io.returnflow.storecredit;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * A return's store credit settled: issued (by the credit system, or recorded as issued by hand) or refused for good.
 * Published in the transaction that recorded it, once per change of the ledger; listeners (operations' figures)
 * count it once that transaction committed.
 *
 * @param amount the credited value
 * @param bonus  the bonus on top, apart: finance reads it as a cost of its own
 * @param byHand recorded as issued by hand by customer service
 */
public record StoreCreditSettled(String returnId, StoreCredit.Status status, BigDecimal amount, BigDecimal bonus,
                                 String currency, boolean byHand, OffsetDateTime at) {

    static StoreCreditSettled of(StoreCredit credit, OffsetDateTime at) {
        return new StoreCreditSettled(credit.returnId(), credit.status(), credit.amount(), credit.bonus(),
                credit.currency(), credit.externalReference() != null, at);
    }
}
