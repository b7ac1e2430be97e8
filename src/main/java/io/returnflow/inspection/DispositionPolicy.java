package io.returnflow.inspection;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.returnflow.returns.Disposition;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnReason;

/**
 * What the warehouse does with a returned line nobody inspected by hand, by asking the analysts' decision table
 * {@value #DECISION_KEY} ({@code processes/return-dispositions.dmn}) once per line, its latest deployed version.
 *
 * <p>Inputs are normalised before they reach the table, so that analysts can write plain literals: reason in upper
 * case ({@code "DEFECTIVE"}), category in lower case ({@code "apparel"}), the unit price of one piece.
 *
 * <p>A line no rule answers is {@link Disposition#RESTOCK}ed (rule {@value #NO_RULE}), as every line nobody inspected
 * was before the table existed. An answer that is not a {@link Disposition} (a typo in a changed table, an empty
 * output) is never guessed: the line cannot be recorded, and {@link #decide} throws {@link UnknownDisposition} naming
 * the value, the rule and the table, so that the step fails and is tried again once a corrected table is deployed.
 */
@Component
class DispositionPolicy {

    /** The key of the decision in {@code processes/return-dispositions.dmn}. */
    static final String DECISION_KEY = "return-disposition";
    /** The file analysts change. */
    static final String TABLE_FILE = "processes/return-dispositions.dmn";
    /** The rule a line is recorded with when no rule of the table answered for it. */
    static final String NO_RULE = "no-rule";

    private final Function<VariableMap, Map<String, Object>> table;

    @Autowired
    DispositionPolicy(DecisionService decisionService) {
        this(inputs -> decisionService.evaluateDecisionTableByKey(DECISION_KEY, inputs).getFirstResult());
    }

    /** @param table the table's first result for the inputs, {@code null} when no rule matched */
    DispositionPolicy(Function<VariableMap, Map<String, Object>> table) {
        this.table = table;
    }

    /**
     * The table's disposition of one line of a return with this reason.
     *
     * @param returnId the return the line belongs to, named when the answer is not understood
     *
     * @throws UnknownDisposition when the rule that matched answers something that is not a disposition
     */
    Decided decide(String returnId, ReturnReason reason, ReturnItem line) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(line, "line");
        Map<String, Object> outcome = table.apply(Variables.createVariables()
                .putValue("reason", reason.name())
                .putValue("category", line.category() == null ? null
                        : line.category().trim().toLowerCase(Locale.ROOT))
                .putValue("unitPrice", line.unitPrice()));
        if (outcome == null) {
            return new Decided(Disposition.RESTOCK, NO_RULE);
        }
        String rule = outcome.get("rule") instanceof String named && !named.isBlank() ? named.trim() : DECISION_KEY;
        Object answer = outcome.get("disposition");
        if (answer instanceof String named) {
            for (Disposition disposition : Disposition.values()) {
                if (disposition.name().equalsIgnoreCase(named.trim())) {
                    return new Decided(disposition, rule);
                }
            }
        }
        throw new UnknownDisposition(answer, rule, returnId, line.lineId());
    }

    /**
     * One line's disposition as the table decided it.
     *
     * @param rule the table's name for the rule that answered ({@value #NO_RULE} when none did)
     */
    record Decided(Disposition disposition, String rule) {

        /** Whether a rule of the table answered (not the default for a line no rule matched). */
        boolean byRule() {
            return !NO_RULE.equals(rule);
        }
    }

    /** The table answered a value that is not a disposition: nothing is recorded until a corrected table is deployed. */
    static final class UnknownDisposition extends IllegalStateException {

        UnknownDisposition(Object answer, String rule, String returnId, String lineId) {
            super("The analysts' table " + DECISION_KEY + " (" + TABLE_FILE + ") answered the disposition "
                    + (answer == null ? "null" : "'" + answer + "'") + " for line " + lineId + " of return " + returnId + " (rule " + rule
                    + "), which is none of " + Arrays.stream(Disposition.values()).map(Enum::name)
                    .collect(Collectors.joining(", ")) + ": deploy a corrected table, then retry the step");
        }
    }
}
