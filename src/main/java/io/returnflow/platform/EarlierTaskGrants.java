package io.returnflow.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grants on single tasks that earlier releases had the engine create (READ and UPDATE, its former default)
 * become READ, TASK_WORK and TASK_ASSIGN, as the engine creates them now ({@link TaskHolderGrants}): the holder
 * still claims, unclaims and completes the task, but no longer sets its variables.
 *
 * <p>Only grants that are exactly READ and UPDATE are changed: a grant with anything more, or on all tasks
 * ({@code *}, administrators' and operations'), was given on purpose and is left as it is. Every node runs this at
 * start, possibly at the same moment: a grant another node changed first is taken as changed.
 */
class EarlierTaskGrants {

    private static final Logger log = LoggerFactory.getLogger(EarlierTaskGrants.class);
    /** What the engine granted a task's candidates and assignee before. */
    private static final Set<TaskPermissions> EARLIER = Set.of(TaskPermissions.READ, TaskPermissions.UPDATE);

    private final AuthorizationService authorizations;

    EarlierTaskGrants(AuthorizationService authorizations) {
        this.authorizations = authorizations;
    }

    /** Changes the grants earlier releases created; answers how many this call changed. */
    int convert() {
        List<Authorization> earlier = authorizations.createAuthorizationQuery()
                .authorizationType(Authorization.AUTH_TYPE_GRANT).resourceType(Resources.TASK)
                .hasPermission(Permissions.UPDATE).list().stream()
                .filter(EarlierTaskGrants::createdByAnEarlierRelease).toList();
        int changed = 0;
        for (Authorization grant : earlier) {
            if (change(grant)) {
                changed++;
            }
        }
        if (changed > 0) {
            log.info("{} grant(s) on single tasks changed from UPDATE to TASK_WORK and TASK_ASSIGN", changed);
        }
        return changed;
    }

    /** Whether this call changed the grant (false: another node did, or it is no longer what it was). */
    private boolean change(Authorization grant) {
        try {
            save(grant);
            return true;
        } catch (OptimisticLockingException changedMeanwhile) {
            // another node starting at the same time changed or removed it: read it again
            Authorization now = authorizations.createAuthorizationQuery().authorizationId(grant.getId())
                    .singleResult();
            if (now == null || !createdByAnEarlierRelease(now)) {
                return false;
            }
            save(now);
            return true;
        }
    }

    private void save(Authorization grant) {
        grant.removePermission(TaskPermissions.UPDATE);
        grant.addPermission(TaskPermissions.TASK_WORK);
        grant.addPermission(TaskPermissions.TASK_ASSIGN);
        authorizations.saveAuthorization(grant);
    }

    /** A grant on one task of exactly READ and UPDATE. */
    static boolean createdByAnEarlierRelease(Authorization grant) {
        if (grant.getAuthorizationType() != Authorization.AUTH_TYPE_GRANT
                || Authorization.ANY.equals(grant.getResourceId())) {
            return false;
        }
        return Arrays.stream(TaskPermissions.values())
                .filter(p -> p != TaskPermissions.NONE && p != TaskPermissions.ALL)
                .filter(grant::isPermissionGranted).collect(Collectors.toSet()).equals(EARLIER);
    }
}
