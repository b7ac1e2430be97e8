package io.returnflow.platform;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires what operations see of the engine: its settings; scheduling runs {@link IncidentLabels}. */
@Configuration("operationsConfiguration")
@EnableConfigurationProperties(OperationsProperties.class)
@EnableScheduling
class OperationsConfiguration {
}
