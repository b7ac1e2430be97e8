package io.returnflow.platform;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
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
    ProcessEnginePlugin keptHistoryPlugin(HistoryProperties properties) {
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                configuration.setHistoryEventHandler(new KeptHistory(properties));
            }
        };
    }
}
