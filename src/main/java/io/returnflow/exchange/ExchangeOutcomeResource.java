package io.returnflow.exchange;

import static io.returnflow.platform.ApiDocumentation.TAG_EXCHANGES;
import static io.returnflow.platform.ProblemType.EXCHANGE_ANSWERED;
import static io.returnflow.platform.ProblemType.MALFORMED;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.MERCHANT_API;

import java.security.Principal;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;

/**
 * The merchant's shop answers an exchange order it took as pending: the answer is recorded, then the journey that
 * waits for it goes on (an answer that arrives before the journey waits is found by its look-up).
 */
@RestController
@RequestMapping("/api/exchange-orders")
@Tag(name = TAG_EXCHANGES)
class ExchangeOutcomeResource {

    /** The shop's words as sent; kept with the order cut to {@link ExchangeOrder#REASON_LENGTH}. */
    private static final int MAX_TEXT = ExchangeOrder.REASON_LENGTH;

    private final ExchangeOrderService service;

    ExchangeOutcomeResource(ExchangeOrderService service) {
        this.service = service;
    }

    @PostMapping("/{id}/outcome")
    @Operation(operationId = "answerExchangeOrder", summary = "Answer an exchange order", description = """
            The shop's answer to the exchange order `id` (`EX-…`, the `Idempotency-Key` of its placing): \
            `CONFIRMED` with the shop's `shopOrderId`, or `OUT_OF_STOCK` / `REFUSED` with a `reason` (then the \
            return falls back to the resolution the policy names). The same answer again is answered 200 and \
            changes nothing; a different answer to an answered order is 409, the first one stands.""")
    @ApiResponse(responseCode = "200", description = "The order as recorded.",
            content = @Content(schema = @Schema(implementation = ExchangeOrderView.class)))
    @ProblemResponses({MALFORMED, VALIDATION, NOT_FOUND, EXCHANGE_ANSWERED})
    @ApiRoles({MERCHANT_API, ADMIN})
    public ResponseEntity<ExchangeOrderView> answer(
            @Parameter(description = "The exchange order's id.", example = "EX-R-8F3K2Q") @PathVariable String id,
            @RequestBody OutcomeRequest body, @Parameter(hidden = true) Principal who) {
        ShopAnswer answer = body.answer();
        ExchangeOrderService.Recorded recorded = service.recordOutcome(id, answer, who.getName());
        return ResponseEntity.ok(ExchangeOrderView.of(recorded.order()));
    }

    /** The shop's answer. */
    @Schema(name = "ExchangeOrderOutcome", description = "The shop's answer to an exchange order.")
    record OutcomeRequest(
            @Schema(description = "`CONFIRMED`, `OUT_OF_STOCK` or `REFUSED`.", example = "CONFIRMED",
                    requiredMode = Schema.RequiredMode.REQUIRED) @NotNull String outcome,
            @Schema(description = "The shop's order id; required with `CONFIRMED`.", example = "SHOP-1001")
            String shopOrderId,
            @Schema(description = "Why not (`OUT_OF_STOCK`, `REFUSED`): the skus, or the shop's words.",
                    example = "SKU-1-RED-M sold out") String reason) {

        ShopAnswer answer() {
            if (outcome == null || outcome.isBlank()) {
                throw ApiProblem.invalid("outcome", "is required: CONFIRMED, OUT_OF_STOCK or REFUSED");
            }
            if (shopOrderId != null && (shopOrderId.isBlank() || shopOrderId.length() > ExchangeOrder.SHOP_ORDER_ID_LENGTH)) {
                throw ApiProblem.invalid("shopOrderId", "must be 1 to " + ExchangeOrder.SHOP_ORDER_ID_LENGTH
                        + " characters");
            }
            if (reason != null && reason.length() > MAX_TEXT) {
                throw ApiProblem.invalid("reason", "must be at most " + MAX_TEXT + " characters");
            }
            return switch (outcome) {
                case "CONFIRMED" -> {
                    if (shopOrderId == null) {
                        throw ApiProblem.invalid("shopOrderId", "is required when the outcome is CONFIRMED");
                    }
                    yield ShopAnswer.confirmed(shopOrderId);
                }
                case "OUT_OF_STOCK" -> new ShopAnswer(ShopAnswer.Outcome.OUT_OF_STOCK, null, List.of(), null,
                        reason == null || reason.isBlank() ? "out of stock" : reason);
                case "REFUSED" -> ShopAnswer.refused("refused", reason);
                default -> throw ApiProblem.invalid("outcome", "must be CONFIRMED, OUT_OF_STOCK or REFUSED");
            };
        }
    }
}
