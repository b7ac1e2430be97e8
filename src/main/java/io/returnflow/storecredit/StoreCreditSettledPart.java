package io.returnflow.storecredit;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.returnflow.returns.SettledParts;

/**
 * The store-credit part is settled once the ledger holds a credit for the return, even one only intended: the ledger
 * fixes customer, amount and bonus when it records the intent and refuses another credit for the return afterwards
 * (a second credit is never made under a second key), so a change of resolution then would leave "Issue store
 * credit" stuck between two amounts.
 */
@Component
class StoreCreditSettledPart implements SettledParts {

    private final StoreCreditLedger ledger;

    StoreCreditSettledPart(StoreCreditLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Optional<String> settledPart(String returnId) {
        return ledger.find(returnId).map(credit -> "store credit " + credit.status());
    }
}
