package io.returnflow.platform;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A person's submission on a user task that cannot be carried out (a window that is not offered, an
 * unknown store, a time in the past, an inspection that does not add up), with every problem found and
 * the form field at fault for each.
 *
 * <p>Thrown by a task's checks ({@link TaskDecisionRules}). Through the engine REST API, which Tasklist
 * calls, a submission is checked before the engine sees it and answered 400 with these problems
 * ({@link TaskSubmissionCheck}); thrown from the task's complete listener, it fails the completion and the
 * task stays open, and the engine REST APIs answer it with the same 400 ({@link TaskRefusalAnswers}): for a
 * submission whose facts changed after the check ahead, say.
 */
public class TaskDecisionRefused extends RuntimeException {

    private final String summary;
    private final List<ApiProblem.FieldError> errors;

    /**
     * @param summary what could not be done, e.g. "The inspection cannot be accepted"
     * @param errors  at least one problem, each with the variable (form field) at fault
     */
    public TaskDecisionRefused(String summary, List<ApiProblem.FieldError> errors) {
        super(summary + ": " + errors.stream().map(ApiProblem.FieldError::message).collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("A refusal names at least one problem");
        }
        this.summary = summary;
        this.errors = List.copyOf(errors);
    }

    /** What could not be done, without the problems. */
    public String summary() {
        return summary;
    }

    /** Every problem found, in the order of the form. */
    public List<ApiProblem.FieldError> errors() {
        return errors;
    }
}
