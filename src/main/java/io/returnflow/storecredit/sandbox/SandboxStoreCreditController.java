package io.returnflow.storecredit.sandbox;

import static io.returnflow.platform.ApiDocumentation.SANDBOX_SECRET_KEY;
import static io.returnflow.platform.ApiDocumentation.TAG_SANDBOX_STORE_CREDIT;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox store-credit system's HTTP face: the protocol's endpoints (README, "Store credit"), reached by the
 * generic adapter over HTTP, and the accounts it keeps. Errors are the protocol's problem+json with a {@code code}.
 */
@RestController
@ConditionalOnProperty(prefix = "returnflow.store-credit.sandbox", name = "enabled", havingValue = "true")
@Tag(name = TAG_SANDBOX_STORE_CREDIT)
class SandboxStoreCreditController {

    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    private static final String CODES = """

            Errors are `application/problem+json` with a `code`: refused for good `customer_not_found`, \
            `account_closed`, `currency_not_supported`, `invalid_amount`; try again `idempotency_key_in_use` (409); \
            `idempotency_key_reused` (422, the key came with another body) and `invalid_request` (400) stop for a \
            person, as does any code not in this list; 401 a wrong API key; 5xx try again.""";

    private final SandboxStoreCreditProvider provider;

    SandboxStoreCreditController(SandboxStoreCreditProvider provider) {
        this.provider = provider;
    }

