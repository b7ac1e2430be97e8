package io.returnflow.storecredit;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnSettlements;

/**
 * Start listener of the gateway "Store credit to issue?": sets {@value #VAR_STORE_CREDIT_TO_ISSUE} from the
 * settlements port, in the transaction that reaches the gateway, so that a return without credit goes on to its
 * completion without a job of "Issue store credit".
 */
@Component("storeCreditToIssue")
class StoreCreditToIssue implements ExecutionListener {

    /** Boolean: whether the return gives store credit; the gateway's conditions read it. */
    static final String VAR_STORE_CREDIT_TO_ISSUE = "storeCreditToIssue";

    private final ReturnSettlements settlements;

    StoreCreditToIssue(ReturnSettlements settlements) {
        this.settlements = settlements;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        execution.setVariable(VAR_STORE_CREDIT_TO_ISSUE, IssueStoreCredit.orderOf(settlements, returnId).isPresent());
    }
}
