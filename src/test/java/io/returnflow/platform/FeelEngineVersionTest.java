package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * The decision tables run on a FEEL engine that builds its context of built-in functions once
 * (feel-scala 1.19.5 and later in the 1.19 line), not on the 1.19.3 that Camunda 7.24.0 brings, which
 * rebuilds it for every expression it evaluates. Fails when the pom's override is lost while Camunda
 * still brings an older engine.
 */
class FeelEngineVersionTest {

    private static final String POM = "META-INF/maven/org.camunda.feel/feel-engine/pom.properties";

    @Test
    void theDecisionTablesRunOnAFeelEngineThatBuildsItsBuiltInsOnce() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = FeelEngineVersionTest.class.getClassLoader().getResourceAsStream(POM)) {
            assertThat(in).as(POM + " on the classpath").isNotNull();
            pom.load(in);
        }
        int[] version = Arrays.stream(pom.getProperty("version").split("[.-]")).limit(3)
                .mapToInt(Integer::parseInt).toArray();

        assertThat(version[0] * 1_000_000 + version[1] * 1_000 + version[2])
                .as("feel-engine " + pom.getProperty("version") + ", at least 1.19.5")
                .isGreaterThanOrEqualTo(1_019_005);
    }
}
