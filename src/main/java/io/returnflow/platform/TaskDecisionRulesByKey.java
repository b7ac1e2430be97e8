package io.returnflow.platform;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link TaskDecisionRules} of each user task, by the task's BPMN id: built once from every holder of rules.
 * A task has one holder at most; two claiming the same task would leave it open which rules a submission meets, so
 * building refuses that.
 */
final class TaskDecisionRulesByKey {

    private final Map<String, TaskDecisionRules> byKey;

    TaskDecisionRulesByKey(Collection<? extends TaskDecisionRules> rules) {
        Map<String, TaskDecisionRules> map = new HashMap<>();
        for (TaskDecisionRules holder : rules) {
            for (String key : holder.taskDefinitionKeys()) {
                TaskDecisionRules before = map.putIfAbsent(key, holder);
                if (before != null) {
                    throw new IllegalStateException("Two holders of decision rules claim the user task '" + key
                            + "': " + before.getClass().getName() + " and " + holder.getClass().getName());
                }
            }
        }
        this.byKey = Map.copyOf(map);
    }

    /** The rules of a task; empty for a task without any, and for a standalone task (no diagram, no key). */
    Optional<TaskDecisionRules> find(String taskDefinitionKey) {
        return taskDefinitionKey == null ? Optional.empty() : Optional.ofNullable(byKey.get(taskDefinitionKey));
    }

    /** The inputs of a task ({@link TaskDecisionRules#inputs}); none for a task without rules. */
    Set<String> inputs(String taskDefinitionKey) {
        return find(taskDefinitionKey).map(r -> r.inputs(taskDefinitionKey)).orElse(Set.of());
    }
}
