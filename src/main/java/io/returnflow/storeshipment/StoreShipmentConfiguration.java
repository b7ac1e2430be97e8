package io.returnflow.storeshipment;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The consolidated shipments' settings. */
@Configuration
@EnableConfigurationProperties(StoreShipmentProperties.class)
public class StoreShipmentConfiguration {
}
