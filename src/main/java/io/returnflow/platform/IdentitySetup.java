package io.returnflow.platform;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
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
 * team needs and the teams' Tasklist filters. In the local run (returnflow.demo-users) it also creates
 * one demo user per role, with the user name as password. Production creates no user: the first admin
 * comes from {@code camunda.bpm.admin-user} and the environment.
 *
 * <p>Customer service and inspectors see only their own tasks: nobody but operations and admins gets
 * READ_TASK on the process definition or READ on all tasks. When a user task offers itself to a
 * candidate group, the engine grants that group READ and UPDATE on that one task (its default task
 * permissions), which is what Tasklist needs to list, claim, show the form of and complete the task;
 * the deployed form itself is read without a deployment grant.
 */
@Component
public class IdentitySetup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(IdentitySetup.class);

    /** Group id to its readable name. */
    private static final Map<String, String> GROUPS = Map.of(
            Roles.MERCHANT_API, "Merchant systems (API)",
            Roles.STORE_CLERK, "Store clerks",
            Roles.CUSTOMER_SERVICE, "Customer service",
            Roles.WAREHOUSE, "Warehouse inspectors",
            Roles.OPS, "Operations");

    /** Demo user id to its group; the password is the user id. */
    private static final Map<String, String> DEMO_USERS = Map.of(
            "merchant", Roles.MERCHANT_API,
            "clerk", Roles.STORE_CLERK,
            "cs", Roles.CUSTOMER_SERVICE,
            "inspector", Roles.WAREHOUSE,
            "ops", Roles.OPS);

    /** Which Camunda webapps each group may open; operations also resolve escalated refund failures. */
    private static final Map<String, List<String>> APPLICATION_ACCESS = Map.of(
            Roles.CUSTOMER_SERVICE, List.of("tasklist"),
            Roles.WAREHOUSE, List.of("tasklist"),
            Roles.OPS, List.of("cockpit", "tasklist"));

    /** The journey whose tasks the Tasklist teams work on. */
    static final String JOURNEY = "return-journey";

    private final IdentityService identityService;
    private final AuthorizationService authorizationService;
    private final TasklistFilters filters;
    private final boolean demoUsers;

    public IdentitySetup(IdentityService identityService, AuthorizationService authorizationService,
                         TasklistFilters filters, @Value("${returnflow.demo-users:false}") boolean demoUsers) {
        this.identityService = identityService;
        this.authorizationService = authorizationService;
        this.filters = filters;
        this.demoUsers = demoUsers;
    }

    @Override
    public void run(ApplicationArguments args) {
        GROUPS.forEach(this::ensureGroup);
        APPLICATION_ACCESS.forEach((group, applications) -> applications.forEach(application ->
                ensureGrant(group, Resources.APPLICATION, application, Permissions.ACCESS)));
        // Tasklist shows the journey's name and diagram next to a task; READ gives neither tasks nor instances
        ensureGrant(Roles.CUSTOMER_SERVICE, Resources.PROCESS_DEFINITION, JOURNEY, Permissions.READ);
        ensureGrant(Roles.WAREHOUSE, Resources.PROCESS_DEFINITION, JOURNEY, Permissions.READ);
        for (TasklistFilters.Definition definition : TasklistFilters.ALL) {
            Filter filter = filters.ensure(definition);
            ensureGrant(definition.group(), Resources.FILTER, filter.getId(), Permissions.READ);
        }
        // operations watch every journey in Cockpit, running and finished, and fix incidents
        ensureGrant(Roles.OPS, Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ,
                Permissions.READ_INSTANCE, Permissions.READ_HISTORY, Permissions.UPDATE_INSTANCE);
        ensureGrant(Roles.OPS, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.READ, Permissions.UPDATE);
        ensureGrant(Roles.OPS, Resources.DECISION_DEFINITION, Authorization.ANY, Permissions.READ,
                Permissions.READ_HISTORY);
        ensureGrant(Roles.OPS, Resources.DEPLOYMENT, Authorization.ANY, Permissions.READ);
        if (demoUsers) {
            DEMO_USERS.forEach(this::ensureDemoUser);
            log.info("Demo users present: admin, {}", String.join(", ", DEMO_USERS.keySet()));
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

    /** Grants the permissions unless the group already has a grant on that resource. */
    private void ensureGrant(String groupId, Resources resource, String resourceId, Permissions... permissions) {
        boolean present = authorizationService.createAuthorizationQuery()
                .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).count() > 0;
        if (!present) {
            Authorization grant = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
            grant.setGroupId(groupId);
            grant.setResource(resource);
            grant.setResourceId(resourceId);
            for (Permissions permission : permissions) {
                grant.addPermission(permission);
            }
            authorizationService.saveAuthorization(grant);
        }
    }
}
