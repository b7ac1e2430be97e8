package io.returnflow.exchange;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.ReturnProgress;

/**
 * The decision listener of "Recover the instant exchange" ({@value #TASK}). Customer service followed up a
 * replacement shipped at request for a return whose parcel never came: RECOVERED (the buyer sent it back, paid, or
 * the shop stopped it) or WRITTEN_OFF.
 */
@Component("recoverInstantExchangeDecided")
class RecoverInstantExchangeDecided extends ExceptionTaskClosed {

    static final String TASK = "Activity_RecoverInstantExchange";

    RecoverInstantExchangeDecided(ReturnProgress progress) {
        super(TASK, Set.of(ExchangeVariables.INSTANT_EXCHANGE_RECOVERY), progress);
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String choice = choice(submission, ExchangeVariables.INSTANT_EXCHANGE_RECOVERY, List.of("RECOVERED", "WRITTEN_OFF"), problems);
        return choice == null ? null : new Decision("INSTANT_EXCHANGE_RECOVERY_DECIDED", "instant exchange: " + choice);
    }
}
