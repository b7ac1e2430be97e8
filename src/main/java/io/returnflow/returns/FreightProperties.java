package io.returnflow.returns;

import java.math.BigDecimal;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Return freight until the rate tables arrive: a flat amount per method, and the reasons for
 * which the merchant bears it.
 */
@ConfigurationProperties("returnflow.freight")
public record FreightProperties(String currency, BigDecimal homePickup, BigDecimal storeDropOff,
                                Set<ReturnReason> merchantPaysReasons) {
}
