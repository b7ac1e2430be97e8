package io.returnflow.returns;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import org.springframework.stereotype.Component;

import io.returnflow.returns.CustomerReturn.Freight;
import io.returnflow.returns.CustomerReturn.FreightPayer;
import io.returnflow.returns.CustomerReturn.RefundPlan;

/**
 * Freight and refund amounts, computed in one place. Refund = items − freight the buyer bears −
 * restocking fee, never below zero, never above what was paid minus what other returns of the same
 * order take back.
 */
@Component
public class ReturnPricing {

    /** When the refund runs: for now always once the parcel is signed at the warehouse. */
    public static final String DUE_AT_WAREHOUSE_RECEIPT = "AT_WAREHOUSE_RECEIPT";

    private static final int SCALE = 2;

    private final FreightProperties freight;

    public ReturnPricing(FreightProperties freight) {
        this.freight = freight;
    }

    /** The currency the store sells, refunds and pays freight in. */
    public String currency() {
        return freight.currency();
    }

    public Freight freight(ReturnMethod method, ReturnReason reason, String currency) {
        BigDecimal amount = money(method == ReturnMethod.HOME_PICKUP ? freight.homePickup() : freight.storeDropOff());
        if (freight.merchantPaysReasons().contains(reason)) {
            return new Freight(amount, currency, FreightPayer.MERCHANT, "merchant-pays-" + reasonSlug(reason));
        }
        return new Freight(amount, currency, FreightPayer.BUYER, "buyer-pays");
    }

    /**
     * @param alreadyTaken what other returns of the same order refund or have refunded
     */
    public RefundPlan refundPlan(List<ReturnItem> items, Freight freight, BigDecimal amountPaid,
                                 BigDecimal alreadyTaken) {
        BigDecimal itemsTotal = money(items.stream().map(ReturnItem::total).reduce(BigDecimal.ZERO, BigDecimal::add));
        BigDecimal freightDeducted = freight.payer() == FreightPayer.BUYER ? freight.amount() : money(BigDecimal.ZERO);
        BigDecimal restockingFee = money(BigDecimal.ZERO);
        BigDecimal amount = itemsTotal.subtract(freightDeducted).subtract(restockingFee);
        BigDecimal ceiling = amountPaid.subtract(alreadyTaken);
        amount = amount.min(ceiling).max(BigDecimal.ZERO);
        return new RefundPlan(DUE_AT_WAREHOUSE_RECEIPT, itemsTotal, freightDeducted, restockingFee, money(amount));
    }

    /**
     * The refund plan after inspection: the accepted items' value less the inspector's deductions,
     * less the freight the buyer bears and the restocking fee; never below zero and never above what
     * the return planned to refund before (which already respects what was paid).
     *
     * @param acceptedValue the accepted quantities at their unit prices
     * @param deductions    what the inspector kept back from them
     */
    public RefundPlan afterInspection(RefundPlan planned, BigDecimal acceptedValue, BigDecimal deductions) {
        BigDecimal amount = acceptedValue.subtract(deductions).subtract(planned.freightDeducted())
                .subtract(planned.restockingFee())
                .min(planned.amount()).max(BigDecimal.ZERO);
        return new RefundPlan(planned.due(), money(acceptedValue), planned.freightDeducted(), planned.restockingFee(),
                money(amount));
    }

    private static BigDecimal money(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.HALF_UP);
    }

    private static String reasonSlug(ReturnReason reason) {
        return reason.name().toLowerCase().replace('_', '-');
    }
}
