package io.returnflow.risk;

import java.util.Map;
import java.util.stream.Collectors;

/** An assessment as the text a task's form shows: the actions, the rules that fired and why, the facts. */
public final class RiskSummary {

    private RiskSummary() {
    }

    public static String text(RiskAssessment assessment) {
        StringBuilder text = new StringBuilder()
                .append(assessment.actions().isEmpty() ? "Allowed" : String.join(", ", assessment.actions()))
                .append(" (").append(assessment.decisionKey()).append(" v").append(assessment.decisionVersion())
                .append(")\n");
        if (assessment.rules().isEmpty()) {
            text.append("No rule fired\n");
        }
        assessment.rules().forEach(rule -> text.append("• ").append(rule.rule()).append(" → ").append(rule.action())
                .append(rule.description().isEmpty() ? "" : ": " + rule.description()).append('\n'));
        text.append("Facts: ").append(assessment.facts().entrySet().stream()
                .map(Map.Entry::toString).collect(Collectors.joining(", ")));
        return text.toString();
    }
}
