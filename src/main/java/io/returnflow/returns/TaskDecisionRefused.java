package io.returnflow.returns;

/**
 * A person's decision on a task cannot be carried out (a window that is not offered, an unknown
 * store, a time in the past). Thrown from the task's complete listener: the completion fails with
 * this message, which Tasklist shows, and the task stays open.
 */
public class TaskDecisionRefused extends RuntimeException {

    public TaskDecisionRefused(String message) {
        super(message);
    }
}
