package io.returnflow.exchange;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.ReturnProgress;

/**
 * The decision listener of "Recover replacements beyond the accepted" ({@value #TASK}). Inspection accepted fewer
 * pieces of an exchanged line than the instant exchange shipped at request; the accepted part was settled without
 * waiting, and customer service followed up the extra replacements: RECOVERED (the buyer sent them back or paid, or
 * the shop stopped them) or WRITTEN_OFF. The same form and choices as "Recover the instant exchange".
 */
@Component("recoverShortInstantExchangeDecided")
class RecoverShortInstantExchangeDecided extends ExceptionTaskClosed {

    static final String TASK = "Activity_RecoverShortInstantExchange";

    RecoverShortInstantExchangeDecided(ReturnProgress progress) {
        super(TASK, Set.of(ExchangeVariables.INSTANT_EXCHANGE_RECOVERY), progress);
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String choice = choice(submission, ExchangeVariables.INSTANT_EXCHANGE_RECOVERY,
                List.of("RECOVERED", "WRITTEN_OFF"), problems);
        return choice == null ? null : new Decision("INSTANT_EXCHANGE_RECOVERY_DECIDED",
                "replacements beyond the accepted: " + choice);
    }
}
