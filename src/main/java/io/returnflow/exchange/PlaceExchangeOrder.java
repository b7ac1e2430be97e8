package io.returnflow.exchange;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/** "Place exchange order": orders the replacements from the shop, once (an earlier try's order is kept). */
@Component("placeExchangeOrder")
class PlaceExchangeOrder implements JavaDelegate {

    private final ExchangeOrderService orders;

    PlaceExchangeOrder(ExchangeOrderService orders) {
        this.orders = orders;
    }

    @Override
    public void execute(DelegateExecution execution) {
        orders.place((String) execution.getVariable(ReturnJourney.VAR_RETURN_ID), false);
    }
}
