package io.returnflow.platform;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRequirementsGraph;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableInputImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableOutputImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.camunda.bpm.dmn.engine.impl.spi.transform.DmnTransformListener;
import org.camunda.bpm.dmn.engine.impl.transform.DmnTransformException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;

/**
 * Refuses, when a decision table is deployed, a rule whose output is a string literal outside the values its
 * column declares ({@code outputValues}, Modeler's "Predefined values"): an analyst's typo in a table the journey
 * reads ({@code "RETURN_TO_VENDER"} for a disposition) is the deployment's error, shown in Modeler, instead of a
 * journey that meets it later. Camunda itself does not hold rules to the declared values.
 *
 * <p>Only literals are checked: an output written as an expression is computed when the table is asked, and the
 * code that reads the answer still refuses a value it does not know. A column without declared values, and an
 * empty cell, are left alone.
 */
public final class DecisionOutputValuesCheck extends AbstractProcessEnginePlugin implements DmnTransformListener {

    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
                ? configuration.getDmnEngineConfiguration()
                : new DefaultDmnEngineConfiguration();
        dmn.getTransformer().getTransformListeners().add(this);
        configuration.setDmnEngineConfiguration(dmn);
    }

    @Override
    public void transformDecision(Decision decision, DmnDecision dmnDecision) {
        if (!(decision.getExpression() instanceof DecisionTable table)) {
            return;
        }
        List<Output> outputs = new ArrayList<>(table.getOutputs());
        List<String> problems = new ArrayList<>();
        for (int column = 0; column < outputs.size(); column++) {
            Output output = outputs.get(column);
            Set<String> allowed = declaredValues(output);
            if (allowed.isEmpty()) {
                continue;
            }
            int row = 0;
            for (Rule rule : table.getRules()) {
                row++;
                List<OutputEntry> entries = new ArrayList<>(rule.getOutputEntries());
                if (column >= entries.size() || entries.get(column).getText() == null) {
                    continue;
                }
                String text = entries.get(column).getText().getTextContent().trim();
                Matcher literal = STRING_LITERAL.matcher(text);
                if (literal.matches() && !allowed.contains(literal.group(1))) {
                    problems.add("rule " + row + (rule.getId() == null ? "" : " (" + rule.getId() + ")") + " answers "
                            + text + " for " + name(output) + ", which is none of its declared values "
                            + String.join(", ", allowed));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new OutsideDeclaredValues("The decision table '" + decision.getId() + "' cannot be deployed: "
                    + String.join("; ", problems) + ". Correct the cell, or add the value to the column's "
                    + "predefined values once the application knows what it means.");
        }
    }

    /**
     * A table refused at deployment. The engine wraps it in its own "Unable to transform DMN resource"; the engine
     * REST API's answer to the deployment adds this message ({@link TaskRefusalAnswers}), so Modeler shows it.
     */
    public static final class OutsideDeclaredValues extends DmnTransformException {

        OutsideDeclaredValues(String message) {
            super(message);
        }
    }

    /** The column's declared values: each string literal of its {@code outputValues}; empty when it has none. */
    static Set<String> declaredValues(Output output) {
        Set<String> values = new LinkedHashSet<>();
        if (output.getOutputValues() == null || output.getOutputValues().getText() == null) {
            return values;
        }
        Matcher literal = STRING_LITERAL.matcher(output.getOutputValues().getText().getTextContent());
        while (literal.find()) {
            values.add(literal.group(1));
        }
        return values;
    }

    private static String name(Output output) {
        return output.getName() != null ? "'" + output.getName() + "'"
                : output.getLabel() != null ? "'" + output.getLabel() + "'" : "column " + output.getId();
    }

    @Override
    public void transformDecisionTableInput(Input input, DmnDecisionTableInputImpl dmnInput) {
    }

    @Override
    public void transformDecisionTableOutput(Output output, DmnDecisionTableOutputImpl dmnOutput) {
    }

    @Override
    public void transformDecisionTableRule(Rule rule, DmnDecisionTableRuleImpl dmnRule) {
    }

    @Override
    public void transformDecisionRequirementsGraph(org.camunda.bpm.model.dmn.instance.Definitions definitions,
                                                   DmnDecisionRequirementsGraph graph) {
    }
}
