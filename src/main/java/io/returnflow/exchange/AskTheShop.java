package io.returnflow.exchange;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/**
 * "Ask the shop": no answer came in time, so the shop is asked where the order stands; the asks are counted. Then
 * the order's status is read with its row locked in the transaction that goes on to the next wait (the look-up, or
 * customer service's chase): an answer the outcome API records meanwhile is either seen here or waits for the lock
 * and then finds the journey waiting for its message. The gateway after it reads the status before the count.
 */
@Component("askTheShop")
class AskTheShop implements JavaDelegate {

    private final ExchangeOrderService orders;

    AskTheShop(ExchangeOrderService orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        orders.ask(returnId);
        execution.setVariable(ExchangeVariables.EXCHANGE_ORDER_STATUS, orders.lookUp(returnId).status().name());
        Object asks = execution.getVariable(ExchangeVariables.EXCHANGE_ASKS);
        execution.setVariable(ExchangeVariables.EXCHANGE_ASKS, asks == null ? 1 : ((Number) asks).intValue() + 1);
    }
}
