package io.returnflow.carrier.sandbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The sandbox carrier's settings and scheduling, only with {@code returnflow.carrier.sandbox.enabled=true}.
 * Each sandbox bean carries the same condition, since component scanning finds them independently.
 */
@Configuration("sandboxCarrierConfiguration")
@ConditionalOnProperty(name = "returnflow.carrier.sandbox.enabled", havingValue = "true")
@EnableConfigurationProperties(CarrierSandboxProperties.class)
@EnableScheduling
class SandboxCarrierConfiguration {
}
