package io.returnflow.selfservice;

import static io.returnflow.platform.ApiDocumentation.TAG_BUYER_PAGE;
import static io.returnflow.platform.ProblemType.BOOKING_IN_PROGRESS;
import static io.returnflow.platform.ProblemType.CONCURRENT_CHANGE;
import static io.returnflow.platform.ProblemType.LINK_EXPIRED;
import static io.returnflow.platform.ProblemType.LINK_USED_UP;
import static io.returnflow.platform.ProblemType.MALFORMED;
import static io.returnflow.platform.ProblemType.NOT_CANCELLABLE;
import static io.returnflow.platform.ProblemType.NOT_ELIGIBLE;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.ProblemType.NO_MISSED_PICKUP;
import static io.returnflow.platform.ProblemType.ORDER_PAYMENT_DIFFERS;
import static io.returnflow.platform.ProblemType.OPEN_RETURN;
import static io.returnflow.platform.ProblemType.PARCEL_ON_ITS_WAY;
import static io.returnflow.platform.ProblemType.RETURN_CLOSED;
import static io.returnflow.platform.ProblemType.TOO_MANY_REQUESTS;
import static io.returnflow.platform.ProblemType.UNAVAILABLE;
import static io.returnflow.platform.ProblemType.VALIDATION;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.platform.ProblemResponses;
import io.returnflow.returns.ReturnStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The calls of the buyer's page {@code /returns/}, under the return link's token (the credential: no Basic, no
 * cookie; {@code platform.ReturnPageSecurity}).
 */
@RestController
@Validated
@RequestMapping(BuyerResource.BASE)
@Tag(name = TAG_BUYER_PAGE)
class BuyerResource {

    static final String BASE = "/returns/api/links/{token}";
    private static final int QR_SIZE_PX = 320;
    private static final String TOKEN = "The return link's token: what follows `#` in the link's URL.";

    private final LinkGate gate;
    private final BuyerDesk desk;

    BuyerResource(LinkGate gate, BuyerDesk desk) {
        this.gate = gate;
        this.desk = desk;
    }

    @GetMapping
    @Operation(operationId = "getBuyerOrder", summary = "Read the order behind a return link", description = "The "
            + "order's lines, each with whether the return policy (the eligibility table) takes it back, for which "
            + "reasons, and if not, why. Counted against the link's allowance.")
    @ApiResponse(responseCode = "200", description = "The order.",
            content = @Content(schema = @Schema(implementation = BuyerViews.Order.class)))
    @ProblemResponses({NOT_FOUND, LINK_EXPIRED, TOO_MANY_REQUESTS, UNAVAILABLE})
    public BuyerViews.Order order(@Parameter(description = TOKEN) @PathVariable String token) {
        ReturnLink link = gate.open(token);
        gate.spend(link);
        return desk.order(link);
    }

    @PostMapping("/quote")
    @Operation(operationId = "quoteBuyerReturn", summary = "Quote the buyer's choice", description = "What the "
            + "chosen lines would give back, for the chosen way back or (without `method`) for both: the same "
            + "quote as `POST /api/return-quotes`. Counted against the link's allowance.")
    @ApiResponse(responseCode = "200", description = "The quote.",
            content = @Content(schema = @Schema(implementation = BuyerViews.Quote.class)))
    @ProblemResponses({VALIDATION, MALFORMED, NOT_FOUND, LINK_EXPIRED, ORDER_PAYMENT_DIFFERS, TOO_MANY_REQUESTS})
    public BuyerViews.Quote quote(@Parameter(description = TOKEN) @PathVariable String token,
                                  @Valid @RequestBody BuyerViews.Choice choice) {
        ReturnLink link = gate.open(token);
        gate.spend(link);
        return desk.quote(link, choice);
    }

    @GetMapping("/pickup-windows")
    @Operation(operationId = "getBuyerPickupWindows", summary = "The upcoming pickup windows",
            description = "The windows a courier can be booked for in the city, soonest first.")
    @ApiResponse(responseCode = "200", description = "The windows.",
            content = @Content(schema = @Schema(implementation = BuyerViews.Windows.class)))
    @ProblemResponses({VALIDATION, NOT_FOUND, LINK_EXPIRED})
    public BuyerViews.Windows windows(@Parameter(description = TOKEN) @PathVariable String token,
                                      @Parameter(description = "The pickup address's city.", example = "深圳市")
                                      @RequestParam @NotBlank @Size(max = 64) String city) {
        gate.open(token);
        return desk.windows(city);
    }

    @GetMapping("/stores")
    @Operation(operationId = "getBuyerStores", summary = "The drop-off stores and their opening hours",
            description = "The active drop-off stores, of one city or all.")
    @ApiResponse(responseCode = "200", description = "The stores.", content = @Content(
            array = @io.swagger.v3.oas.annotations.media.ArraySchema(
                    schema = @Schema(implementation = BuyerViews.Store.class))))
    @ProblemResponses({VALIDATION, NOT_FOUND, LINK_EXPIRED})
    public List<BuyerViews.Store> stores(@Parameter(description = TOKEN) @PathVariable String token,
                                         @Parameter(description = "Only the stores in this city.", example = "深圳市")
                                         @RequestParam(required = false) @Size(max = 64) String city) {
        gate.open(token);
        return desk.stores(city);
    }

