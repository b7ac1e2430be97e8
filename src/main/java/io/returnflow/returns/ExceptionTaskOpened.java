package io.returnflow.returns;

import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.stereotype.Component;

/**
 * Task-create listener on the exception tasks (not on inspection, which is routine): the return now
 * waits on a person ({@code actionRequired}), and the timeline says on whom.
 */
@Component("exceptionTaskOpened")
class ExceptionTaskOpened implements TaskListener {

    private final ReturnProgress progress;

    public ExceptionTaskOpened(ReturnProgress progress) {
        this.progress = progress;
    }

    @Override
    public void notify(DelegateTask task) {
        String groups = task.getCandidates().stream()
                .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
                .map(link -> link.getGroupId()).distinct().collect(Collectors.joining(", "));
        progress.actionRequired((String) task.getVariable(ReturnJourney.VAR_RETURN_ID), "ACTION_REQUIRED",
                "Task '" + task.getName() + "' opened" + (groups.isEmpty() ? "" : " for " + groups)
                        + (task.getDueDate() == null ? "" : ", due " + task.getDueDate().toInstant()));
    }
}
