package io.returnflow.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Tasklist filters each team starts from: one per candidate group, listing the tasks offered to
 * the group and those its members have claimed, most urgent first. A filter is created once, by name;
 * an administrator may tune it in Tasklist afterwards and a restart leaves it alone. Who may see a
 * filter is a FILTER READ grant ({@link IdentitySetup}); which tasks it lists depends on the engine's
 * task authorizations, so a filter never shows a task its user could not open.
 */
@Component
public class TasklistFilters {

    private static final Logger log = LoggerFactory.getLogger(TasklistFilters.class);

    /**
     * One team's filter.
     *
     * @param priority Tasklist lists filters by ascending priority
     */
    public record Definition(String name, String group, String description, int priority, String color) {
    }

    public static final Definition CUSTOMER_SERVICE = new Definition("Customer service — open exceptions",
            Roles.CUSTOMER_SERVICE,
            "Failed pickups, missing parcels and refund failures waiting for customer service", 1, "#c0392b");
    public static final Definition INSPECTION = new Definition("Inspection queue", Roles.WAREHOUSE,
            "Returned parcels waiting for a manual inspection at the warehouse", 2, "#2471a3");
    public static final Definition OPERATIONS = new Definition("Operations — escalated exceptions", Roles.OPS,
            "Refund failures customer service escalated to operations", 3, "#7d3c98");

    public static final List<Definition> ALL = List.of(CUSTOMER_SERVICE, INSPECTION, OPERATIONS);

    private final FilterService filterService;
    private final TaskService taskService;

    public TasklistFilters(FilterService filterService, TaskService taskService) {
        this.filterService = filterService;
        this.taskService = taskService;
    }

    /** The filter of that name, created with its definition when missing. */
    public Filter ensure(Definition definition) {
        Filter existing = filterService.createFilterQuery().filterName(definition.name()).singleResult();
        if (existing != null) {
            return existing;
        }
        TaskQuery query = taskService.createTaskQuery()
                .taskCandidateGroup(definition.group())
                .includeAssignedTasks()
                .orderByDueDate().asc();
        Filter filter = filterService.newTaskFilter(definition.name())
                .setQuery(query)
                .setProperties(properties(definition));
        filterService.saveFilter(filter);
        log.info("Created Tasklist filter '{}' for group {}", definition.name(), definition.group());
        return filter;
    }

    private static Map<String, Object> properties(Definition definition) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("description", definition.description());
        properties.put("priority", definition.priority());
        properties.put("color", definition.color());
        properties.put("refresh", true);
        // the list shows each task's return id, so a person can find the case the task is about
        properties.put("variables", List.of(Map.of("name", "returnId", "label", "Return")));
        properties.put("showUndefinedVariable", false);
        return properties;
    }
}
