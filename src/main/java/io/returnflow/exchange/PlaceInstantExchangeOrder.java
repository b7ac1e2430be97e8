package io.returnflow.exchange;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/**
 * "Place instant exchange order": a trusted buyer's replacements are ordered before the parcel is handed over;
 * the same order the journey waits for later ({@value ExchangeVariables#INSTANT_EXCHANGE_PLACED}).
 */
@Component("placeInstantExchangeOrder")
class PlaceInstantExchangeOrder implements JavaDelegate {

    private final ExchangeOrderService orders;

    PlaceInstantExchangeOrder(ExchangeOrderService orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        orders.place((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID), true);
        execution.setVariable(ExchangeVariables.INSTANT_EXCHANGE_PLACED, true);
    }
}
