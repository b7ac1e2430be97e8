package io.returnflow.payment.sandbox;

import static io.returnflow.platform.ApiDocumentation.SANDBOX_SECRET_KEY;
import static io.returnflow.platform.ApiDocumentation.TAG_SANDBOX_PAYMENTS;

import io.returnflow.payment.stripe.StripeRefundClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.Map;

/**
 * The sandbox payment provider's HTTP face: the refund endpoints of the Stripe-compatible API, reached
 * by the real adapter over HTTP. Answers are the provider's own JSON (not problem+json): this is the
 * provider speaking, not ReturnFlow's API.
 */
@RestController
@RequestMapping("/sandbox/payments/v1/refunds")
@ConditionalOnProperty(prefix = "returnflow.payment.sandbox", name = "enabled", havingValue = "true")
@Tag(name = TAG_SANDBOX_PAYMENTS)
@SecurityRequirement(name = SANDBOX_SECRET_KEY)
class SandboxPaymentController {

    private static final String ANSWERS = """

            Answers are the provider's JSON, errors as `{"error": {"type", "code", "param", "message"}}`: 400 \
            `invalid_request_error` (or `idempotency_error`: the key reused with other parameters), 401 a wrong \
            secret key, 404 `resource_missing`.""";

    /** The charge the provider is unreachable for (a magic value, like the provider's). */
    static final String UNREACHABLE_CHARGE = "ch_refund_unreachable";

    /** Set on an answer that is the stored first answer to the same idempotency key. */
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final SandboxPaymentProvider provider;

    SandboxPaymentController(SandboxPaymentProvider provider) {
        this.provider = provider;
    }

