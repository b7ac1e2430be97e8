package io.returnflow.returns;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers the journey's settings ({@code returnflow.journey.*}). */
@Configuration
@EnableConfigurationProperties(JourneyProperties.class)
public class JourneyConfiguration {
}
