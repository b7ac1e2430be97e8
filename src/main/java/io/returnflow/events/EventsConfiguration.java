package io.returnflow.events;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The merchant's event log: the outbox, its sequencer and its readers (scheduling is enabled by the platform). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventProperties.class)
class EventsConfiguration {
}
