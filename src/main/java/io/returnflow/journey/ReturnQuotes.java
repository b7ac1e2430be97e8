package io.returnflow.journey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.platform.Money;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.LineResolution;
import io.returnflow.returns.OrderGuards;
import io.returnflow.returns.RefundTiming;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ResolutionPolicy;
import io.returnflow.returns.ReturnEligibility;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnRequest;
import io.returnflow.returns.eligibility.EligibilityVerdict;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a return would give, before the buyer commits: the same policy (eligibility DMN), freight (rate table and
 * freight-payer DMN) and refund timing (refund-timing DMN) as a real return, with no side effects. Answers
 * {@code POST /api/return-quotes} and the buyer's page alike.
 */
@Component
public class ReturnQuotes {

    private final ReturnService service;
    private final ReturnEligibility eligibility;
    private final ReturnPricing pricing;
    private final ReturnRepository returns;
    private final RefundTimingPolicy refundTiming;
    private final ReturnResolutions resolutions;
    private final OrderGuards orderGuards;

    public ReturnQuotes(ReturnService service, ReturnEligibility eligibility, ReturnPricing pricing,
                        ReturnRepository returns, RefundTimingPolicy refundTiming, ReturnResolutions resolutions,
                        OrderGuards orderGuards) {
        this.orderGuards = orderGuards;
        this.service = service;
        this.eligibility = eligibility;
        this.pricing = pricing;
        this.returns = returns;
        this.refundTiming = refundTiming;
        this.resolutions = resolutions;
    }

    /**
     * The quote of a request, checked as {@code POST /api/returns} checks it (400 naming the field otherwise).
     * A refused request is a quote with {@code eligible: false}, not an exception; a line asking a resolution its
     * policy does not allow is 422 {@value ReturnResolutions#NOT_ALLOWED}, as for the return itself.
     */
    @Transactional  // not read-only: the history records evaluations of tables in returnflow.history.decisions
    public Quote quote(ReturnRequest request) {
        service.validate(request);
        resolutions.resolve(request);
        return price(request);
    }

    /**
     * The quote of a request its caller has checked itself (a window or store not yet chosen is priced from the
     * address's province or the store's, as a return would be).
     */
    @Transactional
    public Quote price(ReturnRequest request) {
        // a return of this order would be refused (409) for another payment than its first return's: so is its quote
        OrderGuards.OrderPayment stated = OrderGuards.OrderPayment.of(request.payment());
        orderGuards.payment(request.orderId()).ifPresent(paid -> paid.requireSame(stated, request.orderId()));
        EligibilityVerdict verdict = eligibility.of(request);
        String currency = request.payment().currency();
        CustomerReturn.Freight freight = pricing.freight(request, currency);
        List<ReturnItem> items = request.items().stream()
                .map(i -> new ReturnItem(i.lineId(), i.sku(), i.name(), i.category(), i.quantity(), i.unitPrice()))
                .toList();
        List<ResolutionPolicy.Allowed> allowed = resolutions.allowed(request);
        Map<String, LineResolution> chosen = new LinkedHashMap<>();
        List<QuoteLine> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ReturnRequest.Item asked = request.items().get(i);
            LineResolution line = LineResolution.of(asked.lineId(), asked.resolutionOrDefault(),
                    ReturnResolutions.replacement(asked.exchangeFor()), allowed.get(i));
            chosen.put(asked.lineId(), line);
            lines.add(line(items.get(i), line, allowed.get(i), currency));
        }
        RefundTiming due = RefundTimingPolicy.forExchanges(refundTiming.decide(request.reason(),
                request.customer().tier(), ReturnPricing.itemsTotal(items), request.method()),
                ReturnService.exchanges(chosen));
        ReturnPricing.Settlement settlement = pricing.settlement(items, chosen, freight,
                request.payment().amountPaid(), returns.plannedRefundsOfOrder(request.orderId(), ""), due);
        CustomerReturn.RefundPlan plan = settlement.refund();
        return new Quote(verdict.eligible(), verdict.reasons(),
                new ReturnView.FreightView(Money.text(freight.amount()), currency, freight.payer().name(),
                        freight.rule()),
                new QuoteRefund(plan.due(), Money.text(plan.itemsTotal()),
                        Money.text(plan.freightDeducted()), Money.text(plan.restockingFee()),
                        Money.text(plan.amount()), currency),
                lines,
                new ReturnView.SettlementView(Money.text(plan.amount()), Money.text(settlement.credit()),
                        Money.text(settlement.creditBonus()), Money.text(settlement.exchangeDifference()), currency));
    }

    /** What each resolution the table allows would give for the line alone, before freight and fees. */
    private static QuoteLine line(ReturnItem item, LineResolution chosen, ResolutionPolicy.Allowed allowed,
                                  String currency) {
        List<QuoteResolution> options = allowed.inOrder().stream().map(resolution -> switch (resolution) {
            case REFUND -> new QuoteResolution(resolution, Money.text(item.total()), null);
            case STORE_CREDIT -> new QuoteResolution(resolution, Money.text(item.total()),
                    Money.text(Money.of(item.total().multiply(allowed.bonusPercent()).movePointLeft(2), currency)));
            case EXCHANGE -> new QuoteResolution(resolution, chosen.exchangeFor() == null ? null
                    : Money.text(ReturnPricing.exchangeDifference(item, chosen)), null);
        }).toList();
        return new QuoteLine(item.lineId(), options, chosen.resolution(), allowed.rule());
    }

    @Schema(description = "What a return would give: eligibility, freight and refund.")
    public record Quote(@Schema(description = "Whether the return policy takes every line.") boolean eligible,
                        @Schema(description = "Why not, one sentence per refused line; empty when eligible.")
                        List<String> reasons,
                        ReturnView.FreightView freight, QuoteRefund refund,
                        @Schema(description = "Per line: the resolutions its policy allows, what each would give, "
                                + "the one chosen and the rule of `return-resolutions` that answered.")
                        List<QuoteLine> lines,
                        @Schema(description = "What the return would pay back, part by part, as the lines are "
                                + "chosen.") ReturnView.SettlementView settlement) {
    }

    @Schema(description = "The resolutions a line may have, and the one chosen.")
    public record QuoteLine(@Schema(example = "L1") String lineId, List<QuoteResolution> allowed,
                            @Schema(example = "REFUND") Resolution chosen,
                            @Schema(description = "The rule of `return-resolutions` that answered.",
                                    example = "refund-or-credit") String rule) {
    }

    @Schema(description = "What a resolution would give for the line alone, before freight and fees: the line's "
            + "value for `REFUND` and `STORE_CREDIT` (with its `bonus` on top), the price difference paid back for "
            + "`EXCHANGE` (`null` until a replacement is named). Decimal strings.")
    public record QuoteResolution(@Schema(example = "STORE_CREDIT") Resolution resolution,
                                  @Schema(example = "99.00") String amount,
                                  @Schema(description = "For `STORE_CREDIT`: the bonus on top.", example = "9.90")
                                  String bonus) {
    }

    @Schema(description = "The refund the return would give; money as decimal strings in `currency`.")
    public record QuoteRefund(@Schema(description = "When it would be paid.",
                                      allowableValues = {"AT_DROP_OFF", "AT_WAREHOUSE_RECEIPT", "AFTER_INSPECTION"})
                              String due, String itemsTotal, String freightDeducted, String restockingFee,
                              String amount, String currency) {
    }
}
