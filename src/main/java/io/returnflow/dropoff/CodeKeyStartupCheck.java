package io.returnflow.dropoff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

import io.returnflow.platform.IdentityStartupCheck;
import io.returnflow.platform.StartupRefusal;

/**
 * The local run's drop-off code keys are published with the code (application-local.yaml): codes sealed and hashed
 * with them are open to anyone who reads it. Under any profile but {@code local} the application does not start when
 * one of them is configured, as a secret of {@code returnflow.drop-off.code-keys.secrets} (under any id) or as the
 * older releases' {@code returnflow.drop-off.code-key}; the message names the property.
 *
 * <p>A bean factory post-processor, as {@link IdentityStartupCheck}: it runs before any bean (the vault, the
 * re-sealer) can use the key.
 */
@Component
public class CodeKeyStartupCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String SECRETS = "returnflow.drop-off.code-keys.secrets";
    static final String CODE_KEY = "returnflow.drop-off.code-key";

    /** The development secrets the product's own files publish (application-local.yaml, bench/config). */
    static final Set<String> DEVELOPMENT_KEYS = Set.of(
            "c2FuZGJveC1kcm9wLW9mZi1zZWNyZXQtbG9jYWwtMDE=",
            "c2FuZGJveC1kcm9wb2ZmLWtleS0xMjM0NTY3ODkwMTI=");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (environment.acceptsProfiles(Profiles.of(IdentityStartupCheck.LOCAL_PROFILE))) {
            return;
        }
        List<String> problems = new ArrayList<>();
        Binder binder = Binder.get(environment);
        Map<String, String> secrets = binder.bind(SECRETS, Bindable.mapOf(String.class, String.class))
                .orElseGet(Map::of);
        new TreeMap<>(secrets).forEach((id, secret) -> {
            if (isDevelopmentKey(secret)) {
                problems.add(SECRETS + "." + id + " is a development key published with the code");
            }
        });
        if (isDevelopmentKey(binder.bind(CODE_KEY, String.class).orElse(null))) {
            problems.add(CODE_KEY + " (DROP_OFF_CODE_KEY) is a development key published with the code");
        }
        if (!problems.isEmpty()) {
            throw new DevelopmentCodeKey(List.of(environment.getActiveProfiles()), problems);
        }
    }

    static boolean isDevelopmentKey(String secret) {
        return secret != null && DEVELOPMENT_KEYS.contains(secret.trim());
    }

    static final String ACTION = "Give every node its own secret in the environment "
            + "(RETURNFLOW_DROPOFF_CODEKEYS_SECRETS_<ID>, openssl rand -base64 32; README, \"Drop-off code keys\"), "
            + "or run the local profile (no profile given) on a developer's machine.";

    /** Why the application refused to start; {@link StartupRefusal.Analyzer} reports it. */
    public static final class DevelopmentCodeKey extends StartupRefusal {

        DevelopmentCodeKey(List<String> profiles, List<String> problems) {
            super("The drop-off code keys of the local run are for the local profile only", profiles, problems,
                    ACTION);
        }
    }
}
