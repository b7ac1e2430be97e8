package io.returnflow.journey;

import static io.returnflow.platform.ApiDocumentation.TAG_STORE_COUNTER;
import static io.returnflow.platform.ProblemType.CODE_CANCELLED;
import static io.returnflow.platform.ProblemType.CODE_EXPIRED;
import static io.returnflow.platform.ProblemType.CODE_OTHER_STORE;
import static io.returnflow.platform.ProblemType.CODE_USED;
import static io.returnflow.platform.ProblemType.CONCURRENT_CHANGE;
import static io.returnflow.platform.ProblemType.MALFORMED;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.ProblemType.NOT_YOUR_STORE;
import static io.returnflow.platform.ProblemType.TOO_MANY_ATTEMPTS;
import static io.returnflow.platform.ProblemType.UNAVAILABLE;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.STORE_CLERK;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
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
import io.returnflow.dropoff.CheckInDesk;
import io.returnflow.dropoff.CheckInPreview;
import io.returnflow.dropoff.CounterClerk;
import io.swagger.v3.oas.annotations.headers.Header;

/**
 * The counter's API (role store-clerk, or admin): {@code POST /api/stores/{storeId}/check-ins} checks
 * the buyer's parcel in (核销); {@code POST /api/stores/{storeId}/check-in-previews} shows whose parcel
 * and which items a code stands for, without checking it in. Both answer 403 at a store the clerk is
 * not bound to and 429 with {@code Retry-After} after too many wrong codes.
 */
@RestController
@Tag(name = TAG_STORE_COUNTER)
class CheckInResource {

    private static final String EXAMPLES = "#/components/examples/";

    private final CheckInDesk desk;
    private final ReturnViews views;

    public CheckInResource(CheckInDesk desk, ReturnViews views) {
        this.desk = desk;
        this.views = views;
    }

    @PostMapping("/api/stores/{storeId}/check-ins")
    @Operation(operationId = "checkIn", summary = "Check a parcel in (核销)", description = """
            The clerk takes the buyer's parcel and checks its drop-off code in: the return goes `IN_TRANSIT`, the \
            parcel joins the store's next consolidated shipment, and a refund due at drop-off starts. Codes are \
            case-insensitive, with or without dashes; a check character catches a mistyped one (400) before any \
            lookup. A clerk checks in only at the stores they are bound to. Wrong codes are counted per client and \
            per store: too many in a short time, and the counter waits (429, `Retry-After`).""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = CheckIn.class),
                    examples = @ExampleObject(name = "scanned", ref = EXAMPLES + "check-in"))))
    @ApiResponse(responseCode = "200", description = "Checked in: the return, now `IN_TRANSIT`.", content = @Content(
            schema = @Schema(implementation = ReturnView.class),
            examples = @ExampleObject(name = "checkedIn", ref = EXAMPLES + "return-checked-in")))
    @ProblemResponses({VALIDATION, MALFORMED, NOT_YOUR_STORE, NOT_FOUND, CODE_USED, CODE_EXPIRED, CODE_CANCELLED,
            CODE_OTHER_STORE, CONCURRENT_CHANGE, TOO_MANY_ATTEMPTS, UNAVAILABLE})
    @ApiRoles({STORE_CLERK, ADMIN})
    public ReturnView checkIn(@Parameter(description = "The store at whose counter the clerk is.", example = "S-SH-001")
                              @PathVariable String storeId, @RequestBody CheckIn body,
                              @Parameter(hidden = true) Authentication clerk,
                              @Parameter(hidden = true) HttpServletRequest request) {
        String returnId = desk.checkIn(storeId, body.code(), clerkOf(clerk, request));
        return views.of(returnId);
    }

    @PostMapping("/api/stores/{storeId}/check-in-previews")
    @Operation(operationId = "previewCheckIn", summary = "Preview a check-in", description = "Whose parcel a "
            + "code stands for (the buyer's name masked) and which items to expect, without checking it in; "
            + "answered only for a code that can be checked in at this store now. Refused, counted and audited "
            + "exactly like a check-in.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = CheckIn.class),
                    examples = @ExampleObject(name = "scanned", ref = EXAMPLES + "check-in"))))
    @ApiResponse(responseCode = "200", description = "What the clerk should find in the parcel.", content = @Content(
            schema = @Schema(implementation = CheckInPreview.class),
            examples = @ExampleObject(name = "tShirt", ref = EXAMPLES + "check-in-preview")))
    @ProblemResponses({VALIDATION, MALFORMED, NOT_YOUR_STORE, NOT_FOUND, CODE_USED, CODE_EXPIRED, CODE_CANCELLED,
            CODE_OTHER_STORE, TOO_MANY_ATTEMPTS})
    @ApiRoles({STORE_CLERK, ADMIN})
    public CheckInPreview preview(@Parameter(description = "The store at whose counter the clerk is.",
                                          example = "S-SH-001") @PathVariable String storeId,
                                  @RequestBody CheckIn body, @Parameter(hidden = true) Authentication clerk,
                                  @Parameter(hidden = true) HttpServletRequest request) {
        return desk.preview(storeId, body.code(), clerkOf(clerk, request));
    }

    /** The 429 problem with the {@code Retry-After} header the client needs. */
    @ExceptionHandler(CheckInDesk.TooManyAttempts.class)
    ResponseEntity<ProblemDetail> tooManyAttempts(CheckInDesk.TooManyAttempts e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        body.setType(e.type());
        body.setTitle(e.title());
        e.extra().forEach(body::setProperty);
        return ResponseEntity.status(e.status()).header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(body);
    }

    static CheckInDesk.Clerk clerkOf(Authentication authentication, HttpServletRequest request) {
        return CounterClerk.of(authentication, request);
    }

    /**
     * What the clerk typed or scanned. Not validated by annotations: a blank or overlong code is a
     * mistyped code like any other, refused by the desk (400, field {@code code}) and audited.
     */
    @Schema(description = "The code the clerk typed or scanned.")
    public record CheckIn(@Schema(description = "The drop-off code: 12 characters of an alphabet without look-alikes, "
            + "the last a check character; dashes and case do not matter.", example = "7K3Q-9XPM-2T") String code) {
    }
}
