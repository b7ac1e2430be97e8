package io.returnflow.payment;

import io.returnflow.payment.stripe.StripeRefundClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Wires the payment feature: its settings and the refund provider's Feign client. The client is
 * listed explicitly rather than scanned so that other features' Feign clients are not registered twice.
 * Scheduling runs {@link PendingRefundFollowUp}.
 */
@Configuration("paymentConfiguration")
@EnableConfigurationProperties(PaymentProperties.class)
@EnableFeignClients(clients = StripeRefundClient.class)
@EnableScheduling
public class PaymentConfiguration {
}
