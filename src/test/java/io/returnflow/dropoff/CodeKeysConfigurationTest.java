package io.returnflow.dropoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The drop-off keys as the application binds them: the local run's development key, and the {@code postgres}
 * profile taking every key from the environment as README's "Drop-off code keys" tells operators.
 */
class CodeKeysConfigurationTest {

    /** The product's files as the {@code local} profile (postgres false) or the {@code postgres} profile read them. */
    static DropOffProperties bind(boolean postgres, Map<String, Object> environmentVariables) throws IOException {
        return bind(postgres ? "application-postgres.yaml" : "application-local.yaml", environmentVariables);
    }

    /** The base file under one profile's file ({@code null}: none, as a profile without a file of its own). */
    static DropOffProperties bind(String profileFile, Map<String, Object> environmentVariables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        var sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
        if (profileFile != null) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    yaml.load(profileFile, new ClassPathResource(profileFile)).get(0));
        }
        sources.addLast(yaml.load("base", new ClassPathResource("application.yaml")).get(0));
        return Binder.get(environment).bind("returnflow.drop-off", DropOffProperties.class).get();
    }

    @Test
    void theLocalRunHasADevelopmentKeyAndOpensCodesOfOlderReleases() throws IOException {
        CodeVault vault = new CodeVault(bind(false, Map.of()));

        assertThat(vault.activeKeyId()).isEqualTo("local1");
        assertThat(vault.opensOlderReleaseCodes()).isTrue();
    }

    @Test
    void inProductionEveryKeyComesFromTheEnvironmentAndTheDevelopmentKeyIsNone() throws IOException {
        Map<String, Object> env = new HashMap<>();
        env.put("DROP_OFF_CODE_KEY_ID", "k2");
        env.put("RETURNFLOW_DROPOFF_CODEKEYS_SECRETS_K1", CodeVaultTest.K1);
        env.put("RETURNFLOW_DROPOFF_CODEKEYS_SECRETS_K2", CodeVaultTest.K2);
        env.put("RETURNFLOW_DROPOFF_CODEKEYS_RETIRING", "k1");
        CodeVault vault = new CodeVault(bind(true, env));

        assertThat(vault.activeKeyId()).isEqualTo("k2");
        assertThat(vault.retiringKeyIds()).containsExactly("k1");
        assertThat(vault.opensOlderReleaseCodes()).isFalse();
    }

    @Test
    void inProductionTheStartFailsWithoutTheActiveKeysSecret() throws IOException {
        DropOffProperties noSecret = bind(true, Map.of("DROP_OFF_CODE_KEY_ID", "k1"));
        assertThatIllegalStateException().isThrownBy(() -> new CodeVault(noSecret))
                .withMessageContaining("active is 'k1', but returnflow.drop-off.code-keys.secrets has no secret");

        DropOffProperties nothing = bind(true, Map.of());
        assertThatIllegalStateException().isThrownBy(() -> new CodeVault(nothing))
                .withMessageContaining("returnflow.drop-off.code-keys.active is not set");
    }

    @Test
    void aProfileWithoutKeysOfItsOwnHasNoneAndDoesNotStart() throws IOException {
        DropOffProperties staging = bind((String) null, Map.of());

        assertThat(staging.codeKeys().secrets()).isEmpty();
        assertThat(staging.codeKey()).isNull();
        assertThatIllegalStateException().isThrownBy(() -> new CodeVault(staging))
                .withMessageContaining("returnflow.drop-off.code-keys.active is not set");
    }
}
