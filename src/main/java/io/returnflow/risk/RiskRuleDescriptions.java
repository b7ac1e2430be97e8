package io.returnflow.risk;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.DecisionTable;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.springframework.stereotype.Component;

/**
 * The deployed version of the analysts' table {@code return-risk} and the descriptions its rules carry, by rule
 * name (the rule's output {@code rule}): what explains a decision to customer service and the merchant. Read once
 * per deployed version.
 */
@Component
class RiskRuleDescriptions {

    private final RepositoryService repository;
    private final Map<String, Map<String, String>> byDefinition = new ConcurrentHashMap<>();

    RiskRuleDescriptions(RepositoryService repository) {
        this.repository = repository;
    }

    /** The version a business rule task with the default binding ({@code latest}) evaluates now. */
    DeployedTable latest() {
        DecisionDefinition definition = repository.createDecisionDefinitionQuery()
                .decisionDefinitionKey(RiskAssessments.DECISION_KEY).latestVersion().withoutTenantId()
                .singleResult();
        if (definition == null) {
            throw new IllegalStateException("No decision " + RiskAssessments.DECISION_KEY + " is deployed");
        }
        return new DeployedTable(definition.getVersion(),
                byDefinition.computeIfAbsent(definition.getId(), this::descriptions));
    }

    private Map<String, String> descriptions(String definitionId) {
        DmnModelInstance model = repository.getDmnModelInstance(definitionId);
        Map<String, String> descriptions = new HashMap<>();
        for (DecisionTable table : model.getModelElementsByType(DecisionTable.class)) {
            List<Output> outputs = List.copyOf(table.getOutputs());
            int ruleOutput = -1;
            for (int i = 0; i < outputs.size(); i++) {
                if (RiskOutcome.OUTPUT_RULE.equals(outputs.get(i).getName())) {
                    ruleOutput = i;
                }
            }
            if (ruleOutput < 0) {
                continue;
            }
            for (Rule rule : table.getRules()) {
                List<OutputEntry> entries = List.copyOf(rule.getOutputEntries());
                if (entries.size() <= ruleOutput || rule.getDescription() == null) {
                    continue;
                }
                String name = entries.get(ruleOutput).getTextContent().trim().replaceAll("^\"|\"$", "");
                descriptions.putIfAbsent(name, rule.getDescription().getTextContent().trim());
            }
        }
        return Map.copyOf(descriptions);
    }

    /**
     * @param descriptions rule name → description
     */
    record DeployedTable(int version, Map<String, String> descriptions) {

        String description(String rule) {
            return descriptions.getOrDefault(rule, "");
        }
    }
}
