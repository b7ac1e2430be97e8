package io.returnflow.platform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the engine grants on a user task to those it is offered to (candidate group or user, assignee): READ,
 * TASK_WORK ({@code defaultUserPermissionNameForTask} in application.yaml) and TASK_ASSIGN. That is what Tasklist
 * needs to list a task, open its form, claim it, give it back (unclaim) and complete it. Not UPDATE, the engine's
 * default, which also lets the holder set and delete any variable of the task and of its journey through the
 * engine REST API ({@code /task/{id}/variables}, {@code /task/{id}/localVariables}): outside the task's decision,
 * which is checked ({@link TaskSubmissionCheck}), a holder writes no variable. The journey's and executions'
 * variable routes need UPDATE on the process instance, which no Tasklist team has.
 */
@Configuration
class TaskHolderGrants {

    @Bean
    ProcessEnginePlugin taskHolderGrantsPlugin() {
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                configuration.setResourceAuthorizationProvider(new Provider());
            }
        };
    }

    /** The engine's provider, with TASK_ASSIGN added to a task holder's permissions (unclaim, hand over). */
    static class Provider extends DefaultAuthorizationProvider {

        @Override
        protected Permission[] getRuntimePermissions(boolean enforceSpecificVariablePermission) {
            List<Permission> permissions = new ArrayList<>(Arrays.asList(
                    super.getRuntimePermissions(enforceSpecificVariablePermission)));
            permissions.add(TaskPermissions.TASK_ASSIGN);
            return permissions.toArray(Permission[]::new);
        }
    }
}
