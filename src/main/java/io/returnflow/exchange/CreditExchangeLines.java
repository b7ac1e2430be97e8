package io.returnflow.exchange;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnSettlements;

/** "Credit the lines instead": the lines a refused exchange left without a fallback are credited as store credit, as customer service chose. */
@Component("creditExchangeLines")
class CreditExchangeLines implements JavaDelegate {

    private final ReturnSettlements settlements;

    CreditExchangeLines(ReturnSettlements settlements) {
        this.settlements = settlements;
    }

    @Override
    public void execute(DelegateExecution execution) {
        settlements.chooseFallback((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID), Resolution.STORE_CREDIT,
                String.valueOf(execution.getVariable(ReturnJourney.VAR_DECIDED_BY)));
    }
}
