package io.returnflow.journey;

import static io.returnflow.platform.ApiDocumentation.TAG_RETURNS;
import static io.returnflow.platform.ProblemType.BOOKING_IN_PROGRESS;
import static io.returnflow.platform.ProblemType.CONCURRENT_CHANGE;
import static io.returnflow.platform.ProblemType.IDEMPOTENCY_KEY_IN_USE;
import static io.returnflow.platform.ProblemType.IDEMPOTENCY_KEY_REUSED;
import static io.returnflow.platform.ProblemType.MALFORMED;
import static io.returnflow.platform.ProblemType.NOT_CANCELLABLE;
import static io.returnflow.platform.ProblemType.NOT_ELIGIBLE;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.ProblemType.OPEN_RETURN;
import static io.returnflow.platform.ProblemType.ORDER_PAYMENT_DIFFERS;
import static io.returnflow.platform.ProblemType.PARCEL_ON_ITS_WAY;
import static io.returnflow.platform.ProblemType.RESOLUTION_NOT_ALLOWED;
import static io.returnflow.platform.ProblemType.RESOLUTION_SETTLED;
import static io.returnflow.platform.ProblemType.RETURN_CLOSED;
import static io.returnflow.platform.ProblemType.UNAVAILABLE;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.CUSTOMER_SERVICE;
import static io.returnflow.platform.Roles.MERCHANT_API;
import static io.returnflow.platform.Roles.OPS;
import static io.returnflow.platform.Roles.WAREHOUSE;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;
import io.returnflow.returns.IdempotencyKeys;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnRequest;
import io.returnflow.returns.ReturnStatus;
import io.returnflow.returns.ReturnTimeline;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /api/returns}: create, read, list, timeline, cancel (API.md). */
@RestController
@Validated
@Tag(name = TAG_RETURNS)
class ReturnResource {

    private static final String EXAMPLES = "#/components/examples/";
    private static final String RETURN_PATH = "/api/returns/{id}";

    private final ReturnService service;
    private final ReturnViews views;
    private final ReturnRepository returns;
    private final ReturnTimeline timeline;
    private final ReturnResolutions resolutions;

    public ReturnResource(ReturnService service, ReturnViews views, ReturnRepository returns, ReturnTimeline timeline,
                          ReturnResolutions resolutions) {
        this.service = service;
        this.views = views;
        this.returns = returns;
        this.timeline = timeline;
        this.resolutions = resolutions;
    }

