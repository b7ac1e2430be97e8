package io.returnflow.journey;

import static io.returnflow.platform.ApiDocumentation.TAG_BEFORE_A_RETURN;
import static io.returnflow.platform.ProblemType.MALFORMED;
import static io.returnflow.platform.ProblemType.ORDER_PAYMENT_DIFFERS;
import static io.returnflow.platform.ProblemType.RESOLUTION_NOT_ALLOWED;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.MERCHANT_API;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;
import io.returnflow.returns.ReturnRequest;

/**
 * {@code POST /api/return-quotes}: what a return would give, before the buyer commits — the same
 * policy and pricing as a real return, with no side effects.
 */
@RestController
@Tag(name = TAG_BEFORE_A_RETURN)
class ReturnQuoteResource {

    private static final String EXAMPLES = "#/components/examples/";

    private final ReturnQuotes quotes;

    public ReturnQuoteResource(ReturnQuotes quotes) {
        this.quotes = quotes;
    }

    @PostMapping("/api/return-quotes")
    @Operation(operationId = "quoteReturn", summary = "Quote a return", description = """
            What the return would give, before the buyer commits: whether the policy takes it (and why not), who \
            pays the freight, and the refund. The same body, policy and pricing as `POST /api/returns`, with no \
            side effects; a refused return is 200 with `eligible: false`, not 422. Per line (`lines`): the \
            resolutions the analysts' table `return-resolutions` allows, what each would give, and the one chosen; \
            `settlement` the parts the return would pay back (refund, store credit and its bonus, exchange \
            differences). A line asking a resolution it is not allowed is 422 `resolution-not-allowed`; a `payment` other than the \
            one the order's first return fixed is 409 `order-payment-differs`, as for the return.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = ReturnRequest.class), examples = {
                    @ExampleObject(name = "homePickup", ref = EXAMPLES + "return-request-home-pickup"),
                    @ExampleObject(name = "storeDropOff", ref = EXAMPLES + "return-request-store-drop-off"),
                    @ExampleObject(name = "exchangeAndStoreCredit", ref = EXAMPLES + "return-request-exchange")})))
    @ApiResponse(responseCode = "200", description = "The quote.", content = @Content(
            schema = @Schema(implementation = ReturnQuotes.Quote.class), examples = {
            @ExampleObject(name = "eligible", ref = EXAMPLES + "return-quote"),
            @ExampleObject(name = "notEligible", ref = EXAMPLES + "return-quote-not-eligible")}))
    @ProblemResponses({VALIDATION, MALFORMED, RESOLUTION_NOT_ALLOWED, ORDER_PAYMENT_DIFFERS})
    @ApiRoles({MERCHANT_API, ADMIN})
    public ReturnQuotes.Quote quote(@Valid @RequestBody ReturnRequest request) {
        return quotes.quote(request);
    }
}
