package io.returnflow.inspection;

import java.util.List;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskDecisionRefused;

/**
 * An inspection the server refuses: quantities above what was returned, a deduction above the
 * item's value or without a reason, an unknown condition or disposition, an outcome that contradicts the lines.
 * It names every problem with the form field at fault ({@code inspectionItems[0].deduction}); the
 * task stays open.
 */
class InvalidInspection extends TaskDecisionRefused {

    static final String SUMMARY = "The inspection cannot be accepted";

    public InvalidInspection(List<ApiProblem.FieldError> errors) {
        super(SUMMARY, errors);
    }

    /** The problems' texts, in the order of the form. */
    public List<String> problems() {
        return errors().stream().map(ApiProblem.FieldError::message).toList();
    }
}
