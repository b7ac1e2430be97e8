package io.returnflow.exchange;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnSettlements;

/**
 * Start listener of "Exchange lines?": whether the return exchanges a line as it stands now (inspection and
 * fallbacks may have changed its lines since the request), as {@value ExchangeVariables#EXCHANGE_LINES}.
 */
@Component("recordExchangeLines")
class RecordExchangeLines implements ExecutionListener {

    private final ReturnSettlements settlements;

    RecordExchangeLines(ReturnSettlements settlements) {
        this.settlements = settlements;
    }

    @Override
    public void notify(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        execution.setVariable(ExchangeVariables.EXCHANGE_LINES, !settlements.exchangeLines(returnId).isEmpty());
    }
}
