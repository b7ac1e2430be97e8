package io.returnflow.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Demo users and a default admin password belong to the local run only. Under any other profile (production's
 * {@code postgres} among them) the application does not start when {@code returnflow.demo-users} is on, or when the
 * first admin ({@code camunda.bpm.admin-user}) has no password, a known default one (admin, the user id, ...) or
 * one shorter than {@code returnflow.admin-password.min-length}: the message names the property to set.
 *
 * <p>A bean factory post-processor, so that it runs before any bean is made: the engine would otherwise create the
 * admin first (and, given no password, Camunda's starter takes the user id as the password).
 */
@Component
public class IdentityStartupCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    /** The profile of the local run ({@code spring.profiles.default}, application-local.yaml). */
    public static final String LOCAL_PROFILE = "local";

    static final String ADMIN_ID = "camunda.bpm.admin-user.id";
    static final String ADMIN_PASSWORD = "camunda.bpm.admin-user.password";
    static final String DEMO_USERS = "returnflow.demo-users";
    static final String ADMIN_PASSWORD_RULES = "returnflow.admin-password";
    private static final String PLACEHOLDER = "${";

    /** Defaults of Camunda, of this product's local run and of the usual installers, compared ignoring case. */
    private static final Set<String> KNOWN_DEFAULTS = Set.of("admin", "administrator", "password", "changeme",
            "change-me", "changeit", "camunda", "demo", "returnflow", "secret", "letmein", "welcome", "qwerty",
            "123456", "12345678", "123456789", "1234567890", "123456789012", "password123", "admin123",
            "adminadmin", "administrator1");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE))) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (environment.getProperty(DEMO_USERS, Boolean.class, false)) {
            problems.add(DEMO_USERS + " is true: demo users (password = user name) exist in the local profile only");
        }
        String adminId = environment.getProperty(ADMIN_ID);
        if (adminId != null && !adminId.isBlank()) {
            AdminPasswordProperties rules = Binder.get(environment)
                    .bind(ADMIN_PASSWORD_RULES, AdminPasswordProperties.class)
                    .orElseGet(() -> new AdminPasswordProperties(1));
            String weakness = weakness(adminId, password(), rules);
            if (weakness != null) {
                problems.add(ADMIN_PASSWORD + " (RETURNFLOW_ADMIN_PASSWORD) " + weakness);
            }
        }
        if (!problems.isEmpty()) {
            throw new UnsafeIdentity(List.of(environment.getActiveProfiles()), problems);
        }
    }

    /** Why the application refused to start; {@link StartupRefusal.Analyzer} reports it. */
    public static final class UnsafeIdentity extends StartupRefusal {

        UnsafeIdentity(List<String> profiles, List<String> problems) {
            super("Demo users and default admin passwords are for the local profile only", profiles, problems,
                    ACTION);
        }
    }

    static final String ACTION = "Set a strong admin password in the environment (RETURNFLOW_ADMIN_PASSWORD) and "
            + "leave returnflow.demo-users off, or run the local profile (no profile given) on a developer's machine.";

    /** The admin's password as configured; {@code null} when a placeholder in it names nothing that is set. */
    private String password() {
        try {
            return environment.getProperty(ADMIN_PASSWORD);
        } catch (IllegalArgumentException unresolvable) {
            return null;
        }
    }

    /** Why this password will not do for the admin; {@code null} when it does. */
    static String weakness(String adminId, String password, AdminPasswordProperties rules) {
        if (password == null || password.isBlank() || password.contains(PLACEHOLDER)) {
            return "is not set: the admin " + adminId + " needs a password of at least " + rules.minLength()
                    + " characters";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (KNOWN_DEFAULTS.contains(lower) || lower.equals(adminId.toLowerCase(Locale.ROOT))) {
            return "is a known default password";
        }
        if (password.length() < rules.minLength()) {
            return "is shorter than " + rules.minLength() + " characters (" + ADMIN_PASSWORD_RULES + ".min-length)";
        }
        return null;
    }
}
