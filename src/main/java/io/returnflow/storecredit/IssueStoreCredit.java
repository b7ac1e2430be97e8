package io.returnflow.storecredit;

import java.util.Optional;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnSettlements;

/**
 * BPMN "Issue store credit" (asyncBefore, retried): credits the store credit the return gives
 * ({@link ReturnSettlements#storeCredit}) to the buyer's account, exactly once (see {@link StoreCreditService}).
 *
 * <p>Outcomes: a credit issued completes the step (the timeline says so once); one issued before is confirmed and
 * not sent again. A refusal for good is a business outcome: the ledger says FAILED, the timeline says why, and the
 * BPMN error {@value #STORE_CREDIT_FAILED} (message: the provider's code and reason) hands it to customer service.
 * A provider that cannot be reached is retried with the same key; an answer that is neither (parked) is retried the
 * same way, each try looking the credit up first, and ends in an incident that says what came back.
 */
@Component("issueStoreCredit")
class IssueStoreCredit implements JavaDelegate {

    /** The error code of {@code Event_StoreCreditFailed}. */
    public static final String STORE_CREDIT_FAILED = "STORE_CREDIT_FAILED";
    /** Set by the form of "Resolve store credit failure". */
    static final String VAR_DECISION = "storeCreditFailureDecision";
    static final String RETRY = "RETRY";

    private final ReturnSettlements settlements;
    private final StoreCreditService credits;
    private final ReturnProgress progress;

    IssueStoreCredit(ReturnSettlements settlements, StoreCreditService credits, ReturnProgress progress) {
        this.settlements = settlements;
        this.credits = credits;
        this.progress = progress;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        Optional<CreditOrder> order = orderOf(settlements, returnId);
        if (order.isEmpty()) {
            return;     // the return no longer gives credit (its settlement changed since the gateway asked)
        }
        StoreCredit credit;
        try {
            // customer service chose to try a refused credit again: that try gets a fresh key
            credit = RETRY.equals(execution.getVariable(VAR_DECISION))
                    ? credits.retryAfterRefusal(order.get()) : credits.issue(order.get());
        } catch (StoreCreditRefusedException refused) {
            StoreCredit failed = credits.find(returnId).orElseThrow();
            throw failed(returnId, failed, "The store-credit system refused the credit of "
                    + StoreCreditFacts.money(failed) + ": " + refused.code() + ": " + refused.getMessage());
        }
        if (credit.status() == StoreCredit.Status.FAILED) {
            throw failed(returnId, credit, "The store credit of " + StoreCreditFacts.money(credit)
                    + " was refused: " + credit.failureReason());
        }
        StoreCreditFacts.issued(progress, returnId, "Store credit of " + StoreCreditFacts.money(credit)
                + " issued (" + (credit.providerCreditId() != null ? credit.providerCreditId()
                : "by hand, " + credit.externalReference()) + ")", StoreCreditFacts.ACTOR);
    }

    /** The credit the return gives now, as the ledger's order; empty when it gives none. */
    static Optional<CreditOrder> orderOf(ReturnSettlements settlements, String returnId) {
        return settlements.storeCredit(returnId)
                .filter(terms -> terms.amount() != null && terms.amount().signum() > 0)
                .map(terms -> new CreditOrder(CreditOrder.keyOf(returnId), returnId, terms.customerId(),
                        terms.orderId(), terms.currency(), terms.amount(),
                        terms.bonus() == null ? java.math.BigDecimal.ZERO : terms.bonus()));
    }

    private BpmnError failed(String returnId, StoreCredit credit, String reason) {
        StoreCreditFacts.failed(progress, returnId, credit.idempotencyKey(), reason);
        return new BpmnError(STORE_CREDIT_FAILED, reason);
    }
}
