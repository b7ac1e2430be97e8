package io.returnflow.carrier.kdniao;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the Kdniao adapter: its settings and its Feign client. The client is listed explicitly rather
 * than scanned so that other features' Feign clients are not registered twice.
 */
@Configuration("kdniaoConfiguration")
@EnableConfigurationProperties(KdniaoProperties.class)
@EnableFeignClients(clients = KdniaoClient.class)
public class KdniaoConfiguration {
}
