package io.returnflow.exchange;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.annotation.Configuration;

import io.returnflow.exchange.http.CommerceClient;

/**
 * Wires the exchange feature: its settings and the shop's Feign client, listed explicitly so that other
 * features' clients are not registered twice.
 */
@Configuration("exchangeConfiguration")
@EnableConfigurationProperties(CommerceProperties.class)
@EnableFeignClients(clients = CommerceClient.class)
public class ExchangeConfiguration {
}
