package io.returnflow.exchange;

import java.util.List;
import java.util.Set;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.ReturnProgress;

/**
 * What the two recovery tasks of an instant exchange decide, with the same form: customer service followed up
 * replacements shipped at request and records RECOVERED (the buyer sent them back or paid, or the shop stopped
 * them) or WRITTEN_OFF ({@value ExchangeVariables#INSTANT_EXCHANGE_RECOVERY}).
 */
abstract class InstantExchangeRecoveryDecided extends ExceptionTaskClosed {

    private static final List<String> CHOICES = List.of("RECOVERED", "WRITTEN_OFF");

    /** What the timeline's entry says was recovered or written off. */
    private final String recovered;

    InstantExchangeRecoveryDecided(String task, String recovered, ReturnProgress progress) {
        super(task, Set.of(ExchangeVariables.INSTANT_EXCHANGE_RECOVERY), progress);
        this.recovered = recovered;
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String choice = choice(submission, ExchangeVariables.INSTANT_EXCHANGE_RECOVERY, CHOICES, problems);
        return choice == null ? null : new Decision("INSTANT_EXCHANGE_RECOVERY_DECIDED", recovered + ": " + choice);
    }
}