    @PostMapping("/api/returns")
    @Operation(operationId = "createReturn", summary = "Create a return", description = """
            Records the buyer's return and starts its journey: the return policy (a DMN table) decides per order \
            line, then the courier is booked (`HOME_PICKUP`, needs `pickup`) or a drop-off code is issued \
            (`STORE_DROPOFF`, needs `dropOff`). A request the policy refuses is still recorded, as a `REJECTED` \
            return, and answered 422 `not-eligible`, so that the refusal can be looked up.

            The order's first return fixes its `payment` (provider, charge, currency, `amountPaid`): the refund and \
            store credit of all the order's returns never exceed that `amountPaid`. A later return of the order \
            stating another payment is 409 `order-payment-differs`, naming the field. Every amount must be a whole \
            number of the currency's minor units (400 naming the field).

            With the sandbox, magic values in `pickup.address.line`, `dropOff.storeId` and `payment.chargeId` \
            choose what the carrier and the payment provider do (see the document's description).

            When more returns arrive than the journeys can carry, the excess is refused at once with 503 \
            `unavailable` and `Retry-After`, before anything is recorded: repeat it then with the same \
            `Idempotency-Key`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = ReturnRequest.class), examples = {
                    @ExampleObject(name = "homePickup", ref = EXAMPLES + "return-request-home-pickup"),
                    @ExampleObject(name = "storeDropOff", ref = EXAMPLES + "return-request-store-drop-off"),
                    @ExampleObject(name = "exchangeAndStoreCredit", ref = EXAMPLES + "return-request-exchange"),
                    @ExampleObject(name = "sandboxNoShow", ref = EXAMPLES + "return-request-sandbox-no-show")})))
    @ApiResponse(responseCode = "201", description = "Created: the return, its journey started.",
            headers = @Header(name = "Location", ref = "#/components/headers/Location"),
            content = @Content(schema = @Schema(implementation = ReturnView.class), examples = {
                    @ExampleObject(name = "homePickup", ref = EXAMPLES + "return-home-pickup"),
                    @ExampleObject(name = "storeDropOff", ref = EXAMPLES + "return-store-drop-off")}))
    @ApiResponse(responseCode = "200", description = "The same `Idempotency-Key` and body again: the first "
            + "answer's return, as it stands now; nothing new is created.",
            headers = @Header(name = "Location", ref = "#/components/headers/Location"),
            content = @Content(schema = @Schema(implementation = ReturnView.class),
                    examples = @ExampleObject(name = "homePickup", ref = EXAMPLES + "return-home-pickup")))
    @ProblemResponses({VALIDATION, MALFORMED, OPEN_RETURN, ORDER_PAYMENT_DIFFERS, IDEMPOTENCY_KEY_IN_USE,
            CONCURRENT_CHANGE, NOT_ELIGIBLE, IDEMPOTENCY_KEY_REUSED, RESOLUTION_NOT_ALLOWED, UNAVAILABLE})
    @ApiRoles({MERCHANT_API, ADMIN})
    public ResponseEntity<?> create(@Valid @RequestBody ReturnRequest request,
                                    @Parameter(description = "Optional, recommended: the same key with the same body "
                                            + "answers the first answer again (200, the same return); with a "
                                            + "different body it is 422 `idempotency-key-reused`. Keys are kept per "
                                            + "user.", example = "4f6d2c1e-2b7a-4c55-9f1e-8a0b3c7d9e21")
                                    @RequestHeader(value = "Idempotency-Key", required = false)
                                    @Size(min = 1, max = 128) String idempotencyKey,
                                    @Parameter(hidden = true) Principal principal) {
        ReturnService.Outcome outcome;
        try {
            outcome = service.create(request, idempotencyKey, principal.getName());
        } catch (IdempotencyKeys.KeyInUse raced) {
            // a concurrent request with the same key won: answer what it answered
            outcome = service.replay(principal.getName(), idempotencyKey, service.hash(request))
                    .orElseThrow(() -> ApiProblem.conflict("idempotency-key-in-use",
                            "A request with this Idempotency-Key is still being processed; repeat it shortly."));
        }
        ReturnView view = outcome.view();
        return switch (outcome.kind()) {
            case CREATED -> ResponseEntity.created(URI.create(view.links().self())).body(view);
            case REPLAYED -> ResponseEntity.ok().location(URI.create(view.links().self())).body(view);
            case REJECTED -> ResponseEntity.unprocessableEntity().body(notEligible(view));
        };
    }

    @GetMapping(RETURN_PATH)
    @Operation(operationId = "getReturn", summary = "Read a return", description = "The return as it stands: "
            + "status, whether a person must act (`actionRequired`), freight, refund, the pickup or drop-off.")
    @ApiResponse(responseCode = "200", description = "The return.", content = @Content(
            schema = @Schema(implementation = ReturnView.class), examples = {
            @ExampleObject(name = "homePickup", ref = EXAMPLES + "return-home-pickup"),
            @ExampleObject(name = "storeDropOff", ref = EXAMPLES + "return-store-drop-off")}))
    @ProblemResponses(NOT_FOUND)
    @ApiRoles({MERCHANT_API, CUSTOMER_SERVICE, WAREHOUSE, OPS, ADMIN})
    public ReturnView get(@Parameter(description = "The return's id.", example = "R-8F3K2Q") @PathVariable String id) {
        return views.of(id);
    }

    @GetMapping("/api/returns")
    @Operation(operationId = "listReturns", summary = "List returns",
            description = "Returns, newest first, optionally of one order and/or in one status, a page at a time.")
    @ApiResponse(responseCode = "200", description = "A page of returns.", content = @Content(
            schema = @Schema(implementation = Page.class),
            examples = @ExampleObject(name = "ofAnOrder", ref = EXAMPLES + "returns-page")))
    @ProblemResponses(VALIDATION)
    @ApiRoles({MERCHANT_API, CUSTOMER_SERVICE, WAREHOUSE, OPS, ADMIN})
    public Page list(@Parameter(description = "Only the returns of this order.", example = "SO-10001")
                     @RequestParam(required = false) String orderId,
                     @Parameter(description = "Only the returns in this status.")
                     @RequestParam(required = false) ReturnStatus status,
                     @Parameter(description = "The page, from 0.")
                     @RequestParam(defaultValue = "0") @Min(0) int page,
                     @Parameter(description = "Returns per page, 1 to 200.")
                     @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        List<ReturnView> content = returns.page(orderId, status, page, size).stream().map(views::of).toList();
        return new Page(content, page, size, returns.count(orderId, status));
    }

    @GetMapping(RETURN_PATH + "/timeline")
    @Operation(operationId = "getReturnTimeline", summary = "Read a return's timeline", description = "What "
            + "happened to the return, oldest first: requested, booked, collected, checked in, signed, inspected, "
            + "refunded, … (`type`), with who or what did it (`actor`).")
    @ApiResponse(responseCode = "200", description = "The events, oldest first.", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = ReturnTimeline.TimelineEvent.class)),
            examples = @ExampleObject(name = "homePickup", ref = EXAMPLES + "return-timeline")))
    @ProblemResponses(NOT_FOUND)
    @ApiRoles({MERCHANT_API, CUSTOMER_SERVICE, WAREHOUSE, OPS, ADMIN})
    public List<ReturnTimeline.TimelineEvent> timeline(
            @Parameter(description = "The return's id.", example = "R-8F3K2Q") @PathVariable String id) {
        if (returns.find(id).isEmpty()) {
            throw ApiProblem.notFound("No return " + id);
        }
        return timeline.list(id);
    }

    @PostMapping(RETURN_PATH + "/cancellation")
    @Operation(operationId = "cancelReturn", summary = "Cancel a return", description = """
            Cancels a return whose parcel has not left the buyer: the courier booking is cancelled, or the drop-off \
            code voided. Once the parcel was collected or checked in, or the return is closed, it is 409. The body \
            is optional.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = Cancellation.class),
                    examples = @ExampleObject(name = "buyerChangedMind", ref = EXAMPLES + "return-cancellation"))))
    @ApiResponse(responseCode = "200", description = "The return; its journey takes the cancellation (status "
            + "`CANCELLED` once the booking is cancelled or the code voided).", content = @Content(
            schema = @Schema(implementation = ReturnView.class),
            examples = @ExampleObject(name = "homePickup", ref = EXAMPLES + "return-home-pickup")))
    @ProblemResponses({VALIDATION, MALFORMED, NOT_FOUND, RETURN_CLOSED, PARCEL_ON_ITS_WAY, BOOKING_IN_PROGRESS,
            NOT_CANCELLABLE, CONCURRENT_CHANGE, UNAVAILABLE})
    @ApiRoles({MERCHANT_API, CUSTOMER_SERVICE, ADMIN})
    public ReturnView cancel(@Parameter(description = "The return's id.", example = "R-8F3K2Q") @PathVariable String id,
                             @RequestBody(required = false) @Valid Cancellation body,
                             @Parameter(hidden = true) Principal principal) {
        return service.cancel(id, body == null ? null : body.reason(), principal.getName());
    }

    @PutMapping(RETURN_PATH + "/items/{lineId}/resolution")
    @Operation(operationId = "changeReturnLineResolution", summary = "Settle a returned line otherwise",
            description = """
            Customer service changes how a line is settled (`REFUND`, `STORE_CREDIT`, or `EXCHANGE` with \
            `exchangeFor`), as the analysts' table `return-resolutions` allows it (422 `resolution-not-allowed` \
            otherwise, naming the ones it allows). Only while no part of the return is settled: no refund in the \
            ledger (not even intended), no store credit issued, no exchange order placed, and the return not \
            closed (409 \
            `resolution-settled`). The return's refund and store credit are planned again under what the order \
            paid; the timeline records the change (`RESOLUTION_CHANGED`) with who made it. A return that now \
            exchanges a line is refunded at the warehouse at the earliest, never at hand-over.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = ResolutionChange.class),
                    examples = @ExampleObject(name = "exchange", ref = EXAMPLES + "resolution-change-exchange"))))
    @ApiResponse(responseCode = "200", description = "The return, its parts planned again.", content = @Content(
            schema = @Schema(implementation = ReturnView.class),
            examples = @ExampleObject(name = "homePickup", ref = EXAMPLES + "return-home-pickup")))
    @ProblemResponses({VALIDATION, MALFORMED, NOT_FOUND, RESOLUTION_SETTLED, RESOLUTION_NOT_ALLOWED, CONCURRENT_CHANGE,
            UNAVAILABLE})
    @ApiRoles({CUSTOMER_SERVICE, ADMIN})
    public ReturnView changeResolution(
            @Parameter(description = "The return's id.", example = "R-8F3K2Q") @PathVariable String id,
            @Parameter(description = "The order line's id.", example = "L1") @PathVariable String lineId,
            @RequestBody @Valid ResolutionChange body, @Parameter(hidden = true) Principal principal) {
        resolutions.change(id, lineId, body.resolution(), body.exchangeFor(), principal.getName());
        return views.of(id);
    }

    @Schema(description = "How a returned line is to be settled instead.")
    public record ResolutionChange(
            @Schema(description = "`REFUND`, `STORE_CREDIT` or `EXCHANGE`.", example = "EXCHANGE") @NotNull
            Resolution resolution,
            @Schema(description = "For `EXCHANGE` (and only then): the replacement, another sku, at most the line's "
                    + "unit price.") @Valid ReturnRequest.ExchangeTarget exchangeFor) {
    }

    private static ProblemDetail notEligible(ReturnView view) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                "The return policy refuses this return: " + String.join("; ", view.rejectionReasons()));
        problem.setType(URI.create(ApiProblem.TYPE_BASE + "not-eligible"));
        problem.setTitle("Not eligible for return");
        problem.setProperty("reasons", view.rejectionReasons());
        problem.setProperty("returnId", view.id());
        problem.setProperty("return", Map.of("id", view.id(), "status", view.status(),
                "self", view.links().self()));
        return problem;
    }

    @Schema(description = "Why the return is cancelled, for its timeline.")
    public record Cancellation(@Schema(description = "In the buyer's or agent's words.", example = "买家不想退了")
                               @Size(max = 500) String reason) {
    }

    @Schema(name = "ReturnPage", description = "A page of returns, newest first.")
    public record Page(List<ReturnView> content, @Schema(description = "This page, from 0.") int page,
                       @Schema(description = "Returns per page.") int size,
                       @Schema(description = "Returns matching, on all pages.") long totalElements) {
    }
}
