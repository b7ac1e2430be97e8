package io.returnflow.exchange;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnSettlements;

/** "Refund the lines instead": the lines a refused exchange left without a fallback are refunded, as customer service chose. */
@Component("refundExchangeLines")
class RefundExchangeLines implements JavaDelegate {

    private final ReturnSettlements settlements;

    RefundExchangeLines(ReturnSettlements settlements) {
        this.settlements = settlements;
    }

    @Override
    public void execute(DelegateExecution execution) {
        settlements.chooseFallback((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID), Resolution.REFUND,
                String.valueOf(execution.getVariable(ReturnJourney.VAR_DECIDED_BY)));
    }
}
