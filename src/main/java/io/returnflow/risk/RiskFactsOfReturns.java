package io.returnflow.risk;

import java.util.HashMap;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The risk facts of the returns the current transaction assesses, as the journey reads them: "Gather risk facts"
 * computes them ({@link #gather(String)}), the inputs of "Assess return risk" read them
 * ({@code ${riskFacts.of(returnId).returnCount()}}) and its listener records them. Kept with the transaction only:
 * never an engine variable, so never stored by the engine.
 */
@Component("riskFacts")
public class RiskFactsOfReturns {

    private final RiskHistory history;

    public RiskFactsOfReturns(RiskHistory history) {
        this.history = history;
    }

    /** Computes the return's facts now (recording its contact keys) and keeps them for the transaction. */
    public RiskFacts gather(String returnId) {
        RiskFacts facts = history.of(returnId);
        gathered().put(returnId, facts);
        return facts;
    }

    /** The facts gathered in this transaction; gathered now when they were not. */
    public RiskFacts of(String returnId) {
        RiskFacts facts = gathered().get(returnId);
        return facts != null ? facts : gather(returnId);
    }

    @SuppressWarnings("unchecked")
    private Map<String, RiskFacts> gathered() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            // outside a transaction nothing is kept: each call reads afresh
            return new HashMap<>();
        }
        Map<String, RiskFacts> gathered = (Map<String, RiskFacts>) TransactionSynchronizationManager.getResource(this);
        if (gathered == null) {
            gathered = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, gathered);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(RiskFactsOfReturns.this);
                }
            });
        }
        return gathered;
    }
}
