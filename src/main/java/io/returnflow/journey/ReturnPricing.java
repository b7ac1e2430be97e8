package io.returnflow.journey;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import io.returnflow.returns.LineResolution;
import io.returnflow.returns.RefundAfterInspection;
import io.returnflow.returns.RefundAfterInspection.AcceptedLine;
import io.returnflow.returns.RefundAfterInspection.Parts;
import io.returnflow.returns.RefundTiming;
import io.returnflow.returns.Resolution;
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
                        .map(rated -> new Freight(money(rated.amount()), currency, payer, rated.rule()))
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
        BigDecimal amount = money(method == ReturnMethod.HOME_PICKUP ? freight.homePickup()
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

    /**
     * What is computed (a bonus, a fee, a share, a rated freight) rounded half up to the minor unit of the store's
     * currency, so that it is an amount the currency can pay: 99.50 JPY is 100; for CNY to the fen, as always.
     */
    private BigDecimal money(BigDecimal amount) {
        return Money.of(amount, currency());
    }

    /** The value of these items. */
    public static BigDecimal itemsTotal(List<ReturnItem> items) {
        return Money.of(items.stream().map(ReturnItem::total).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    /**
     * The refund of a return whose every line is refunded.
     *
     * @param alreadyTaken what other returns of the same order refund or credit, or have
     * @param due          when the refund runs (the refund-timing table's answer)
     */
    public RefundPlan refundPlan(List<ReturnItem> items, Freight freight, BigDecimal amountPaid,
                                 BigDecimal alreadyTaken, RefundTiming due) {
        return settlement(items, Map.of(), freight, amountPaid, alreadyTaken, due).refund();
    }

    /**
     * What a return settles, part by part, from how each line is resolved:
     * <ul>
     *   <li>refund part = the refunded lines' value, plus the price differences of exchanges routed to the refund;
     *   <li>credit part = the credited lines' value, plus the differences routed to store credit;
     *   <li>bonus = Σ credited line's value × its bonus percent, rounded once to the currency's minor unit (the fen), recorded apart (a credit
     *       that deductions or the cap reduce reduces its bonus in proportion; a credited difference earns none);
     *   <li>the freight the buyer bears and the restocking fee (of the refunded and credited lines) come off the
     *       refund part first, then the credit part, never below 0; a return that only exchanges bears neither;
     *   <li>refund + credit never exceed what was paid less what the order's other returns take back; the credit
     *       gives way first.
     * </ul>
     * A line without a resolution is refunded; a return whose every line is refunded is priced as it always was.
     *
     * @param resolutions  how each line is settled, by line id
     * @param alreadyTaken what other returns of the same order refund or credit, or have
     * @param due          when the refund runs (the refund-timing table's answer)
     */
    public Settlement settlement(List<ReturnItem> items, Map<String, LineResolution> resolutions, Freight freight,
                                 BigDecimal amountPaid, BigDecimal alreadyTaken, RefundTiming due) {
        BigDecimal refundGross = BigDecimal.ZERO;
        BigDecimal creditGross = BigDecimal.ZERO;
        BigDecimal creditedLines = BigDecimal.ZERO;
        BigDecimal bonusGross = BigDecimal.ZERO;
        BigDecimal differences = BigDecimal.ZERO;
        List<ReturnItem> paidBack = new ArrayList<>();
        for (ReturnItem item : items) {
            LineResolution line = resolutions.getOrDefault(item.lineId(), LineResolution.refund(item.lineId()));
            switch (line.resolution()) {
                case REFUND -> {
                    refundGross = refundGross.add(item.total());
                    paidBack.add(item);
                }
                case STORE_CREDIT -> {
                    creditGross = creditGross.add(item.total());
                    creditedLines = creditedLines.add(item.total());
                    bonusGross = bonusGross.add(item.total().multiply(line.bonusPercent()).movePointLeft(2));
                    paidBack.add(item);
                }
                case EXCHANGE -> {
                    BigDecimal difference = exchangeDifference(item, line);
                    differences = differences.add(difference);
                    if (line.differenceTo() == Resolution.STORE_CREDIT) {
                        creditGross = creditGross.add(difference);
                    } else {
                        refundGross = refundGross.add(difference);
                    }
                }
            }
        }
        boolean buyerPays = freight.payer() == FreightPayer.BUYER;
        boolean exchangeOnly = paidBack.isEmpty();
        BigDecimal freightDeducted = buyerPays && !exchangeOnly ? freight.amount() : Money.zero();
        BigDecimal restockingFee = buyerPays ? restockingFee(paidBack) : Money.zero();
        BigDecimal deductions = freightDeducted.add(restockingFee);
        BigDecimal fromRefund = deductions.min(refundGross);
        BigDecimal refund = refundGross.subtract(fromRefund);
        BigDecimal credit = creditGross.subtract(deductions.subtract(fromRefund)).max(BigDecimal.ZERO);
        BigDecimal ceiling = amountPaid.subtract(alreadyTaken).max(BigDecimal.ZERO);
        refund = refund.min(ceiling).max(BigDecimal.ZERO);
        credit = credit.min(ceiling.subtract(refund));
        BigDecimal bonus = creditGross.signum() == 0 ? BigDecimal.ZERO
                : bonusGross.multiply(credit).divide(creditGross, 10, RoundingMode.HALF_UP);
        return new Settlement(new RefundPlan(due.name(), itemsTotal(items), freightDeducted, restockingFee,
                money(refund)), money(credit), money(bonus), money(differences));
    }

    /** What an exchanged line's replacement costs less than the line, for its quantity (0 for an equal price). */
    public static BigDecimal exchangeDifference(ReturnItem item, LineResolution line) {
        if (line.exchangeFor() == null) {
            return BigDecimal.ZERO;
        }
        return item.unitPrice().subtract(line.exchangeFor().unitPrice()).max(BigDecimal.ZERO)
                .multiply(BigDecimal.valueOf(item.quantity()));
    }

    /**
     * What a return settles: the refund plan (its amount the refund part), the store credit (counted against what
     * the order paid), the bonus on top of it (recorded apart), and the exchanges' price differences (already in
     * the refund or the credit, as their lines' rule routes them).
     */
    public record Settlement(RefundPlan refund, BigDecimal credit, BigDecimal creditBonus,
                             BigDecimal exchangeDifference) {

        /** The parts to pay back, as inspection and the settlement port read them. */
        public Parts parts() {
            return new Parts(refund, credit, creditBonus);
        }
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
        return new RefundPlan(planned.due(), money(acceptedValue), planned.freightDeducted(),
                planned.restockingFee(), money(amount));
    }

    @Override
    public Parts afterInspection(Parts planned, List<ReturnItem> items, Map<String, LineResolution> resolutions,
                                 Map<String, AcceptedLine> accepted) {
        BigDecimal acceptedValue = BigDecimal.ZERO;
        BigDecimal refundGross = BigDecimal.ZERO;
        BigDecimal creditGross = BigDecimal.ZERO;
        BigDecimal bonusGross = BigDecimal.ZERO;
        for (ReturnItem item : items) {
            AcceptedLine taken = accepted.getOrDefault(item.lineId(), new AcceptedLine(0, BigDecimal.ZERO));
            ReturnItem kept = new ReturnItem(item.lineId(), item.sku(), item.name(), item.category(), taken.quantity(),
                    item.unitPrice());
            BigDecimal value = kept.total();
            acceptedValue = acceptedValue.add(value);
            LineResolution line = resolutions.getOrDefault(item.lineId(), LineResolution.refund(item.lineId()));
            switch (line.resolution()) {
                case REFUND -> refundGross = refundGross.add(value.subtract(taken.deduction()));
                case STORE_CREDIT -> {
                    BigDecimal credited = value.subtract(taken.deduction()).max(BigDecimal.ZERO);
                    creditGross = creditGross.add(credited);
                    bonusGross = bonusGross.add(credited.multiply(line.bonusPercent()).movePointLeft(2));
                }
                case EXCHANGE -> {
                    BigDecimal difference = exchangeDifference(kept, line);
                    if (line.differenceTo() == Resolution.STORE_CREDIT) {
                        creditGross = creditGross.add(difference);
                    } else {
                        refundGross = refundGross.add(difference);
                    }
                }
            }
        }
        RefundPlan plan = planned.refund();
        BigDecimal deductions = plan.freightDeducted().add(plan.restockingFee());
        BigDecimal refund = refundGross.subtract(deductions);
        BigDecimal credit = creditGross;
        if (refund.signum() < 0) {
            credit = credit.add(refund);
            refund = BigDecimal.ZERO;
        }
        refund = refund.min(plan.amount()).max(BigDecimal.ZERO);
        credit = credit.min(planned.credit()).max(BigDecimal.ZERO);
        BigDecimal bonus = creditGross.signum() == 0 ? BigDecimal.ZERO
                : bonusGross.multiply(credit).divide(creditGross, 10, RoundingMode.HALF_UP).min(planned.creditBonus());
        return new Parts(new RefundPlan(plan.due(), money(acceptedValue), plan.freightDeducted(),
                plan.restockingFee(), money(refund)), money(credit), money(bonus));
    }

    /** The configured share of each item's value, by its category. */
    private BigDecimal restockingFee(List<ReturnItem> items) {
        return money(items.stream()
                .map(i -> i.total().multiply(freight.restockingFeeRates().getOrDefault(i.category(), BigDecimal.ZERO)))
                .reduce(BigDecimal.ZERO, BigDecimal::add));
    }

}