    @PostMapping("/return")
    @Operation(operationId = "confirmBuyerReturn", summary = "Start the return", description = """
            Starts the return as `POST /api/returns` does. Once per choice: the same choice again (a double tap, a \
            retry) answers the same return (200). While the link's return is open, another choice is 409 \
            `open-return`; a choice the policy refuses is 422 `not-eligible` (recorded as a `REJECTED` return, as \
            for the API). Counted against the link's allowance.""")
    @ApiResponse(responseCode = "201", description = "The return, started.",
            content = @Content(schema = @Schema(implementation = BuyerViews.Return.class)))
    @ApiResponse(responseCode = "200", description = "The same choice again: the return it started.",
            content = @Content(schema = @Schema(implementation = BuyerViews.Return.class)))
    @ProblemResponses({VALIDATION, MALFORMED, NOT_FOUND, LINK_EXPIRED, OPEN_RETURN, ORDER_PAYMENT_DIFFERS,
            LINK_USED_UP, CONCURRENT_CHANGE, NOT_ELIGIBLE, TOO_MANY_REQUESTS, UNAVAILABLE})
    public ResponseEntity<?> confirm(@Parameter(description = TOKEN) @PathVariable String token,
                                     @Valid @RequestBody BuyerViews.Choice choice) {
        ReturnLink link = gate.open(token);
        gate.spend(link);
        BuyerDesk.Confirmed confirmed = desk.confirm(link.id(), choice);
        if (confirmed.view().status() == ReturnStatus.REJECTED) {
            return ResponseEntity.unprocessableEntity().body(BuyerDesk.notEligible(confirmed.view()));
        }
        return ResponseEntity.status(confirmed.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(desk.currentReturn(gate.genuine(token), qrPath(token)));
    }

    @GetMapping("/return")
    @Operation(operationId = "getBuyerReturn", summary = "Follow the return", description = "The return started "
            + "from the link: status, the booked window and the courier's pickup code, or the store and the code "
            + "to show, what happened so far, and what the buyer may still do. Readable after the link expired, "
            + "to the return's end; not counted (the page polls it).")
    @ApiResponse(responseCode = "200", description = "The return.",
            content = @Content(schema = @Schema(implementation = BuyerViews.Return.class)))
    @ProblemResponses(NOT_FOUND)
    public BuyerViews.Return currentReturn(@Parameter(description = TOKEN) @PathVariable String token) {
        return desk.currentReturn(gate.genuine(token), qrPath(token));
    }

    @GetMapping("/return/drop-off-code.png")
    @Operation(operationId = "getBuyerDropOffCodeImage", summary = "The drop-off code as a QR image",
            description = "The code to show at the store, as a QR code (PNG, 320 px). Not cached.")
    @ApiResponse(responseCode = "200", description = "The QR code.", content = @Content(
            mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")))
    @ProblemResponses(NOT_FOUND)
    public ResponseEntity<byte[]> qr(@Parameter(description = TOKEN) @PathVariable String token) {
        return QrImage.of(desk.dropOffCode(gate.genuine(token)));
    }

    @PostMapping("/return/cancellation")
    @Operation(operationId = "cancelBuyerReturn", summary = "Cancel the return", description = "As "
            + "`POST /api/returns/{id}/cancellation`: while the parcel has not left the buyer; 409 once it was "
            + "collected or checked in, or the return is closed. Counted against the link's allowance.")
    @ApiResponse(responseCode = "200", description = "The return, its journey taking the cancellation.",
            content = @Content(schema = @Schema(implementation = BuyerViews.Return.class)))
    @ProblemResponses({VALIDATION, MALFORMED, NOT_FOUND, RETURN_CLOSED, PARCEL_ON_ITS_WAY, BOOKING_IN_PROGRESS,
            NOT_CANCELLABLE, CONCURRENT_CHANGE, TOO_MANY_REQUESTS})
    public BuyerViews.Return cancel(@Parameter(description = TOKEN) @PathVariable String token,
                                    @Valid @RequestBody(required = false) BuyerViews.Cancellation body) {
        ReturnLink link = gate.genuine(token);
        gate.spend(link);
        desk.cancel(link, body == null ? null : body.reason());
        return desk.currentReturn(link, qrPath(token));
    }

    @PostMapping("/return/pickup-window")
    @Operation(operationId = "chooseBuyerPickupWindow", summary = "Choose another pickup window", description = """
            After the courier missed the pickup and every automatic rebooking was used, while "Resolve failed \
            pickup" waits for customer service: the buyer's window decides it (REBOOK), by the task's own rules. \
            409 `no-missed-pickup` otherwise. Counted against the link's allowance.""")
    @ApiResponse(responseCode = "200", description = "The return; the courier is being booked for the window.",
            content = @Content(schema = @Schema(implementation = BuyerViews.Return.class)))
    @ProblemResponses({VALIDATION, MALFORMED, NOT_FOUND, LINK_EXPIRED, NO_MISSED_PICKUP, CONCURRENT_CHANGE,
            TOO_MANY_REQUESTS})
    public BuyerViews.Return chooseWindow(@Parameter(description = TOKEN) @PathVariable String token,
                                          @Valid @RequestBody BuyerViews.WindowChoice body) {
        ReturnLink link = gate.open(token);
        gate.spend(link);
        desk.chooseWindow(link, body.start());
        return desk.currentReturn(link, qrPath(token));
    }

    /** 429 with the seconds to wait, as a header too. */
    @ExceptionHandler(LinkGate.TooManyRequests.class)
    ResponseEntity<ProblemDetail> tooMany(LinkGate.TooManyRequests problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setType(problem.type());
        body.setTitle(problem.title());
        problem.extra().forEach(body::setProperty);
        return ResponseEntity.status(problem.status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds())).body(body);
    }

    private static String qrPath(String token) {
        return BASE.replace("{token}", token) + "/return/drop-off-code.png";
    }
}
