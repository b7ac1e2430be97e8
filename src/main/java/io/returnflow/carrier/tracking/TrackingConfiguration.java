package io.returnflow.carrier.tracking;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Tracking subscriptions' settings, and scheduling for the subscriber and the poller. */
@Configuration("trackingConfiguration")
@EnableConfigurationProperties(TrackingProperties.class)
@EnableScheduling
public class TrackingConfiguration {
}
