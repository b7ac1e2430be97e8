package io.returnflow.returns;

import org.camunda.bpm.engine.delegate.DelegateTask;

/** Who acts on a task: the authenticated user of the call, else the task's assignee. */
public final class TaskActors {

    static final String UNKNOWN = "unknown";

    private TaskActors() {
    }

    public static String of(DelegateTask task) {
        // the type lives in an impl package: not named here, so that a move to a fork stays mechanical
        var current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        if (current != null && current.getUserId() != null) {
            return current.getUserId();
        }
        return task.getAssignee() != null ? task.getAssignee() : UNKNOWN;
    }
}
