package io.returnflow.settlement;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The settlement feature's typed settings ({@code returnflow.settlement}). */
@Configuration
@EnableConfigurationProperties(SettlementProperties.class)
public class SettlementConfiguration {
}
