package io.returnflow.carrier.inbox;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The inbox's settings, and scheduling for its poller. */
@Configuration("carrierInboxConfiguration")
@EnableConfigurationProperties(CarrierInboxProperties.class)
@EnableScheduling
public class CarrierInboxConfiguration {
}
