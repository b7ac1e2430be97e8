package io.returnflow.platform;

import java.util.Set;

/**
 * The server's rules for what a person may submit on some user tasks. A form does not restrict what a
 * submit sends, so every user task that takes a decision has its rules here, implemented by the
 * feature that owns the task (the inspection, the exception tasks).
 *
 * <p>The same rules run twice: before the engine sees a submission made through the engine REST API
 * ({@link TaskSubmissionCheck}: a 400 that names every problem, nothing written), and in the task's
 * complete listener, for completions that come another way.
 */
public interface TaskDecisionRules {

    /** The user tasks (BPMN ids) these rules check. */
    Set<String> taskDefinitionKeys();

    /**
     * The variables a person sets on such a task (its form's inputs). Any other variable a submission
     * carries must be the value the task already shows (a form sends its read-only facts back unchanged).
     */
    Set<String> inputs(String taskDefinitionKey);

    /**
     * Checks a submission.
     *
     * @throws TaskDecisionRefused naming every problem found
     */
    void check(TaskSubmission submission);
}
