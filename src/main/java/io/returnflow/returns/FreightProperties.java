package io.returnflow.returns;

import java.math.BigDecimal;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Return freight: the currency, the reasons for which the merchant bears it, and a flat amount per
 * method for a route the rate table ({@code returnflow.settlement.rates}) has no row for.
 */
@ConfigurationProperties("returnflow.freight")
public record FreightProperties(String currency, BigDecimal homePickup, BigDecimal storeDropOff,
                                Set<ReturnReason> merchantPaysReasons) {
}
