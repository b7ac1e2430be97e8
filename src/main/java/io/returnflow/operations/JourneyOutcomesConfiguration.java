package io.returnflow.operations;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.returnflow.returns.ReturnJourney;

/**
 * Hands the engine {@link JourneyOutcomes} as an end listener of the {@code return-journey} process: a parse
 * listener adds it to each version of the process as the engine reads it (deployed, or loaded again after a
 * restart), so the diagrams need not name it (the starter applies every {@link ProcessEnginePlugin} bean).
 */
@Configuration
class JourneyOutcomesConfiguration {

    @Bean
    ProcessEnginePlugin journeyOutcomesPlugin(JourneyOutcomes outcomes) {
        return new AbstractProcessEnginePlugin() {
            @Override
            public void preInit(ProcessEngineConfigurationImpl configuration) {
                List<BpmnParseListener> parseListeners = configuration.getCustomPostBPMNParseListeners();
                if (parseListeners == null) {
                    parseListeners = new ArrayList<>();
                    configuration.setCustomPostBPMNParseListeners(parseListeners);
                }
                parseListeners.add(new AbstractBpmnParseListener() {
                    @Override
                    public void parseProcess(Element process, ProcessDefinitionEntity definition) {
                        if (ReturnJourney.PROCESS_KEY.equals(definition.getKey())) {
                            definition.addListener(ExecutionListener.EVENTNAME_END, outcomes);
                        }
                    }
                });
            }
        };
    }
}
