package io.returnflow.operations;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The journey's metrics: their settings (scheduling is switched on by the platform). */
@Configuration
@EnableConfigurationProperties(MetricsProperties.class)
public class MetricsConfiguration {
}
