package io.returnflow.platform;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.BatchPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates, idempotently at every start, the groups that grant the API's roles, the webapp access each
 * team needs and the teams' Tasklist filters. In the local run (the {@code local} profile sets
 * returnflow.demo-users) it also creates one demo user per role, with the user name as password; under any other
 * profile {@link IdentityStartupCheck} refuses to start with demo users. Production creates no user: the first
 * admin comes from {@code camunda.bpm.admin-user} and the environment.
 *
 * <p>Customer service and inspectors see only their own tasks: nobody but operations and admins gets
 * READ_TASK on the process definition or READ on all tasks. When a user task offers itself to a
 * candidate group, the engine grants that group READ, TASK_WORK and TASK_ASSIGN on that one task
 * ({@link TaskHolderGrants}), which is what Tasklist needs to list, claim, unclaim, show the form of and
 * complete the task; the deployed form itself is read without a deployment grant. Not UPDATE, the engine's
 * default: it would also let the task's holder set any variable of the task and of its journey through the
 * engine REST API's variable routes, outside the task's checked decision. Grants of open tasks that an
 * earlier release created with UPDATE (exactly READ and UPDATE) are changed the same way at start
 * ({@link EarlierTaskGrants}).
 *
 * <p>A grant is matched by group, resource type and resource id. One that an earlier release created
 * with fewer permissions gets the missing ones added (a role's needs grow with the product); a
 * permission an administrator added stays. To take a right away from someone, take them out of the
 * group: a permission removed from these grants comes back at the next start.
 *
 * <p>Nodes start one at a time ({@link StartLock}), and every write here still tolerates another node's same
 * write at the same moment (a node of an earlier release takes no start lock): each looks, writes what is missing,
 * and when the write fails because another node wrote first, looks again ({@link #ensure}).
 */
@Component
class IdentitySetup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(IdentitySetup.class);

    /** Group id to its readable name. */
    private static final Map<String, String> GROUPS = Map.of(
            Roles.MERCHANT_API, "Merchant systems (API)",
            Roles.STORE_CLERK, "Store clerks",
            Roles.CUSTOMER_SERVICE, "Customer service",
            Roles.WAREHOUSE, "Warehouse inspectors",
            Roles.OPS, "Operations",
            Roles.ANALYST, "Process analysts",
            Roles.MONITORING, "Monitoring (metrics scrape)");

    /** Demo user id to its group; the password is the user id. */
    private static final Map<String, String> DEMO_USERS = Map.of(
            "merchant", Roles.MERCHANT_API,
            "clerk", Roles.STORE_CLERK,
            "cs", Roles.CUSTOMER_SERVICE,
            "inspector", Roles.WAREHOUSE,
            "ops", Roles.OPS,
            "analyst", Roles.ANALYST);

    /**
     * Which Camunda webapps each group may open; operations also resolve escalated refund failures (and
     * reconcile a model a release replaced) in Tasklist; analysts check their deployments in Cockpit.
     */
    private static final Map<String, List<String>> APPLICATION_ACCESS = Map.of(
            Roles.CUSTOMER_SERVICE, List.of("tasklist"),
            Roles.WAREHOUSE, List.of("tasklist"),
            Roles.OPS, List.of("cockpit", "tasklist"),
            Roles.ANALYST, List.of("cockpit"));

    /** The journey whose tasks the Tasklist teams work on. */
    static final String JOURNEY = "return-journey";

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;
    private final TasklistFilters filters;
    private final OperationsProperties.ScrapeUser scrapeUser;
    private final boolean demoUsers;

    public IdentitySetup(IdentityService identityService, AuthorizationService authorizationService,
                         TasklistFilters filters, OperationsProperties operations,
                         @Value("${returnflow.demo-users:false}") boolean demoUsers) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
        this.filters = filters;
        this.scrapeUser = operations.scrapeUser();
        this.demoUsers = demoUsers;
    }

    /** How often one check-then-write is tried when other writers keep getting there first. */
    static final int ATTEMPTS = 3;

    @Override
    public void run(ApplicationArguments args) {
        GROUPS.forEach((id, name) -> ensure("group " + id, () -> ensureGroup(id, name)));
        APPLICATION_ACCESS.forEach((group, applications) -> applications.forEach(application ->
                ensureGrant(group, Resources.APPLICATION, application, Permissions.ACCESS)));
        // Tasklist shows the journey's name and diagram next to a task; READ gives neither tasks nor instances
        ensureGrant(Roles.CUSTOMER_SERVICE, Resources.PROCESS_DEFINITION, JOURNEY, Permissions.READ);
        ensureGrant(Roles.WAREHOUSE, Resources.PROCESS_DEFINITION, JOURNEY, Permissions.READ);
        filters.repairStarterFilter();
        for (TasklistFilters.Definition definition : TasklistFilters.ALL) {
            Filter filter = found("Tasklist filter " + definition.name(), () -> filters.ensure(definition));
            ensureGrant(definition.group(), Resources.FILTER, filter.getId(), Permissions.READ);
        }
        new EarlierTaskGrants(authorizationService).convert();
        operationsInCockpit();
        analystsDeployModels();
        if (scrapeUser.isSet()) {
            ensure("metrics scrape user", this::ensureScrapeUser);
        }
        if (demoUsers) {
            DEMO_USERS.forEach((id, group) -> ensure("demo user " + id, () -> ensureDemoUser(id, group)));
            log.info("Demo users present: admin, {}", String.join(", ", DEMO_USERS.keySet()));
        }
    }

    /**
     * Runs a check-then-write that another node may run at the same moment: when the write fails (a unique key,
     * an optimistic lock: the other node wrote first), it looks again and writes what is still missing.
     */
    static void ensure(String what, Runnable checkThenWrite) {
        found(what, () -> {
            checkThenWrite.run();
            return null;
        });
    }

    /** {@link #ensure(String, Runnable)} that answers what it found or wrote. */
    static <T> T found(String what, Supplier<T> checkThenWrite) {
        for (int attempt = 1; ; attempt++) {
            try {
                return checkThenWrite.get();
            } catch (ProcessEngineException writtenMeanwhile) {
                if (attempt >= ATTEMPTS) {
                    throw writtenMeanwhile;
                }
                log.info("Setup of {}: another writer got there first ({}); looking again", what,
                        writtenMeanwhile.getMessage());
            }
        }
    }

    /**
     * Operations watch every journey in Cockpit, running and finished, and fix incidents: what each
     * Cockpit view they use asks of the engine.
     */
    private void operationsInCockpit() {
        // definitions, their instances and history; retry a failed job, one at a time (UPDATE_INSTANCE)
        ensureGrant(Roles.OPS, Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ,
                Permissions.READ_INSTANCE, Permissions.READ_HISTORY, Permissions.UPDATE_INSTANCE);
        ensureGrant(Roles.OPS, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.READ, Permissions.UPDATE);
        ensureGrant(Roles.OPS, Resources.DECISION_DEFINITION, Authorization.ANY, Permissions.READ,
                Permissions.READ_HISTORY);
        ensureGrant(Roles.OPS, Resources.DEPLOYMENT, Authorization.ANY, Permissions.READ);
        // "retry all" (POST /job/retries, /process-instance/job-retries) creates a set-job-retries batch, and
        // Cockpit's batch view follows it; no other kind of batch (migrate, modify, delete, ...)
        ensureGrant(Roles.OPS, Resources.BATCH, Authorization.ANY, BatchPermissions.CREATE_BATCH_SET_JOB_RETRIES,
                BatchPermissions.READ, BatchPermissions.READ_HISTORY);
        // the dashboard's human tasks: the count per candidate group (GET /task/report/candidate-group-count)
        // checks READ on every task, and an instance's "User Tasks" tab lists them. READ only: operations do not
        // work other teams' tasks (those offered to ops get READ and UPDATE from the engine, task by task).
        ensureGrant(Roles.OPS, Resources.TASK, Authorization.ANY, Permissions.READ);
        // the dashboard's open task counts read task history: READ_HISTORY on the definitions above is what the
        // engine checks (HISTORIC_TASK grants count only with enableHistoricInstancePermissions, which is off)
    }

    /**
     * Analysts deploy a changed diagram or table from Camunda Modeler (POST /engine-rest/deployment/create),
     * roll back by redeploying an earlier deployment (POST /deployment/{id}/redeploy: CREATE, and READ on the
     * earlier one), and check in Cockpit which version new journeys run on. Deploying is running code: a model
     * calls the application's beans, so this group is for people trusted with that.
     */
    private void analystsDeployModels() {
        ensureGrant(Roles.ANALYST, Resources.DEPLOYMENT, Authorization.ANY, Permissions.CREATE, Permissions.READ);
        ensureGrant(Roles.ANALYST, Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ,
                Permissions.READ_INSTANCE, Permissions.READ_HISTORY);
        ensureGrant(Roles.ANALYST, Resources.DECISION_DEFINITION, Authorization.ANY, Permissions.READ,
                Permissions.READ_HISTORY);
        ensureGrant(Roles.ANALYST, Resources.DECISION_REQUIREMENTS_DEFINITION, Authorization.ANY, Permissions.READ);
    }

    /**
     * Prometheus' user, in the group {@code monitoring} only, with the configured password (changed when the
     * environment's differs: the environment is where it is managed).
     */
    private void ensureScrapeUser() {
        String id = scrapeUser.id();
        User user = identityService.createUserQuery().userId(id).list().stream().findFirst().orElse(null);
        if (user == null) {
            user = identityService.newUser(id);
            user.setFirstName("Metrics");
            user.setLastName("scrape");
            user.setPassword(scrapeUser.password());
            identityService.saveUser(user);
            log.info("Created the metrics scrape user {}", id);
        } else if (!identityService.checkPassword(id, scrapeUser.password())) {
            user.setPassword(scrapeUser.password());
            identityService.saveUser(user);
            log.info("Metrics scrape user {}: password set from the configuration", id);
        }
        if (identityService.createUserQuery().userId(id).memberOfGroup(Roles.MONITORING).count() == 0) {
            identityService.createMembership(id, Roles.MONITORING);
        }
    }

    private void ensureGroup(String id, String name) {
        if (identityService.createGroupQuery().groupId(id).count() == 0) {
            Group group = identityService.newGroup(id);
            group.setName(name);
            group.setType("WORKFLOW");
            identityService.saveGroup(group);
            log.info("Created group {}", id);
        }
    }

    private void ensureDemoUser(String id, String groupId) {
        if (identityService.createUserQuery().userId(id).count() == 0) {
            User user = identityService.newUser(id);
            user.setFirstName("Demo");
            user.setLastName(id);
            user.setPassword(id);
            identityService.saveUser(user);
        }
        if (identityService.createUserQuery().userId(id).memberOfGroup(groupId).count() == 0) {
            identityService.createMembership(id, groupId);
        }
    }

    /**
     * Grants the permissions: a new grant, or the missing permissions added to the group's grant on that
     * resource (whatever else it holds stays).
     */
    private void ensureGrant(String groupId, Resources resource, String resourceId, Permission... permissions) {
        ensure("grant of " + groupId + " on " + resource.resourceName() + " " + resourceId,
                () -> writeGrant(groupId, resource, resourceId, permissions));
    }

    private void writeGrant(String groupId, Resources resource, String resourceId, Permission... permissions) {
        List<Authorization> present = authorizationService.createAuthorizationQuery()
                .authorizationType(Authorization.AUTH_TYPE_GRANT)
                .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).list();
        if (present.stream().anyMatch(grant -> grantsAll(grant, permissions))) {
            return;
        }
        Authorization grant = present.isEmpty()
                ? authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT)
                : present.get(0);
        if (present.isEmpty()) {
            grant.setGroupId(groupId);
            grant.setResource(resource);
            grant.setResourceId(resourceId);
        }
        for (Permission permission : permissions) {
            grant.addPermission(permission);
        }
        authorizationService.saveAuthorization(grant);
        if (!present.isEmpty()) {
            log.info("Grant of group {} on {} {} completed with {}", groupId, resource.resourceName(), resourceId,
                    List.of(permissions).stream().map(Permission::getName).toList());
        }
    }

    private static boolean grantsAll(Authorization grant, Permission... permissions) {
        for (Permission permission : permissions) {
            if (!grant.isPermissionGranted(permission)) {
                return false;
            }
        }
        return true;
    }
}
