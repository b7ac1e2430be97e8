package io.returnflow.exchange;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.returnflow.returns.SettledParts;

/**
 * The exchange part is settled once an exchange order exists for the return, whatever the shop answered: goods
 * were ordered (or refused and fallen back from), so the lines' resolutions stand.
 */
@Component
class ExchangeSettledPart implements SettledParts {

    private final ExchangeOrders orders;

    ExchangeSettledPart(ExchangeOrders orders) {
        this.orders = orders;
    }

    @Override
    public Optional<String> settledPart(String returnId) {
        return orders.ofReturn(returnId).map(order -> "exchange order " + order.id() + " " + order.status());
    }
}
