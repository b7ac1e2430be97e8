// CPU per evaluation of a decision table on the FEEL engine the application ships: see bench/README.md.
// mvn -B -o -P bench process-classes -Dbench.program=bench/DecisionBenchmark.java [-Dfeel-scala.version=1.19.3]
//     [-Dbench.args="feel=caching"]

import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;

import io.returnflow.platform.CachingFeelEngine;

/**
 * Evaluates processes/return-eligibility.dmn (asked once per returned line while the buyer waits for the
 * create) on Camunda's DMN engine, in rounds of 20,000 evaluations with varied inputs, and prints the CPU
 * time of each evaluation (this thread's CPU time, so other load on the machine slows the rounds but hardly
 * moves the figure). {@code feel=default} (the default) evaluates FEEL with Camunda's default engine, which
 * parses every expression text on every evaluation; {@code feel=caching} with the application's
 * {@link CachingFeelEngine}, which parses each text once.
 */
public class DecisionBenchmark {

    public static void main(String[] args) throws Exception {
        int evaluations = 20_000;
        int rounds = 5;
        String feel = "default";
        for (String arg : args) {
            // the bench profile's options for the journey benchmark are ignored here
            if (arg.startsWith("evaluations=")) {
                evaluations = Integer.parseInt(arg.substring("evaluations=".length()));
            } else if (arg.startsWith("rounds=")) {
                rounds = Integer.parseInt(arg.substring("rounds=".length()));
            } else if (arg.startsWith("feel=")) {
                feel = arg.substring("feel=".length());
            }
        }
        DefaultDmnEngineConfiguration configuration = new DefaultDmnEngineConfiguration();
        switch (feel) {
            case "default" -> { }
            // the size application.yaml gives returnflow.decisions.feel-cache-size; the table has fewer texts
            case "caching" -> configuration.feelEngineFactory(() -> new CachingFeelEngine(List.of(), 10_000));
            default -> throw new IllegalArgumentException("feel=default or feel=caching, not feel=" + feel);
        }
        DmnEngine engine = configuration.buildEngine();
        DmnDecision eligibility;
        try (InputStream table = new FileInputStream("processes/return-eligibility.dmn")) {
            eligibility = engine.parseDecision("return-eligibility", table);
        }
        System.out.println("feel-engine " + feelVersion() + " through "
                + configuration.getFeelEngine().getClass().getSimpleName() + " (feel=" + feel
                + "), return-eligibility.dmn, " + rounds + " rounds of " + evaluations
                + " evaluations (the first ones warm the JIT)");
        String[] categories = {"apparel", "electronics", "food", "beauty"};
        String[] reasons = {"DEFECTIVE", "CHANGED_MIND", "WRONG_ITEM"};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < evaluations; i++) {
                engine.evaluateDecisionTable(eligibility, Variables.createVariables()
                        .putValue("category", categories[i % categories.length])
                        .putValue("reason", reasons[i % reasons.length])
                        .putValue("daysSinceDelivery", i % 40)
                        .putValue("customerTier", i % 5 == 0 ? "GOLD" : "STANDARD"));
            }
            double micros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / evaluations;
            System.out.printf(Locale.ROOT, "round %d: %.1f µs CPU per evaluation%n", round, micros);
        }
    }

    static String feelVersion() throws Exception {
        Properties pom = new Properties();
        try (InputStream in = DecisionBenchmark.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.camunda.feel/feel-engine/pom.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            pom.load(in);
        }
        return pom.getProperty("version");
    }
}
