package io.returnflow.journey;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.returnflow.dropoff.Store;
import io.returnflow.dropoff.Stores;
import io.returnflow.platform.Money;
import io.returnflow.returns.CustomerReturn.Freight;
import io.returnflow.returns.CustomerReturn.FreightPayer;
import io.returnflow.returns.CustomerReturn.RefundPlan;
import io.returnflow.returns.FreightPayerPolicy;
import io.returnflow.returns.FreightProperties;
import io.returnflow.returns.RefundAfterInspection;
import io.returnflow.returns.RefundTiming;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnReason;
import io.returnflow.returns.ReturnRequest;
import io.returnflow.settlement.FreightQuotes;
import io.returnflow.settlement.FreightService;
import io.returnflow.settlement.RateTable;

/**
 * Freight and refund amounts, computed in one place. Refund = items − freight the buyer bears −
 * restocking fee, never below zero, never above what was paid minus what other returns of the same
 * order take back.
 */
@Component
public class ReturnPricing implements RefundAfterInspection {

    private final FreightProperties freight;
    /** The rate table; {@code null} when wired by hand with flat amounts only. */
    private final FreightQuotes quotes;
    private final Stores stores;
    /** The freight-payer decision table; {@code null} when wired by hand (the configured reasons decide). */
    private final FreightPayerPolicy payers;

    /** Flat freight per method (FreightProperties), for wiring by hand. */
    public ReturnPricing(FreightProperties freight) {
        this(freight, null, null, null);
    }

    /** Rate table and stores, the payer by the configured reasons, for wiring by hand. */
    public ReturnPricing(FreightProperties freight, FreightQuotes quotes, Stores stores) {
        this(freight, quotes, stores, null);
    }

    @Autowired
    public ReturnPricing(FreightProperties freight, FreightQuotes quotes, Stores stores, FreightPayerPolicy payers) {
        this.freight = freight;
        this.quotes = quotes;
        this.stores = stores;
        this.payers = payers;
    }

    /** The currency the store sells, refunds and pays freight in. */
    public String currency() {
        return freight.currency();
    }

    /**
     * The return's freight from the rate table: the default carrier, from the buyer's province (home
     * pickup) or the store's (drop-off) to the warehouse, for the declared weight of the pieces. The
     * rule names the rate row; without a row the flat amount of the method applies.
     */
    public Freight freight(ReturnRequest request, String currency) {
        BigDecimal itemsTotal = request.items().stream()
                .map(i -> i.unitPrice().multiply(BigDecimal.valueOf(i.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return freight(request, currency, payer(request.reason(),
                request.customer() == null ? null : request.customer().tier(), Money.of(itemsTotal)));
    }

    /** The same, for a payer decided elsewhere (the journey's "Decide who pays the freight"). */
    public Freight freight(ReturnRequest request, String currency, FreightPayer payer) {
        boolean pickup = request.method() == ReturnMethod.HOME_PICKUP;
        String origin = pickup ? request.pickup().address().province()
                : stores == null ? RateTable.ANY
                : stores.find(request.dropOff().storeId()).map(Store::province).orElse(RateTable.ANY);
        int pieces = request.items().stream().mapToInt(ReturnRequest.Item::quantity).sum();
        return quotes == null ? flat(request.method(), payer, currency)
                : quotes.forReturn(pickup ? FreightService.HOME_PICKUP : FreightService.STORE_SHIPMENT, origin, pieces)
                        .map(rated -> new Freight(Money.of(rated.amount()), currency, payer, rated.rule()))
                        .orElseGet(() -> flat(request.method(), payer, currency));
    }

    /**
     * The flat freight of the method, for when the rate table has no row (or is not wired); the payer
     * as for a standard customer, whatever the items are worth.
     */
    public Freight freight(ReturnMethod method, ReturnReason reason, String currency) {
        return flat(method, payer(reason, FreightPayerPolicy.STANDARD_TIER, Money.zero()), currency);
    }

    private Freight flat(ReturnMethod method, FreightPayer payer, String currency) {
        BigDecimal amount = Money.of(method == ReturnMethod.HOME_PICKUP ? freight.homePickup()
                : freight.storeDropOff());
        return new Freight(amount, currency, payer, "flat " + method.name().toLowerCase().replace('_', '-'));
    }

    /**
     * The freight-payer table decides (its rule name has no place here: a return's freight rule names
     * the rate row); wired by hand, the merchant bears the freight for the configured reasons only.
     */
    private FreightPayer payer(ReturnReason reason, String customerTier, BigDecimal itemsTotal) {
        if (payers == null) {
            return freight.merchantPaysReasons().contains(reason) ? FreightPayer.MERCHANT : FreightPayer.BUYER;
        }
        return payers.decide(reason, customerTier, itemsTotal).payer();
    }

    /** The value of these items. */
    public static BigDecimal itemsTotal(List<ReturnItem> items) {
        return Money.of(items.stream().map(ReturnItem::total).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    /**
     * @param alreadyTaken what other returns of the same order refund or have refunded
     * @param due          when the refund runs (the refund-timing table's answer)
     */
    public RefundPlan refundPlan(List<ReturnItem> items, Freight freight, BigDecimal amountPaid,
                                 BigDecimal alreadyTaken, RefundTiming due) {
        BigDecimal itemsTotal = itemsTotal(items);
        BigDecimal freightDeducted = freight.payer() == FreightPayer.BUYER ? freight.amount() : Money.zero();
        BigDecimal restockingFee = freight.payer() == FreightPayer.BUYER ? restockingFee(items)
                : Money.zero();
        BigDecimal amount = itemsTotal.subtract(freightDeducted).subtract(restockingFee);
        BigDecimal ceiling = amountPaid.subtract(alreadyTaken);
        amount = amount.min(ceiling).max(BigDecimal.ZERO);
        return new RefundPlan(due.name(), itemsTotal, freightDeducted, restockingFee, Money.of(amount));
    }

    /**
     * The refund plan after inspection: the accepted items' value less the inspector's deductions,
     * less the freight the buyer bears and the restocking fee; never below zero and never above what
     * the return planned to refund before (which already respects what was paid).
     *
     * @param acceptedValue the accepted quantities at their unit prices
     * @param deductions    what the inspector kept back from them
     */
    @Override
    public RefundPlan afterInspection(RefundPlan planned, BigDecimal acceptedValue, BigDecimal deductions) {
        BigDecimal amount = acceptedValue.subtract(deductions).subtract(planned.freightDeducted())
                .subtract(planned.restockingFee())
                .min(planned.amount()).max(BigDecimal.ZERO);
        return new RefundPlan(planned.due(), Money.of(acceptedValue), planned.freightDeducted(),
                planned.restockingFee(), Money.of(amount));
    }

    /** The configured share of each item's value, by its category. */
    private BigDecimal restockingFee(List<ReturnItem> items) {
        return Money.of(items.stream()
                .map(i -> i.total().multiply(freight.restockingFeeRates().getOrDefault(i.category(), BigDecimal.ZERO)))
                .reduce(BigDecimal.ZERO, BigDecimal::add));
    }

}
