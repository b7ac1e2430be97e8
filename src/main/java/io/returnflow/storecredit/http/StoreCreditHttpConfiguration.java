package io.returnflow.storecredit.http;

import io.returnflow.storecredit.StoreCreditProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.annotation.Configuration;

/**
 * The generic HTTP adapter's settings and its {@code store-credit} Feign client, listed explicitly rather than
 * scanned so that other features' Feign clients are not registered twice.
 */
@Configuration
@EnableConfigurationProperties(StoreCreditProperties.class)
@EnableFeignClients(clients = StoreCreditClient.class)
class StoreCreditHttpConfiguration {
}
