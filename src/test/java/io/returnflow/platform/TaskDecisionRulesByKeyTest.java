package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** A user task's decision rules, found by the task's BPMN id. */
class TaskDecisionRulesByKeyTest {

    @Test
    void findsTheRulesOfATaskAndNoneForATaskWithoutRulesOrWithoutAKey() {
        TaskDecisionRules inspection = rules(Set.of("inspect", "reinspect"), Set.of("inspectionOutcome"));
        TaskDecisionRules exception = rules(Set.of("resolveException"), Set.of("resolution"));
        TaskDecisionRulesByKey byKey = new TaskDecisionRulesByKey(List.of(inspection, exception));

        assertThat(byKey.find("reinspect")).containsSame(inspection);
        assertThat(byKey.find("resolveException")).containsSame(exception);
        assertThat(byKey.inputs("inspect")).containsExactly("inspectionOutcome");
        assertThat(byKey.find("packParcel")).isEmpty();
        assertThat(byKey.inputs("packParcel")).isEmpty();
        // a standalone task has no diagram and so no key
        assertThat(byKey.find(null)).isEmpty();
        assertThat(byKey.inputs(null)).isEmpty();
    }

    @Test
    void refusesTwoHoldersOfOneTask() {
        TaskDecisionRules first = rules(Set.of("inspect"), Set.of("inspectionOutcome"));
        TaskDecisionRules second = rules(Set.of("resolveException", "inspect"), Set.of("resolution"));

        assertThatThrownBy(() -> new TaskDecisionRulesByKey(List.of(first, second)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'inspect'");
    }

    private static TaskDecisionRules rules(Set<String> keys, Set<String> inputs) {
        return new TaskDecisionRules() {
            @Override
            public Set<String> taskDefinitionKeys() {
                return keys;
            }

            @Override
            public Set<String> inputs(String taskDefinitionKey) {
                return inputs;
            }

            @Override
            public void check(TaskSubmission submission) {
            }
        };
    }
}
