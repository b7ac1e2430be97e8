package io.returnflow.operations;

import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.springframework.stereotype.Component;

/**
 * The figures operations watch that the engine holds: the people's open tasks and the open incidents. Asked
 * through the engine's public query API, outside any user's authentication (the scheduler's thread), so they
 * count everything.
 */
@Component
class EngineFigures {

    /** Incidents read at most per refresh: more than this is an outage the total already shows. */
    static final int MAX_INCIDENTS = 10_000;

    private final RepositoryService repository;
    private final TaskService tasks;
    private final RuntimeService runtime;

    public EngineFigures(RepositoryService repository, TaskService tasks, RuntimeService runtime) {
        this.repository = repository;
        this.tasks = tasks;
        this.runtime = runtime;
    }

    /**
     * Open tasks of every kind of user task the latest version of each process has (zero when none is open),
     * and how many of them are past their due date. Two counts per kind.
     */
    public List<TaskFigure> openTasks(Date now) {
        return repository.createProcessDefinitionQuery().latestVersion().list().stream()
                .sorted(Comparator.comparing(ProcessDefinition::getKey))
                .flatMap(definition -> repository.getBpmnModelInstance(definition.getId())
                        .getModelElementsByType(UserTask.class).stream()
                        .map(UserTask::getId)
                        .sorted()
                        .map(task -> new TaskFigure(definition.getKey(), task,
                                tasks.createTaskQuery().processDefinitionKey(definition.getKey())
                                        .taskDefinitionKey(task).count(),
                                tasks.createTaskQuery().processDefinitionKey(definition.getKey())
                                        .taskDefinitionKey(task).dueBefore(now).count())))
                .toList();
    }

    /** Open incidents per process, activity and incident type (e.g. {@code failedJob}). */
    public List<IncidentFigure> openIncidents() {
        List<Incident> incidents = runtime.createIncidentQuery().listPage(0, MAX_INCIDENTS);
        if (incidents.isEmpty()) {
            return List.of();
        }
        Map<String, String> keys = repository.createProcessDefinitionQuery()
                .processDefinitionIdIn(incidents.stream().map(Incident::getProcessDefinitionId)
                        .filter(id -> id != null).distinct().toArray(String[]::new))
                .list().stream()
                .collect(Collectors.toMap(ProcessDefinition::getId, ProcessDefinition::getKey));
        Map<List<String>, Long> counted = incidents.stream().collect(Collectors.groupingBy(
                incident -> List.of(keys.getOrDefault(String.valueOf(incident.getProcessDefinitionId()), "none"),
                        incident.getActivityId() == null ? "none" : incident.getActivityId(),
                        incident.getIncidentType()),
                () -> new TreeMap<>(Comparator.comparing((List<String> k) -> String.join("\u0000", k))),
                Collectors.counting()));
        return counted.entrySet().stream()
                .map(e -> new IncidentFigure(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), e.getValue()))
                .toList();
    }

    /**
     * @param process the process definition key
     * @param task    the user task's id in the model (its kind, e.g. {@code Activity_ResolveRefundFailure})
     * @param overdue open and past their due date
     */
    public record TaskFigure(String process, String task, long open, long overdue) {
    }

    /** @param type the engine's incident type, e.g. {@code failedJob} */
    public record IncidentFigure(String process, String activity, String type, long incidents) {
    }
}
