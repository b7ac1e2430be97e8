package io.returnflow.platform;

import java.util.Set;

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
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                configuration.setHistoryEventHandler(new KeptHistory(properties, taskId -> inputs(taskId, rules)));
            }
        };
    }

    /**
     * The inputs of a task of the current command (the history is written inside it, with the task at hand);
     * the rules are looked up when a task is submitted, long after the engine (which they use) has started.
     */
    private static Set<String> inputs(String taskId, ObjectProvider<TaskDecisionRules> rules) {
        CommandContext command = Context.getCommandContext();
        TaskEntity task = command == null ? null : command.getTaskManager().findTaskById(taskId);
        if (task == null || task.getTaskDefinitionKey() == null) {
            return Set.of();
        }
        String key = task.getTaskDefinitionKey();
        return rules.orderedStream().filter(r -> r.taskDefinitionKeys().contains(key)).findFirst()
                .map(r -> r.inputs(key)).orElse(Set.of());
    }
}
