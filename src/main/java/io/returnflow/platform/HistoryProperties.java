package io.returnflow.platform;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the engine's history keeps beyond the instances, tasks, incidents and people's operations
 * ({@code returnflow.history.*}, read by {@link KeptHistory}).
 *
 * @param variables the process variables whose values the history keeps (their latest value, no
 *                  change-by-change details): the outcome a journey writes at its end for Cockpit's
 *                  "Finished journeys" tab
 * @param decisions the keys of the decision tables whose every evaluation the history keeps with its
 *                  inputs and outputs, for an analyst who studies a table in Cockpit's Decisions view;
 *                  none by default, as each evaluation costs several rows and the journey records each
 *                  table's answer in the return itself (refusal reasons, freight payer, refund due)
 * @param personalData the variables that hold a person's data (the buyer's name, phone and address, a courier's
 *                     name and phone): shown to the task's holder while the task is open, never written to the
 *                     history in any form (a variable, a change of it, a form submission that sends it back),
 *                     whatever the other settings say; the return's own tables keep these data
 * @param filter       whether the history keeps only what is named here (false, for comparison only: the
 *                     engine's full history, still without {@code personalData})
 */
@ConfigurationProperties("returnflow.history")
record HistoryProperties(List<String> variables, List<String> decisions, List<String> personalData,
                                @DefaultValue("true") boolean filter) {

    public HistoryProperties {
        variables = variables == null ? List.of() : List.copyOf(variables);
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        personalData = personalData == null ? List.of() : List.copyOf(personalData);
    }
}
