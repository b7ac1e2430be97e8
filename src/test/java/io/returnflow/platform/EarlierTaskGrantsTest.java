package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * At start, the grants on single tasks that earlier releases had the engine create (exactly READ and UPDATE) lose
 * UPDATE for TASK_WORK and TASK_ASSIGN; a grant someone gave with more is left alone; and two nodes starting at
 * once both start, whichever changes a grant first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("test")
class EarlierTaskGrantsTest {

    @Autowired
    AuthorizationService authorizationService;

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void removeGrants() {
        created.forEach(authorizationService::deleteAuthorization);
    }

    @Test
    void aGrantOfExactlyReadAndUpdateOnATaskBecomesTaskWorkAndTaskAssign() {
        String earlier = grant("task-" + UUID.randomUUID(), TaskPermissions.READ, TaskPermissions.UPDATE);

        new EarlierTaskGrants(authorizationService).convert();

        assertThat(permissions(earlier)).containsExactlyInAnyOrder(TaskPermissions.READ, TaskPermissions.TASK_WORK,
                TaskPermissions.TASK_ASSIGN);
    }

    @Test
    void aGrantWithMoreThanReadAndUpdateWasGivenOnPurposeAndKeepsUpdate() {
        String onPurpose = grant("task-" + UUID.randomUUID(), TaskPermissions.READ, TaskPermissions.UPDATE,
                TaskPermissions.DELETE);
        String updateOnly = grant("task-" + UUID.randomUUID(), TaskPermissions.UPDATE);
        String onAllTasks = grant(Authorization.ANY, TaskPermissions.READ, TaskPermissions.UPDATE);

        new EarlierTaskGrants(authorizationService).convert();

        assertThat(permissions(onPurpose)).containsExactlyInAnyOrder(TaskPermissions.READ, TaskPermissions.UPDATE,
                TaskPermissions.DELETE);
        assertThat(permissions(updateOnly)).containsExactly(TaskPermissions.UPDATE);
        assertThat(permissions(onAllTasks)).containsExactlyInAnyOrder(TaskPermissions.READ, TaskPermissions.UPDATE);
    }

    @Test
    void aGrantAnotherNodeChangedFirstIsTakenAsChanged() {
        String earlier = grant("task-" + UUID.randomUUID(), TaskPermissions.READ, TaskPermissions.UPDATE);
        // this node read the grant; the other node changes it before this one saves it
        AuthorizationService thisNode = spy(authorizationService);
        AtomicBoolean otherNodeDone = new AtomicBoolean();
        doAnswer(save -> {
            if (otherNodeDone.compareAndSet(false, true)) {
                assertThat(new EarlierTaskGrants(authorizationService).convert()).as("the other node").isPositive();
            }
            return save.callRealMethod();
        }).when(thisNode).saveAuthorization(any());

        int changedHere = new EarlierTaskGrants(thisNode).convert();

        assertThat(otherNodeDone).isTrue();
        assertThat(changedHere).as("changed by this node").isZero();
        assertThat(permissions(earlier)).containsExactlyInAnyOrder(TaskPermissions.READ, TaskPermissions.TASK_WORK,
                TaskPermissions.TASK_ASSIGN);
    }

    private String grant(String taskId, Permission... permissions) {
        Authorization grant = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        grant.setGroupId(Roles.CUSTOMER_SERVICE);
        grant.setResource(Resources.TASK);
        grant.setResourceId(taskId);
        for (Permission permission : permissions) {
            grant.addPermission(permission);
        }
        String id = authorizationService.saveAuthorization(grant).getId();
        created.add(id);
        return id;
    }

    private List<TaskPermissions> permissions(String grantId) {
        Authorization grant = authorizationService.createAuthorizationQuery().authorizationId(grantId).singleResult();
        return List.of(TaskPermissions.values()).stream()
                .filter(p -> p != TaskPermissions.NONE && p != TaskPermissions.ALL)
                .filter(grant::isPermissionGranted).toList();
    }
}
