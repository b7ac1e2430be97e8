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
 * exchange is recorded as refused and falls back).
 */
@Component("chaseExchangeOrderDecided")
class ChaseExchangeOrderDecided extends ExceptionTaskClosed {

    static final String TASK = "Activity_ChaseExchangeOrder";

    ChaseExchangeOrderDecided(ReturnProgress progress) {
        super(TASK, Set.of(ExchangeVariables.EXCHANGE_CHASE_DECISION), progress);
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String choice = choice(submission, ExchangeVariables.EXCHANGE_CHASE_DECISION, List.of("KEEP_WAITING", "GIVE_UP"), problems);
        return choice == null ? null : new Decision("EXCHANGE_CHASE_DECIDED", "exchange order: " + choice);
    }
}
