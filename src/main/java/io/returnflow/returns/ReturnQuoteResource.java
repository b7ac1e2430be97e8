package io.returnflow.returns;

import java.util.List;

import jakarta.validation.Valid;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.returns.eligibility.EligibilityVerdict;
import io.returnflow.platform.Money;

/**
 * {@code POST /api/return-quotes}: what a return would give, before the buyer commits — the same
 * policy and pricing as a real return, with no side effects.
 */
@RestController
public class ReturnQuoteResource {

    private final ReturnService service;
    private final ReturnEligibility eligibility;
    private final ReturnPricing pricing;
    private final ReturnRepository returns;
    private final RefundTimingPolicy refundTiming;

    public ReturnQuoteResource(ReturnService service, ReturnEligibility eligibility, ReturnPricing pricing,
                               ReturnRepository returns, RefundTimingPolicy refundTiming) {
        this.service = service;
        this.eligibility = eligibility;
        this.pricing = pricing;
        this.returns = returns;
        this.refundTiming = refundTiming;
    }

    @PostMapping("/api/return-quotes")
    @Transactional  // not read-only: the engine records the decision's evaluation in its history
    public Quote quote(@Valid @RequestBody ReturnRequest request) {
        service.validate(request);
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

    public record Quote(boolean eligible, List<String> reasons, ReturnView.FreightView freight, QuoteRefund refund) {
    }

    public record QuoteRefund(String due, String itemsTotal, String freightDeducted, String restockingFee,
                              String amount, String currency) {
    }
}
