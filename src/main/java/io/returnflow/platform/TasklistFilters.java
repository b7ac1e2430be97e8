package io.returnflow.platform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Tasklist filters each team starts from: one per candidate group, listing the tasks offered to
 * the group and those its members have claimed, most urgent first. A filter is created once, by name;
 * an administrator may tune it in Tasklist afterwards and a restart leaves it alone. Who may see a
 * filter is a FILTER READ grant ({@link IdentitySetup}); which tasks it lists depends on the engine's
 * task authorizations, so a filter never shows a task its user could not open.
 *
 * <p>Filters are found by name, and a name may be found more than once: two nodes that started together before
 * the {@link StartLock} each created the filter. Copies that are identical (same query, properties, owner) are
 * repaired at start: the one with the smallest id stays, the copies' grants are added to its own, and the copies
 * go; the same for the filter Camunda's starter creates ({@code camunda.bpm.filter.create}, "All tasks").
 * Same-named filters that differ (an administrator changed one) are all kept and logged; the one with the smallest
 * id is the team's.
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
    private final AuthorizationService authorizations;
    private final JdbcClient jdbc;
    private final String starterFilter;
    private final String filterTable;

    public TasklistFilters(FilterService filterService, TaskService taskService, AuthorizationService authorizations,
                           JdbcClient jdbc, @Value("${camunda.bpm.filter.create:}") String starterFilter,
                           @Value("${camunda.bpm.database.table-prefix:}") String tablePrefix) {
        this.filterService = filterService;
        this.taskService = taskService;
        this.authorizations = authorizations;
        this.jdbc = jdbc;
        this.starterFilter = starterFilter;
        this.filterTable = tablePrefix + "ACT_RU_FILTER";
    }

    /**
     * The filter of that name, created with its definition when missing; identical copies of it are repaired. Of
     * same-named filters that differ, the one with the smallest id.
     */
    public Filter ensure(Definition definition) {
        List<Filter> existing = repairCopies(definition.name());
        if (!existing.isEmpty()) {
            return existing.get(0);
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
        // a node that takes no start lock (an earlier release) may have created it at the same moment
        return repairCopies(definition.name()).get(0);
    }

    /** Repairs identical copies of the filter Camunda's starter creates at start ("All tasks"), if any. */
    void repairStarterFilter() {
        if (!starterFilter.isBlank()) {
            repairCopies(starterFilter);
        }
    }

    /**
     * The filters of that name, smallest id first, after identical copies were merged into the first of them: the
     * copy's grants (and revokes) are added to the kept filter's, then the copy is deleted with its own.
     */
    List<Filter> repairCopies(String name) {
        List<Filter> named = new ArrayList<>(filterService.createFilterQuery().filterName(name).list());
        if (named.size() < 2) {
            return named;
        }
        named.sort(Comparator.comparing(Filter::getId));
        Map<String, StoredFilter> stored = new LinkedHashMap<>();
        // what the engine's API does not compare: the stored query and properties, as text
        jdbc.sql("select ID_, RESOURCE_TYPE_, OWNER_, QUERY_, PROPERTIES_ from " + filterTable + " where NAME_ = ?")
                .param(name)
                .query((rs, row) -> new StoredFilter(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)))
                .list().forEach(f -> stored.put(f.id(), f));
        List<Filter> kept = new ArrayList<>();
        for (Filter filter : named) {
            StoredFilter content = stored.get(filter.getId());
            Filter original = kept.stream()
                    .filter(k -> content != null && content.sameAs(stored.get(k.getId())))
                    .findFirst().orElse(null);
            if (original == null) {
                kept.add(filter);
                continue;
            }
            int moved = moveAuthorizations(filter.getId(), original.getId());
            filterService.deleteFilter(filter.getId());
            log.warn("Tasklist filter '{}' was there twice (nodes that started together): kept {}, deleted its"
                    + " identical copy {} ({} of its grants added to the kept filter's)", name, original.getId(),
                    filter.getId(), moved);
        }
        if (kept.size() > 1) {
            log.warn("Tasklist filters named '{}' differ ({}): all kept; {} is the one the setup grants. An"
                    + " administrator may delete the others in Tasklist.", name,
                    kept.stream().map(Filter::getId).toList(), kept.get(0).getId());
        }
        return kept;
    }

    /** Adds the copy's authorizations to the kept filter's; answers how many changed or were added. */
    private int moveAuthorizations(String fromId, String toId) {
        int moved = 0;
        for (Authorization from : authorizations.createAuthorizationQuery().resourceType(Resources.FILTER)
                .resourceId(fromId).list()) {
            Authorization to = authorizations.createAuthorizationQuery().resourceType(Resources.FILTER)
                    .resourceId(toId).authorizationType(from.getAuthorizationType()).list().stream()
                    .filter(a -> Objects.equals(a.getUserId(), from.getUserId())
                            && Objects.equals(a.getGroupId(), from.getGroupId()))
                    .findFirst().orElse(null);
            if (to == null) {
                to = authorizations.createNewAuthorization(from.getAuthorizationType());
                to.setUserId(from.getUserId());
                to.setGroupId(from.getGroupId());
                to.setResource(Resources.FILTER);
                to.setResourceId(toId);
                to.setPermissions(from.getPermissions(Permissions.values()));
                authorizations.saveAuthorization(to);
                moved++;
            } else if (merge(from, to)) {
                authorizations.saveAuthorization(to);
                moved++;
            }
        }
        return moved;
    }

    /** Gives {@code to} what {@code from} grants (or revokes) besides; whether it changed. */
    private static boolean merge(Authorization from, Authorization to) {
        boolean changed = false;
        for (Permission permission : Permissions.values()) {
            if (permission == Permissions.NONE) {
                continue;
            }
            if (from.getAuthorizationType() == Authorization.AUTH_TYPE_REVOKE) {
                if (from.isPermissionRevoked(permission) && !to.isPermissionRevoked(permission)) {
                    to.removePermission(permission);
                    changed = true;
                }
            } else if (from.isPermissionGranted(permission) && !to.isPermissionGranted(permission)) {
                to.addPermission(permission);
                changed = true;
            }
        }
        return changed;
    }

    /** A filter as the engine stores it: what tells two same-named filters apart. */
    private record StoredFilter(String id, String resourceType, String owner, String query, String properties) {

        boolean sameAs(StoredFilter other) {
            return other != null && Objects.equals(resourceType, other.resourceType)
                    && Objects.equals(owner, other.owner) && Objects.equals(query, other.query)
                    && Objects.equals(properties, other.properties);
        }
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
