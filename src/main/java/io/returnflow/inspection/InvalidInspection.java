package io.returnflow.inspection;

import java.util.List;

/**
 * An inspection the server refuses: quantities above what was returned, a deduction above the
 * item's value or without a reason, an unknown condition, an outcome that contradicts the lines.
 * Thrown from the inspection task's complete listener, it fails the completion with a message that
 * names every problem (Tasklist shows it) and the task stays open.
 */
public class InvalidInspection extends RuntimeException {

    private final List<String> problems;

    public InvalidInspection(List<String> problems) {
        super("The inspection cannot be accepted: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
