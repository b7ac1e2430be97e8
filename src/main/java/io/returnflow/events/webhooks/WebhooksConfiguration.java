package io.returnflow.events.webhooks;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Webhooks to the merchant's systems: endpoints, fan-out, delivery worker (scheduling is enabled by the platform). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhooksConfiguration {
}
