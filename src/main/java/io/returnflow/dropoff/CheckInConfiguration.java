package io.returnflow.dropoff;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The counter's typed settings. */
@Configuration
@EnableConfigurationProperties({CheckInProperties.class, CheckInAuditProperties.class})
public class CheckInConfiguration {
}
