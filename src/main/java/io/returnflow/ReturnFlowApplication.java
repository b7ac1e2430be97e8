package io.returnflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The application. Each feature's typed settings ({@code @ConfigurationProperties}) sit in the feature that
 * reads them and are found by the scan; values several features share sit in the core
 * ({@code returns.BusinessProperties}, {@code returns.WarehouseProperties}, …).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReturnFlowApplication {
    public static void main(String[] args) {
        SpringApplication.run(ReturnFlowApplication.class, args);
    }
}
