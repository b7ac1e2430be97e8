package io.returnflow.storecredit;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnSettlements;

/**
 * BPMN "Record store credit issued by hand": customer service issued the credit in the merchant's credit system
 * themselves; the ledger's one row for the return becomes ISSUED with that system's reference
 * ({@link StoreCreditService#recordIssuedByHand}), and the provider is never asked to credit this return again. Runs
 * in the task completion's transaction: the ledger, the timeline and the task move together or not at all.
 */
@Component("recordStoreCreditIssuedByHand")
class RecordStoreCreditIssuedByHand implements JavaDelegate {

    private final ReturnSettlements settlements;
    private final StoreCreditService credits;
    private final ReturnProgress progress;

    RecordStoreCreditIssuedByHand(ReturnSettlements settlements, StoreCreditService credits,
                                  ReturnProgress progress) {
        this.settlements = settlements;
        this.credits = credits;
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        Object reference = execution.getVariable(ResolveStoreCreditFailureDecided.VAR_REFERENCE);
        Object decidedBy = execution.getVariable(ReturnJourney.VAR_DECIDED_BY);
        String recordedBy = decidedBy == null ? "unknown" : decidedBy.toString();
        CreditOrder order = IssueStoreCredit.orderOf(settlements, returnId).or(() -> credits.find(returnId)
                        .map(known -> new CreditOrder(known.idempotencyKey(), returnId, known.customerId(),
                                known.orderId(), known.currency(), known.amount(), known.bonus())))
                .orElseThrow(() -> new IllegalStateException("Return " + returnId + " gives no store credit"));
        StoreCredit credit = credits.recordIssuedByHand(order, reference == null ? null : reference.toString(),
                recordedBy);
        StoreCreditFacts.issued(progress, returnId, "Store credit of " + StoreCreditFacts.money(credit)
                + " issued by hand, reference " + credit.externalReference(), recordedBy);
    }
}
