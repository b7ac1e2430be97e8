package io.returnflow.journey;

import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.platform.Money;
import io.returnflow.returns.CustomerReturn;
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

    public ReturnQuotes(ReturnService service, ReturnEligibility eligibility, ReturnPricing pricing,
                        ReturnRepository returns, RefundTimingPolicy refundTiming) {
        this.service = service;
        this.eligibility = eligibility;
        this.pricing = pricing;
        this.returns = returns;
        this.refundTiming = refundTiming;
    }

    /**
     * The quote of a request, checked as {@code POST /api/returns} checks it (400 naming the field otherwise).
     * A refused request is a quote with {@code eligible: false}, not an exception.
     */
    @Transactional  // not read-only: the history records evaluations of tables in returnflow.history.decisions
    public Quote quote(ReturnRequest request) {
        service.validate(request);
        return price(request);
    }

    /**
     * The quote of a request its caller has checked itself (a window or store not yet chosen is priced from the
     * address's province or the store's, as a return would be).
     */
    @Transactional
    public Quote price(ReturnRequest request) {
        EligibilityVerdict verdict = eligibility.of(request);
        String currency = request.payment().currency();
        CustomerReturn.Freight freight = pricing.freight(request, currency);
        List<ReturnItem> items = request.items().stream()
                .map(i -> new ReturnItem(i.lineId(), i.sku(), i.name(), i.category(), i.quantity(), i.unitPrice()))
                .toList();
        CustomerReturn.RefundPlan plan = pricing.refundPlan(items, freight, request.payment().amountPaid(),
                returns.plannedRefundsOfOrder(request.orderId(), ""), refundTiming.decide(request.reason(),
                        request.customer().tier(), ReturnPricing.itemsTotal(items), request.method()));
        return new Quote(verdict.eligible(), verdict.reasons(),
                new ReturnView.FreightView(Money.text(freight.amount()), currency, freight.payer().name(),
                        freight.rule()),
                new QuoteRefund(plan.due(), Money.text(plan.itemsTotal()),
                        Money.text(plan.freightDeducted()), Money.text(plan.restockingFee()),
                        Money.text(plan.amount()), currency));
    }

    @Schema(description = "What a return would give: eligibility, freight and refund.")
    public record Quote(@Schema(description = "Whether the return policy takes every line.") boolean eligible,
                        @Schema(description = "Why not, one sentence per refused line; empty when eligible.")
                        List<String> reasons,
                        ReturnView.FreightView freight, QuoteRefund refund) {
    }

    @Schema(description = "The refund the return would give; money as decimal strings in `currency`.")
    public record QuoteRefund(@Schema(description = "When it would be paid.",
                                      allowableValues = {"AT_DROP_OFF", "AT_WAREHOUSE_RECEIPT", "AFTER_INSPECTION"})
                              String due, String itemsTotal, String freightDeducted, String restockingFee,
                              String amount, String currency) {
    }
}
