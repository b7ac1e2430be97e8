package io.returnflow.carrier;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param defaultCarrier the carrier code booked when the merchant names none (e.g. SF) */
@ConfigurationProperties("returnflow.carrier")
public record CarrierProperties(String defaultCarrier) {
}