    @PostMapping
    @Operation(operationId = "sandboxCreateRefund", summary = "Refund a charge", description = """
            Refunds `amount` (minor units) of `charge`. The same `Idempotency-Key` with the same parameters answers \
            the first answer again (header `Idempotent-Replayed: true`); a key still being processed is 409.

            **Magic values** in `charge` (the buyer's `payment.chargeId`), like a provider's test cards:
            - `ch_refund_fails`: refused, 402 `card_error` / `refund_failed`;
            - `ch_refund_flaky`: 503 `api_error` for the first `returnflow.payment.sandbox.flaky-failures` tries \
            of a key, then refunded;
            - `ch_refund_pending`: accepted `pending`, succeeds `returnflow.payment.sandbox.pending-for` later \
            (then the signed `refund.updated` webhook follows);
            - `ch_refund_unreachable`: the provider is down for this charge: every request about it (refund, \
            list) is answered 503 without the provider's JSON (as a load balancer answers for a provider that is \
            gone), so the refund is retried and ends in an incident;
            - any other charge starting with `ch_`: refunded at once.""" + ANSWERS,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                    schema = @Schema(implementation = RefundForm.class),
                    examples = @ExampleObject(name = "flaky", ref = "#/components/examples/sandbox-refund-request"))))
    @ApiResponse(responseCode = "200", description = "The refund.", content = @Content(
            schema = @Schema(implementation = RefundObject.class),
            examples = @ExampleObject(name = "succeeded", ref = "#/components/examples/sandbox-refund")))
    @ApiResponse(responseCode = "400", description = "Invalid parameters, a missing key, or the key reused.",
            content = @Content(schema = @Schema(implementation = ProviderError.class)))
    @ApiResponse(responseCode = "401", description = "A wrong secret key.",
            content = @Content(schema = @Schema(implementation = ProviderError.class)))
    @ApiResponse(responseCode = "402", description = "`ch_refund_fails`: the refund is refused.",
            content = @Content(schema = @Schema(implementation = ProviderError.class),
                    examples = @ExampleObject(name = "refused", ref = "#/components/examples/sandbox-refund-refused")))
    @ApiResponse(responseCode = "409", description = "The key is still being processed; try again later.",
            content = @Content(schema = @Schema(implementation = ProviderError.class)))
    @ApiResponse(responseCode = "503", description = "`ch_refund_flaky`: a failure before processing; a retry "
            + "with the same key is processed afresh. `ch_refund_unreachable`: the provider is down (an HTML page, "
            + "not the provider's JSON).",
            content = @Content(schema = @Schema(implementation = ProviderError.class)))
    ResponseEntity<String> createRefund(
            @Parameter(hidden = true)
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @Parameter(description = "Required by the sandbox (the real API lets it default); at most 255 "
                    + "characters.", required = true, example = "refund-R-8F3K2Q-1")
            @RequestHeader(value = StripeRefundClient.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        if (UNREACHABLE_CHARGE.equals(params.getFirst("charge"))) {
            return outage();
        }
        return respond(provider.createRefund(authorization, idempotencyKey, params.toSingleValueMap()));
    }

    @GetMapping
    @Operation(operationId = "sandboxListRefunds", summary = "List a charge's refunds",
            description = "The charge's refunds, newest first, a page at a time." + ANSWERS)
    @Parameter(name = "charge", in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY, required = true,
            description = "The charge.", example = "ch_refund_flaky", schema = @Schema(type = "string"))
    @Parameter(name = "limit", in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY,
            description = "At most this many, 1 to 100 (default 10).", schema = @Schema(type = "integer"))
    @Parameter(name = "starting_after", in = io.swagger.v3.oas.annotations.enums.ParameterIn.QUERY,
            description = "The page after this refund id.", schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "200", description = "A page of refunds: `{object: list, data, has_more, url}`.",
            content = @Content(schema = @Schema(type = "object")))
    @ApiResponse(responseCode = "400", description = "Invalid parameters.",
            content = @Content(schema = @Schema(implementation = ProviderError.class)))
    @ApiResponse(responseCode = "401", description = "A wrong secret key.",
            content = @Content(schema = @Schema(implementation = ProviderError.class)))
    @ApiResponse(responseCode = "503", description = "`ch_refund_unreachable`: the provider is down (an HTML page).",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    ResponseEntity<String> listRefunds(
            @Parameter(hidden = true)
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        if (UNREACHABLE_CHARGE.equals(params.getFirst("charge"))) {
            return outage();
        }
        return respond(provider.listRefunds(authorization, params.toSingleValueMap()));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "sandboxRetrieveRefund", summary = "Read a refund", description = "The refund as it "
            + "stands." + ANSWERS)
    @ApiResponse(responseCode = "200", description = "The refund.", content = @Content(
            schema = @Schema(implementation = RefundObject.class),
            examples = @ExampleObject(name = "succeeded", ref = "#/components/examples/sandbox-refund")))
    @ApiResponse(responseCode = "401", description = "A wrong secret key.",
            content = @Content(schema = @Schema(implementation = ProviderError.class)))
    @ApiResponse(responseCode = "404", description = "No such refund.",
            content = @Content(schema = @Schema(implementation = ProviderError.class)))
    ResponseEntity<String> retrieveRefund(
            @Parameter(hidden = true)
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @Parameter(description = "The refund's id.", example = "re_3QbX2cSandboxRefund01")
            @PathVariable("id") String id) {
        return respond(provider.retrieveRefund(authorization, id));
    }

    /** A refund request's form fields, as documented. */
    @Schema(name = "RefundRequest", description = "A refund request (form fields).")
    record RefundForm(
            @Schema(description = "The charge; see the magic values.", example = "ch_refund_flaky",
                    requiredMode = Schema.RequiredMode.REQUIRED) String charge,
            @Schema(description = "In minor units (fen).", example = "9900",
                    requiredMode = Schema.RequiredMode.REQUIRED) long amount,
            @Schema(description = "Lower case ISO 4217.", example = "cny",
                    requiredMode = Schema.RequiredMode.REQUIRED) String currency,
            @Schema(allowableValues = {"duplicate", "fraudulent", "requested_by_customer"}) String reason,
            @Schema(name = "metadata[return_id]", description = "The return the refund is for.", example = "R-8F3K2Q")
            String metadataReturnId) {
    }

    /** A refund object, as documented: the members the adapter reads. */
    @Schema(name = "Refund", description = "A refund object (Stripe-compatible).")
    record RefundObject(
            @Schema(example = "re_3QbX2cSandboxRefund01") String id,
            @Schema(example = "refund") String object,
            @Schema(example = "9900") long amount,
            @Schema(example = "ch_refund_flaky") String charge,
            @Schema(description = "Unix seconds.", example = "1795747502") long created,
            @Schema(example = "cny") String currency,
            @Schema(example = "requested_by_customer") String reason,
            @Schema(allowableValues = {"pending", "succeeded", "failed", "canceled"}) String status,
            @Schema(description = "`return_id`.") Map<String, String> metadata) {
    }

    /** The provider's error body. */
    @Schema(name = "ProviderError", description = "The provider's error: `{error: {type, code, param, message}}`.")
    record ProviderError(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Map<String, String> error) {
    }

    /**
     * What a load balancer in front of a provider that is gone answers, every time: 503 and its own page. Nothing
     * reaches the provider, so nothing about the request is kept (no idempotency key).
     */
    private static ResponseEntity<String> outage() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_HTML).body(OUTAGE_PAGE);
    }

    static final String OUTAGE_PAGE = "<html><body><h1>503 Service Unavailable</h1>"
            + "No server is available to handle this request.</body></html>";

    private static ResponseEntity<String> respond(SandboxAnswer answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status())
                .contentType(MediaType.APPLICATION_JSON);
        if (answer.replayed()) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        }
        return response.body(answer.body());
    }
}
