package io.returnflow.returns;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Return freight: the currency, the reasons for which the merchant bears it, and a flat amount per
 * method for a route the rate table ({@code returnflow.settlement.rates}) has no row for.
 *
 * @param merchantPaysReasons only where no freight-payer decision is wired (hand-built pricing in tests);
 *                            the application asks {@code processes/freight-payer.dmn}
 * @param restockingFeeRates per item category, the share of the items' value kept as a restocking fee
 *                           when the buyer returns for a reason of their own (the buyer bears the
 *                           freight); a category not listed has none
 */
@ConfigurationProperties("returnflow.freight")
public record FreightProperties(String currency, BigDecimal homePickup, BigDecimal storeDropOff,
                                Set<ReturnReason> merchantPaysReasons, Map<String, BigDecimal> restockingFeeRates) {

    @ConstructorBinding
    public FreightProperties {
        merchantPaysReasons = merchantPaysReasons == null ? Set.of() : Set.copyOf(merchantPaysReasons);
        restockingFeeRates = restockingFeeRates == null ? Map.of() : Map.copyOf(restockingFeeRates);
    }

    /** Without restocking fees. */
    public FreightProperties(String currency, BigDecimal homePickup, BigDecimal storeDropOff,
                             Set<ReturnReason> merchantPaysReasons) {
        this(currency, homePickup, storeDropOff, merchantPaysReasons, Map.of());
    }
}
