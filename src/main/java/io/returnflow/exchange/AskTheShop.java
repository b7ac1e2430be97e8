package io.returnflow.exchange;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/** "Ask the shop": no answer came in time, so the shop is asked where the order stands; the asks are counted. */
@Component("askTheShop")
class AskTheShop implements JavaDelegate {

    private final ExchangeOrderService orders;

    AskTheShop(ExchangeOrderService orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        orders.ask((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID));
        Object asks = execution.getVariable(ExchangeVariables.EXCHANGE_ASKS);
        execution.setVariable(ExchangeVariables.EXCHANGE_ASKS, asks == null ? 1 : ((Number) asks).intValue() + 1);
    }
}
