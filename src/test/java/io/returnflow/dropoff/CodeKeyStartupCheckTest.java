package io.returnflow.dropoff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The local run's published drop-off code keys start in the local profile only: under any other profile the context
 * does not start, and says which property holds one.
 */
class CodeKeyStartupCheckTest {

    static final String LOCAL_SECRET = "c2FuZGJveC1kcm9wLW9mZi1zZWNyZXQtbG9jYWwtMDE=";
    static final String LOCAL_CODE_KEY = "c2FuZGJveC1kcm9wb2ZmLWtleS0xMjM0NTY3ODkwMTI=";

    final ApplicationContextRunner runner = new ApplicationContextRunner().withBean(CodeKeyStartupCheck.class);

    ApplicationContextRunner under(String profile) {
        return runner.withInitializer(context -> context.getEnvironment().setActiveProfiles(profile));
    }

    @Test
    void anotherProfileRefusesTheDevelopmentKeysUnderAnyId() {
        under("staging").withPropertyValues("returnflow.drop-off.code-keys.active=k1",
                "returnflow.drop-off.code-keys.secrets.k1=" + LOCAL_SECRET).run(context ->
                assertThat(context.getStartupFailure())
                        .hasMessageContaining("returnflow.drop-off.code-keys.secrets.k1 is a development key"));
        under("postgres").withPropertyValues("returnflow.drop-off.code-keys.secrets.k1=" + CodeVaultTest.K1,
                "returnflow.drop-off.code-key=" + LOCAL_CODE_KEY).run(context ->
                assertThat(context.getStartupFailure())
                        .hasMessageContaining("returnflow.drop-off.code-key (DROP_OFF_CODE_KEY) is a development key")
                        .hasMessageNotContaining("secrets.k1"));
    }

    @Test
    void anotherProfileStartsWithItsOwnKeys() {
        under("staging").withPropertyValues("returnflow.drop-off.code-keys.secrets.k1=" + CodeVaultTest.K1,
                "returnflow.drop-off.code-keys.secrets.local1=").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theLocalRunKeepsItsDevelopmentKeys() {
        under("local").withPropertyValues("returnflow.drop-off.code-keys.secrets.local1=" + LOCAL_SECRET,
                "returnflow.drop-off.code-key=" + LOCAL_CODE_KEY).run(context -> assertThat(context).hasNotFailed());
        // the tests' profile group and the benchmark's profiles include it
        under("local").withInitializer(c -> c.getEnvironment().setActiveProfiles("postgres", "bench", "local"))
                .withPropertyValues("returnflow.drop-off.code-keys.secrets.local1=" + LOCAL_SECRET)
                .run(context -> assertThat(context).hasNotFailed());
    }
}
