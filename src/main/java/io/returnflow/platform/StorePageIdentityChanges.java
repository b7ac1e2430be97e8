package io.returnflow.platform;

import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.STORE_CLERK;

import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.IdentityServiceImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Component;

/**
 * Ends a user's clerk's-page sessions, on every node, as soon as the engine's identity service changes the user's
 * password, deletes the user, or takes them out of the last of {@code store-clerk} and {@code camunda-admin}.
 * Camunda Admin, the engine's REST API and the application all change users through that one service, which this
 * plugin replaces with one that ends the sessions after each such change. A session needs no password
 * check of its own afterwards: the log-in was the check, and a new password means a new log-in.
 *
 * <p>Changes made past the service (another identity provider, SQL) are caught by the check on each request
 * ({@link StorePageClerkCheck}) for deleted, locked and removed users, and by the session's absolute lifetime for a
 * password changed that way.
 */
@Component
class StorePageIdentityChanges extends AbstractProcessEnginePlugin {

    /** Lazily: the session repository needs the data source the engine is being built with. */
    private final ObjectProvider<FindByIndexNameSessionRepository<?>> sessions;

    StorePageIdentityChanges(ObjectProvider<FindByIndexNameSessionRepository<?>> sessions) {
        this.sessions = sessions;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setIdentityService(new SessionEndingIdentityService());
    }

    void endSessionsOf(String userId) {
        FindByIndexNameSessionRepository<?> repository = sessions.getIfAvailable();
        if (repository == null || userId == null) {
            return;
        }
        for (String sessionId : repository.findByPrincipalName(userId).keySet()) {
            repository.deleteById(sessionId);
        }
    }

    private final class SessionEndingIdentityService extends IdentityServiceImpl {

        @Override
        public void saveUser(User user, boolean skipPasswordPolicy) {
            // the new password is known only until it is hashed on saving
            boolean newPassword = user instanceof UserEntity entity && entity.hasNewPassword();
            super.saveUser(user, skipPasswordPolicy);
            if (newPassword) {
                endSessionsOf(user.getId());
            }
        }

        @Override
        public void deleteUser(String userId) {
            super.deleteUser(userId);
            endSessionsOf(userId);
        }

        @Override
        public void deleteMembership(String userId, String groupId) {
            super.deleteMembership(userId, groupId);
            // the other page group may still hold the user: the next request's check decides then
            if ((STORE_CLERK.equals(groupId) || ADMIN.equals(groupId))
                    && !StorePageClerkCheck.inPageGroup(this, userId)) {
                endSessionsOf(userId);
            }
        }
    }
}
