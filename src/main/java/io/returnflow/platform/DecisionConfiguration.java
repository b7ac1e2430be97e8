package io.returnflow.platform;

import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.juel.FeelEngineFactoryImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands the engine's DMN engine {@link CachingFeelEngine} as its FEEL engine, which parses each FEEL text of the
 * decision tables once instead of on every evaluation (the starter applies every {@link ProcessEnginePlugin} bean).
 */
@Configuration
@EnableConfigurationProperties(DecisionProperties.class)
class DecisionConfiguration {

    /** On unless {@code returnflow.decisions.feel-cache} is false: then FEEL is Camunda's default engine. */
    @Bean
    @ConditionalOnProperty(name = "returnflow.decisions.feel-cache", havingValue = "true", matchIfMissing = true)
    ProcessEnginePlugin cachingFeelEnginePlugin(DecisionProperties properties) {
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
                        ? configuration.getDmnEngineConfiguration()
                        : new DefaultDmnEngineConfiguration();
                // The engine completes this configuration as it would its own when it builds its DMN engine
                // (initDmnEngine, after every plugin's preInit): custom function providers, the legacy-behaviour
                // flag, returnBlankTableOutputAsNull, script engines, el provider, history and metrics listeners.
                // The factory runs after that, so it reads them as set; the legacy flag keeps the JUEL-based
                // engine the DMN engine would pick.
                dmn.setFeelEngineFactory(() -> dmn.isEnableFeelLegacyBehavior()
                        ? new FeelEngineFactoryImpl().createInstance()
                        : new CachingFeelEngine(dmn.getFeelCustomFunctionProviders(), properties.feelCacheSize()));
                configuration.setDmnEngineConfiguration(dmn);
            }
        };
    }

    /** A table's literal outputs stay within the values their columns declare, checked at every deployment. */
    @Bean
    ProcessEnginePlugin decisionOutputValuesCheck() {
        return new DecisionOutputValuesCheck();
    }
}
