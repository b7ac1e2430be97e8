package io.returnflow.exchange;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/**
 * "Look up the exchange order": where the order stands, read with its row locked in the transaction that goes on
 * to wait for the shop's answer. An answer the outcome API records meanwhile either committed before (seen here)
 * or waits for the lock and then finds the journey waiting for its message.
 */
@Component("lookUpExchangeOrder")
class LookUpExchangeOrder implements JavaDelegate {

    private final ExchangeOrderService orders;

    LookUpExchangeOrder(ExchangeOrderService orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ExchangeOrder order = orders.lookUp((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID));
        execution.setVariable(ExchangeVariables.EXCHANGE_ORDER_STATUS, order.status().name());
    }
}
