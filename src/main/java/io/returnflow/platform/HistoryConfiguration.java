package io.returnflow.platform;

import java.util.Set;
import java.util.function.Supplier;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * Hands the engine {@link KeptHistory} as its history handler (the starter applies every
 * {@link ProcessEnginePlugin} bean). The engine's extension points for this live in its {@code impl}
 * packages; the open forks keep them under their own package names.
 */
@Configuration
@EnableConfigurationProperties(HistoryProperties.class)
class HistoryConfiguration {

    /**
     * Always: with {@code returnflow.history.filter} false the engine writes its full history (its default) but
     * for {@link HistoryProperties#personalData()}.
     */
    @Bean
    ProcessEnginePlugin keptHistoryPlugin(HistoryProperties properties, ObjectProvider<TaskDecisionRules> rules) {
        // the rules are gathered when a task is first submitted, long after the engine (which they use) has started,
        // and then once: the history handler runs for every history event
        Supplier<TaskDecisionRulesByKey> byKey =
                SingletonSupplier.of(() -> new TaskDecisionRulesByKey(rules.orderedStream().toList()));
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                configuration.setHistoryEventHandler(new KeptHistory(properties, taskId -> inputs(taskId, byKey)));
            }
        };
    }

    /** The inputs of a task of the current command (the history is written inside it, with the task at hand). */
    private static Set<String> inputs(String taskId, Supplier<TaskDecisionRulesByKey> rules) {
        CommandContext command = Context.getCommandContext();
        TaskEntity task = command == null ? null : command.getTaskManager().findTaskById(taskId);
        return task == null ? Set.of() : rules.get().inputs(task.getTaskDefinitionKey());
    }
}
