package io.returnflow.exchange;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;
import io.returnflow.returns.ReturnSettlements;

/**
 * "Fall back from the exchange": the shop cannot send the replacements (out of stock, refused, or customer service
 * gave up on an order the shop never answered, which is then recorded as refused): each exchanged line falls back
 * to the resolution the policy names; the lines it names none for wait for customer service
 * ({@value ExchangeVariables#EXCHANGE_LINES_LEFT}). An order the shop confirmed never falls back: the step fails.
 */
@Component("fallBackFromExchange")
class FallBackFromExchange implements JavaDelegate {

    private final ExchangeOrderService orders;
    private final ReturnSettlements settlements;

    FallBackFromExchange(ExchangeOrderService orders, ReturnSettlements settlements) {
        this.orders = orders;
        this.settlements = settlements;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String returnId = (String) execution.getVariable(ReturnJourney.VAR_RETURN_ID);
        Object decidedBy = execution.getVariable(ReturnJourney.VAR_DECIDED_BY);
        String actor = decidedBy == null ? "system" : decidedBy.toString();
        ExchangeOrder order = orders.lookUp(returnId);
        if (order.status() == ExchangeStatus.CONFIRMED) {
            // the shop ships the replacements: falling back as well would settle the lines twice. No path of the
            // journey leads here with a confirmed order; if one does, it stops here for someone to look at it
            throw new IllegalStateException("Return " + returnId + ": exchange order " + order.id()
                    + " is confirmed by the shop (shop order " + order.shopOrderId() + "); a confirmed exchange never "
                    + "falls back");
        }
        if (!order.status().answered()) {
            order = orders.record(order.id(), ShopAnswer.refused("no_answer",
                    "the shop never answered; customer service gave the exchange up"), actor);
        }
        boolean left = !settlements.exchangeRefused(returnId, order.reason(), actor).isEmpty();
        execution.setVariable(ExchangeVariables.EXCHANGE_LINES_LEFT, left);
    }
}
