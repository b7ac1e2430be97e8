package io.returnflow.platform;

import java.util.function.Function;

/**
 * What a person submits to complete a user task, as that task's checks see it: each variable as it
 * would stand once the submission is applied (the submitted value, else the one the task already has).
 *
 * @param taskDefinitionKey the user task's BPMN id, e.g. {@code Activity_InspectReturnedItems}
 * @param variables         a variable's value by name; {@code null} when it has none
 */
public record TaskSubmission(String taskDefinitionKey, Function<String, Object> variables) {

    public Object variable(String name) {
        return variables.apply(name);
    }

    /** The variable as trimmed text; {@code null} when missing or blank. */
    public String text(String name) {
        Object value = variable(name);
        return value == null ? null : Text.trimToNull(value.toString());
    }
}
