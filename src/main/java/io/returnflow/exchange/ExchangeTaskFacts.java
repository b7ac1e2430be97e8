package io.returnflow.exchange;

import java.util.List;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnJourney;

/**
 * Task-create listener on the exchange's customer-service tasks: the exchange order's facts as task-local
 * variables the forms show read-only (its id, status, the shop's order id and reason, the replacement lines, and
 * for an instant order the lines it shipped beyond what inspection accepted).
 */
@Component("exchangeTaskFacts")
class ExchangeTaskFacts implements TaskListener {

    private final ExchangeOrders orders;
    private final InstantExchangeShortfalls shortfalls;

    ExchangeTaskFacts(ExchangeOrders orders, InstantExchangeShortfalls shortfalls) {
        this.orders = orders;
        this.shortfalls = shortfalls;
    }

    @Override
    public void notify(DelegateTask task) {
        orders.ofReturn((String) task.getVariable(ReturnJourney.VAR_RETURN_ID)).ifPresent(order -> {
            task.setVariableLocal("exchangeOrderId", order.id());
            task.setVariableLocal("exchangeStatus", order.status().name());
            task.setVariableLocal("exchangeInstant", order.instant());
            task.setVariableLocal("exchangeShopOrderId", order.shopOrderId() == null ? "" : order.shopOrderId());
            task.setVariableLocal("exchangeReason", order.reason() == null ? "" : order.reason());
            StringBuilder lines = new StringBuilder();
            for (ExchangeOrder.Line line : order.lines()) {
                lines.append(lines.isEmpty() ? "" : "; ").append(line.lineId()).append(": ").append(line.quantity())
                        .append(" × ").append(line.name()).append(" (").append(line.sku()).append(", ")
                        .append(line.unitPrice().toPlainString()).append(')');
            }
            task.setVariableLocal("exchangeLinesText", lines.toString());
            List<ShortReplacement> beyond = shortfalls.of(order);
            task.setVariableLocal("exchangeShortLinesText", beyond.stream().map(ShortReplacement::describe)
                    .collect(Collectors.joining("; ")));
        });
    }
}
