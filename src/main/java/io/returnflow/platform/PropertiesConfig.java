package io.returnflow.platform;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import io.returnflow.carrier.CarrierProperties;
import io.returnflow.dropoff.DropOffProperties;
import io.returnflow.pickup.PickupProperties;
import io.returnflow.returns.FreightProperties;
import io.returnflow.returns.WarehouseProperties;

/** The journey's typed settings (application.yaml, returnflow.*). Adapters register their own. */
@Configuration
@EnableConfigurationProperties({CarrierProperties.class, DropOffProperties.class, PickupProperties.class,
        FreightProperties.class, WarehouseProperties.class, RetryCycleProperties.class,
        ApiKeyProperties.class})
public class PropertiesConfig {
}
