package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.juel.FeelEngineImpl;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.dmn.el.ProcessEngineJuelElProvider;
import org.camunda.bpm.engine.impl.history.parser.HistoryDecisionEvaluationListener;
import org.camunda.bpm.engine.impl.metrics.dmn.MetricsDecisionEvaluationListener;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.test.context.ActiveProfiles;

/**
 * The application's engine evaluates FEEL with {@link CachingFeelEngine} and keeps everything else it gives its
 * DMN engine; every decision table in {@code processes/} decides on it as on Camunda's default FEEL engine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DecisionConfigurationTest {

    /** For each input of the product's tables: values on both sides of every rule's conditions, and none. */
    static final Map<String, List<Object>> SAMPLES = Map.ofEntries(
            Map.entry("category", Arrays.asList("food", "digital", "apparel", "shoes", "electronics", "home", null)),
            Map.entry("reason", Arrays.asList("DEFECTIVE", "WRONG_ITEM", "DAMAGED_IN_TRANSIT", "NOT_AS_DESCRIBED",
                    "CHANGED_MIND", "SIZE_FIT", null)),
            Map.entry("daysSinceDelivery", Arrays.asList(0, 7, 8, 15, 16, 30, 31, null)),
            Map.entry("customerTier", Arrays.asList("VIP", "STANDARD", null)),
            Map.entry("itemsTotal", Arrays.asList(0.0, 50.0, 50.01, 200.0, 200.01, 299.0, 300.01, 500.0, 500.01, null)),
            Map.entry("inspection", Arrays.asList("MANUAL", "AUTOMATIC", null)),
            Map.entry("method", Arrays.asList("STORE_DROPOFF", "HOME_PICKUP", null)),
            Map.entry("unitPrice", Arrays.asList(0.0, 99.0, 1999.99, 2000.0, null)),
            // the risk table's facts
            Map.entry("returnCount", Arrays.asList(0, 4, 5, null)),
            Map.entry("returnedValue", Arrays.asList(0.0, 2999.99, 3000.0, null)),
            Map.entry("knownOrders", Arrays.asList(0, 2, 3, null)),
            Map.entry("returnedShare", Arrays.asList(0.0, 0.59, 0.6, 1.0, null)),
            Map.entry("highestItemValue", Arrays.asList(0.0, 1999.99, 2000.0, null)),
            Map.entry("newCustomer", Arrays.asList(true, false, null)),
            Map.entry("farStore", Arrays.asList(true, false, null)),
            Map.entry("earlierFarDropOffs", Arrays.asList(0, 1, 2, null)),
            Map.entry("sharedPhoneCustomers", Arrays.asList(0, 2, 3, null)),
            Map.entry("sharedAddressCustomers", Arrays.asList(0, 2, 3, null)));
    /** Beyond this many combinations a table's inputs are varied one at a time, the others at each of their samples' first. */
    static final int MOST_COMBINATIONS = 50_000;

    @Autowired
    ProcessEngine engine;

    @Autowired
    @Qualifier("cachingFeelEnginePlugin")
    ProcessEnginePlugin plugin;

    @Test
    void theEnginesDecisionTablesEvaluateFeelWithTheCachingEngine() {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration();

        assertThat(dmn.getFeelEngine()).isInstanceOf(CachingFeelEngine.class);
        assertThat(configuration.getDmnEngine().getConfiguration()).isSameAs(dmn);
        // what the engine gives its DMN engine besides
        assertThat(dmn.getFeelCustomFunctionProviders()).isSameAs(configuration.getDmnFeelCustomFunctionProviders());
        assertThat(dmn.isEnableFeelLegacyBehavior()).isEqualTo(configuration.isDmnFeelEnableLegacyBehavior());
        assertThat(dmn.isReturnBlankTableOutputAsNull()).isEqualTo(configuration.isDmnReturnBlankTableOutputAsNull());
        assertThat(dmn.getScriptEngineResolver()).isSameAs(configuration.getScriptingEngines());
        assertThat(dmn.getElProvider()).isInstanceOf(ProcessEngineJuelElProvider.class);
        assertThat(dmn.getCustomPostDecisionEvaluationListeners())
                .hasAtLeastOneElementOfType(HistoryDecisionEvaluationListener.class)
                .hasAtLeastOneElementOfType(MetricsDecisionEvaluationListener.class);
    }

    @Test
    void theLegacyFeelBehaviourStillGetsTheJuelBasedEngine() {
        ProcessEngineConfigurationImpl configuration = new StandaloneInMemProcessEngineConfiguration();
        plugin.preInit(configuration);
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration();

        assertThat(dmn.getFeelEngineFactory().createInstance()).isInstanceOf(CachingFeelEngine.class);
        dmn.enableFeelLegacyBehavior(true);
        assertThat(dmn.getFeelEngineFactory().createInstance()).isInstanceOf(FeelEngineImpl.class);
    }

    @Test
    void switchedOffTheEngineKeepsCamundasDefaultFeelEngine() {
        new ApplicationContextRunner().withUserConfiguration(DecisionConfiguration.class)
                .withPropertyValues("returnflow.decisions.feel-cache-size=10")
                .run(context -> assertThat(context).hasBean("cachingFeelEnginePlugin")
                        .hasBean("decisionOutputValuesCheck"))
                .withPropertyValues("returnflow.decisions.feel-cache=false")
                .run(context -> assertThat(context).doesNotHaveBean("cachingFeelEnginePlugin")
                        .as("the deployment's check of declared values stays").hasBean("decisionOutputValuesCheck"));
    }

    @Test
    void everyTableDecidesAsOnCamundasDefaultFeelEngine() throws IOException {
        DecisionService decisions = engine.getDecisionService();
        DmnEngine camundas = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        List<Path> tables;
        try (Stream<Path> files = Files.list(Path.of("processes"))) {
            tables = files.filter(file -> file.toString().endsWith(".dmn")).sorted().toList();
        }
        assertThat(tables).hasSizeGreaterThanOrEqualTo(4);

        int evaluations = 0;
        for (Path table : tables) {
            DmnModelInstance model = Dmn.readModelFromFile(table.toFile());
            for (Decision decision : model.getModelElementsByType(Decision.class)) {
                DmnDecision reference = parse(camundas, table, decision.getId());
                for (VariableMap variables : combinations(inputsOf(decision))) {
                    assertThat(outcome(() -> decisions.evaluateDecisionTableByKey(decision.getId(), variables)
                            .getResultList()))
                            .as("%s with %s", decision.getId(), variables)
                            .isEqualTo(outcome(() -> camundas.evaluateDecisionTable(reference, variables)
                                    .getResultList()));
                    evaluations++;
                }
            }
        }
        assertThat(evaluations).isGreaterThan(1_000);
    }

    private static List<String> inputsOf(Decision decision) {
        return ((DecisionTable) decision.getExpression()).getInputs().stream()
                .map(Input::getInputExpression)
                .map(expression -> expression.getText().getTextContent().trim())
                .toList();
    }

    /**
     * Every combination of the samples of these inputs; for a table of many inputs (the risk table's facts), more
     * than {@link #MOST_COMBINATIONS}: each input through its samples with the others at each of their samples in
     * turn (pairs of inputs), which still crosses every rule's threshold on both sides.
     */
    private static List<VariableMap> combinations(List<String> inputs) {
        long count = 1;
        for (String input : inputs) {
            assertThat(SAMPLES).as("samples for the input " + input).containsKey(input);
            count *= SAMPLES.get(input).size();
        }
        if (count > MOST_COMBINATIONS) {
            return pairs(inputs);
        }
        List<VariableMap> combinations = List.of(Variables.createVariables());
        for (String input : inputs) {
            assertThat(SAMPLES).as("samples for the input " + input).containsKey(input);
            List<VariableMap> more = new ArrayList<>();
            for (VariableMap combination : combinations) {
                for (Object value : SAMPLES.get(input)) {
                    more.add(Variables.fromMap(new LinkedHashMap<>(combination)).putValue(input, value));
                }
            }
            combinations = more;
        }
        return combinations;
    }

    /** Every pair of inputs through every pair of their samples, the other inputs at their first sample. */
    private static List<VariableMap> pairs(List<String> inputs) {
        List<VariableMap> pairs = new ArrayList<>();
        for (int a = 0; a < inputs.size(); a++) {
            for (int b = a + 1; b < inputs.size(); b++) {
                for (Object first : SAMPLES.get(inputs.get(a))) {
                    for (Object second : SAMPLES.get(inputs.get(b))) {
                        VariableMap variables = Variables.createVariables();
                        for (String input : inputs) {
                            variables.putValue(input, SAMPLES.get(input).get(0));
                        }
                        pairs.add(variables.putValue(inputs.get(a), first).putValue(inputs.get(b), second));
                    }
                }
            }
        }
        return pairs;
    }

    private static DmnDecision parse(DmnEngine dmn, Path table, String key) {
        try (InputStream in = Files.newInputStream(table)) {
            return dmn.parseDecision(key, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The results, or the exception's type and message. */
    private static Object outcome(Supplier<Object> evaluation) {
        try {
            return evaluation.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
