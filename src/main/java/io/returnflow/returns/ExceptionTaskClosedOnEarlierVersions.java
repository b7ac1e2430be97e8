package io.returnflow.returns;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * The task listener {@code ${exceptionTaskClosed}} that journey versions deployed before each exception task had
 * its own listener call on their exception tasks' {@code complete} and {@code delete} events (and that analysts'
 * copies of those diagrams may still name). Such journeys wait in those tasks for days; without this bean their
 * tasks could be neither completed nor withdrawn. It hands each task to the listener of its task definition key
 * ({@link ExceptionTaskClosed} and its subclasses), which then does exactly what it does on the current version.
 *
 * <p>Only a {@link TaskListener}: the submission check finds a task's rules through the listeners themselves, and
 * a second holder of the same rules would make it ambiguous.
 */
@Component("exceptionTaskClosed")
class ExceptionTaskClosedOnEarlierVersions implements TaskListener {

    private final Map<String, ExceptionTaskClosed> byTask = new TreeMap<>();

    ExceptionTaskClosedOnEarlierVersions(List<ExceptionTaskClosed> listeners) {
        for (ExceptionTaskClosed listener : listeners) {
            for (String key : listener.taskDefinitionKeys()) {
                ExceptionTaskClosed before = byTask.putIfAbsent(key, listener);
                if (before != null) {
                    throw new IllegalStateException("Two decision listeners for task " + key + ": "
                            + before.getClass().getSimpleName() + " and " + listener.getClass().getSimpleName());
                }
            }
        }
    }

    @Override
    public void notify(DelegateTask task) {
        ExceptionTaskClosed listener = byTask.get(task.getTaskDefinitionKey());
        if (listener == null) {
            // a diagram that calls this listener on a task of its own: say which, and which ones it serves
            throw new ProcessEngineException("The listener ${exceptionTaskClosed} serves the exception tasks "
                    + byTask.keySet() + " only, not task '" + task.getTaskDefinitionKey() + "' ("
                    + task.getName() + "); the task's diagram must name that task's own listener");
        }
        listener.notify(task);
    }
}
