package io.returnflow.journey;

import static io.returnflow.platform.ApiDocumentation.TAG_BEFORE_A_RETURN;
import static io.returnflow.platform.ProblemType.MALFORMED;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.MERCHANT_API;

import java.util.List;

import jakarta.validation.Valid;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.returns.eligibility.EligibilityVerdict;
import io.returnflow.platform.Money;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnEligibility;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnRequest;

/**
 * {@code POST /api/return-quotes}: what a return would give, before the buyer commits — the same
 * policy and pricing as a real return, with no side effects.
 */
@RestController
@Tag(name = TAG_BEFORE_A_RETURN)
class ReturnQuoteResource {

    private static final String EXAMPLES = "#/components/examples/";

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
    @Operation(operationId = "quoteReturn", summary = "Quote a return", description = """
            What the return would give, before the buyer commits: whether the policy takes it (and why not), who \
            pays the freight, and the refund. The same body, policy and pricing as `POST /api/returns`, with no \
            side effects; a refused return is 200 with `eligible: false`, not 422.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = ReturnRequest.class), examples = {
                    @ExampleObject(name = "homePickup", ref = EXAMPLES + "return-request-home-pickup"),
                    @ExampleObject(name = "storeDropOff", ref = EXAMPLES + "return-request-store-drop-off")})))
    @ApiResponse(responseCode = "200", description = "The quote.", content = @Content(
            schema = @Schema(implementation = Quote.class), examples = {
            @ExampleObject(name = "eligible", ref = EXAMPLES + "return-quote"),
            @ExampleObject(name = "notEligible", ref = EXAMPLES + "return-quote-not-eligible")}))
    @ProblemResponses({VALIDATION, MALFORMED})
    @ApiRoles({MERCHANT_API, ADMIN})
    @Transactional  // not read-only: the history records evaluations of tables in returnflow.history.decisions
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
