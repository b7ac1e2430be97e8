package io.returnflow.exchange;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.ReturnProgress;

/**
 * The decision listener of "Chase the exchange order" ({@value #TASK}). Customer service chased an exchange order
 * the shop has not answered after several asks: KEEP_WAITING (the journey waits and asks again) or GIVE_UP (the
 * exchange is recorded as refused and falls back). GIVE_UP on an order the shop has confirmed is refused.
 */
@Component("chaseExchangeOrderDecided")
class ChaseExchangeOrderDecided extends ExceptionTaskClosed {

    static final String TASK = "Activity_ChaseExchangeOrder";

    static final String GIVE_UP = "GIVE_UP";

    private final ExchangeOrders orders;

    ChaseExchangeOrderDecided(ReturnProgress progress, ExchangeOrders orders) {
        super(TASK, Set.of(ExchangeVariables.EXCHANGE_CHASE_DECISION), progress);
        this.orders = orders;
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String choice = choice(submission, ExchangeVariables.EXCHANGE_CHASE_DECISION, List.of("KEEP_WAITING", GIVE_UP),
                problems);
        if (GIVE_UP.equals(choice)) {
            // the shop's confirmation normally withdraws this task (its message boundary); should one be recorded
            // without it, giving up would pay the lines back while the shop ships the replacements
            orders.ofReturn(returnId(submission)).filter(order -> order.status() == ExchangeStatus.CONFIRMED)
                    .ifPresent(order -> problems.add(new ApiProblem.FieldError(
                            ExchangeVariables.EXCHANGE_CHASE_DECISION, "The shop confirmed exchange order "
                            + order.id() + " (shop order " + order.shopOrderId() + "): it ships the replacements, "
                            + "so the exchange cannot be given up; choose KEEP_WAITING and the journey settles it")));
        }
        return choice == null ? null : new Decision("EXCHANGE_CHASE_DECIDED", "exchange order: " + choice);
    }
}
