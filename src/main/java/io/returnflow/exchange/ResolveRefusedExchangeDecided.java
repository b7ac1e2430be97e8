package io.returnflow.exchange;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.ReturnProgress;

/**
 * The decision listener of "Resolve refused exchange" ({@value #TASK}). Customer service chose how the lines a
 * refused exchange left without a fallback are settled instead: REFUND or STORE_CREDIT (then "Settle the lines as
 * chosen" carries it out).
 */
@Component("resolveRefusedExchangeDecided")
class ResolveRefusedExchangeDecided extends ExceptionTaskClosed {

    static final String TASK = "Activity_ResolveRefusedExchange";

    ResolveRefusedExchangeDecided(ReturnProgress progress) {
        super(TASK, Set.of(ExchangeVariables.EXCHANGE_FALLBACK), progress);
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String choice = choice(submission, ExchangeVariables.EXCHANGE_FALLBACK, List.of("REFUND", "STORE_CREDIT"), problems);
        return choice == null ? null : new Decision("REFUSED_EXCHANGE_DECIDED", "settle the lines left by " + choice);
    }
}
