package io.returnflow.exchange;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ResolutionPolicy;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnSettlements;

/**
 * The decision listener of "Resolve refused exchange" ({@value #TASK}). Customer service chose how the lines a
 * refused exchange left without a fallback are settled instead: REFUND or STORE_CREDIT, as far as the resolutions
 * table allows them for those lines ({@link ReturnSettlements#fallbackChoices}); then "Settle the lines as chosen"
 * carries it out. A choice the table does not allow is refused and the task stays open.
 */
@Component("resolveRefusedExchangeDecided")
class ResolveRefusedExchangeDecided extends ExceptionTaskClosed {

    static final String TASK = "Activity_ResolveRefusedExchange";
    private static final List<String> FALLBACKS = List.of(Resolution.REFUND.name(), Resolution.STORE_CREDIT.name());

    private final ReturnSettlements settlements;

    ResolveRefusedExchangeDecided(ReturnProgress progress, ReturnSettlements settlements) {
        super(TASK, Set.of(ExchangeVariables.EXCHANGE_FALLBACK), progress);
        this.settlements = settlements;
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String choice = choice(submission, ExchangeVariables.EXCHANGE_FALLBACK, FALLBACKS, problems);
        if (choice == null) {
            return null;
        }
        List<Resolution> allowed = settlements.fallbackChoices(returnId(submission));
        if (!allowed.contains(Resolution.valueOf(choice))) {
            problems.add(new ApiProblem.FieldError(ExchangeVariables.EXCHANGE_FALLBACK, choice + " is not allowed for "
                    + "the lines waiting by " + ResolutionPolicy.DECISION_KEY + "; choose one of "
                    + String.join(", ", allowed.stream().map(Enum::name).toList())));
            return null;
        }
        return new Decision("REFUSED_EXCHANGE_DECIDED", "settle the lines left by " + choice);
    }
}