    @PostMapping(value = "/sandbox/store-credit/v1/credits", consumes = MediaType.APPLICATION_JSON_VALUE)
    @SecurityRequirement(name = SANDBOX_SECRET_KEY)
    @Operation(operationId = "sandboxCreateStoreCredit", summary = "Credit a customer's account", description = """
            Credits `amount` plus `bonus` to the account of `customerId` (opened at its first credit, in that \
            credit's currency), for `reference` (the return id). The same `Idempotency-Key` with the same body \
            answers the first answer again (header `Idempotent-Replayed: true`); with another body 422 \
            `idempotency_key_reused`.""" + CODES,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = CreditRequest.class))))
    @ApiResponse(responseCode = "201", description = "The credit.",
            content = @Content(schema = @Schema(implementation = Credit.class)))
    @ApiResponse(responseCode = "400", description = "`invalid_request`: a field or the key missing.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = CreditProblem.class)))
    @ApiResponse(responseCode = "401", description = "A wrong API key.", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = CreditProblem.class)))
    @ApiResponse(responseCode = "409", description = "`idempotency_key_in_use`: retry later.", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = CreditProblem.class)))
    @ApiResponse(responseCode = "422", description = "Refused (`account_closed`, `currency_not_supported`, "
            + "`invalid_amount`), the key reused with another body, or `account_under_review` (the code the protocol "
            + "does not list).", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            schema = @Schema(implementation = CreditProblem.class)))
    @ApiResponse(responseCode = "500", description = "`cus_answer_lost`: the credit was made, its answer lost.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = CreditProblem.class)))
    @ApiResponse(responseCode = "503", description = "`cus_flaky`: failed before processing; retry with the key.",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = CreditProblem.class)))
    ResponseEntity<String> createCredit(
            @Parameter(hidden = true)
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @Parameter(description = "1 to 255 characters; ReturnFlow sends `credit:{returnId}`.", required = true,
                    example = "credit:R-8F3K2Q")
            @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody(required = false) String body) {
        return respond(provider.createCredit(authorization, idempotencyKey, body));
    }

    @GetMapping("/sandbox/store-credit/v1/credits")
    @SecurityRequirement(name = SANDBOX_SECRET_KEY)
    @Operation(operationId = "sandboxFindStoreCredits", summary = "Look credits up by reference",
            description = "The credits made for `reference` (the return id): none or one. How a credit whose answer "
                    + "was lost is found before it is sent again." + CODES)
    @ApiResponse(responseCode = "200", description = "`{data: [credit]}`.",
            content = @Content(schema = @Schema(implementation = CreditList.class)))
    @ApiResponse(responseCode = "400", description = "`invalid_request`: no reference.", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = CreditProblem.class)))
    @ApiResponse(responseCode = "401", description = "A wrong API key.", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = CreditProblem.class)))
    ResponseEntity<String> findCredits(
            @Parameter(hidden = true)
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @Parameter(description = "The return id.", example = "R-8F3K2Q")
            @RequestParam(value = "reference", required = false) String reference) {
        return respond(provider.findCredits(authorization, reference));
    }

    @GetMapping("/sandbox/store-credit/accounts/{customerId}")
    @Operation(operationId = "sandboxStoreCreditAccount", summary = "A customer's account",
            description = "The balance (value and bonus apart) and every credit, oldest first. Not part of the "
                    + "protocol: the sandbox's window for people trying it out.")
    @ApiResponse(responseCode = "200", description = "The account.",
            content = @Content(schema = @Schema(implementation = Account.class)))
    @ApiResponse(responseCode = "404", description = "`customer_not_found`: no credit yet.", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = CreditProblem.class)))
    ResponseEntity<String> account(
            @Parameter(description = "The customer id.", example = "cus_8F3K2Q") @PathVariable String customerId) {
        return respond(provider.account(customerId));
    }

    private static ResponseEntity<String> respond(SandboxStoreCreditProvider.Answer answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status())
                .contentType(answer.problem() ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
        if (answer.replayed()) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        }
        return response.body(answer.body());
    }

    /** The body of {@code POST /v1/credits}, as documented. */
    @Schema(name = "StoreCreditRequest", description = "A credit to make. Money as decimal strings in major units.")
    record CreditRequest(
            @Schema(description = """
                    The customer whose account is credited. **Magic values**, like a provider's test cards: \
                    `cus_closed` refused (422 `account_closed`); `cus_flaky` 503 for the first \
                    `returnflow.store-credit.sandbox.flaky-failures` tries of a key, then credited; \
                    `cus_answer_lost` credited, then answered 500 as if the answer was lost (a retry gets the \
                    stored answer, the lookup by reference finds it); `cus_unknown_code` 422 \
                    `account_under_review`, a code the protocol does not list. Any other id: credited.""",
                    example = "cus_flaky", requiredMode = Schema.RequiredMode.REQUIRED) String customerId,
            @Schema(example = "SO-20261207-0001", requiredMode = Schema.RequiredMode.REQUIRED) String orderId,
            @Schema(description = "The return id; one credit per reference.", example = "R-8F3K2Q",
                    requiredMode = Schema.RequiredMode.REQUIRED) String reference,
            @Schema(description = "ISO 4217.", example = "CNY", requiredMode = Schema.RequiredMode.REQUIRED)
            String currency,
            @Schema(description = "The credited value, positive.", example = "99.00",
                    requiredMode = Schema.RequiredMode.REQUIRED) String amount,
            @Schema(description = "The bonus on top, at least 0 (default 0).", example = "10.00") String bonus) {
    }

    /** A credit, as documented. */
    @Schema(name = "StoreCredit", description = "A credit on a customer's account.")
    record Credit(@Schema(example = "sc_4fQ2x9LrT0aBcD7eFgHi") String id,
                  @Schema(allowableValues = "issued") String status,
                  @Schema(example = "99.00") String amount, @Schema(example = "10.00") String bonus,
                  @Schema(example = "CNY") String currency, @Schema(example = "R-8F3K2Q") String reference,
                  @Schema(example = "cus_flaky") String customerId,
                  @Schema(example = "2026-12-07T12:00:00.000Z") String createdAt) {
    }

    /** The lookup's answer. */
    @Schema(name = "StoreCreditList", description = "The credits made for a reference.")
    record CreditList(java.util.List<Credit> data) {
    }

    /** An account. */
    @Schema(name = "StoreCreditAccount", description = "A customer's account: balance = valueBalance + bonusBalance.")
    record Account(String customerId, String currency, @Schema(example = "109.00") String balance,
                   @Schema(example = "99.00") String valueBalance, @Schema(example = "10.00") String bonusBalance,
                   java.util.List<Credit> entries) {
    }

    /** The protocol's error. */
    @Schema(name = "StoreCreditProblem", description = "problem+json with the protocol's `code`.")
    record CreditProblem(String type, String title, int status, @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
                         String code, String detail) {
    }
}
