package io.returnflow.events.webhooks.sandbox;

import static io.returnflow.platform.ApiDocumentation.TAG_SANDBOX_MERCHANT_RECEIVER;

import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.events.webhooks.WebhookSignature;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The sandbox merchant receiver's HTTP face: configure a receiver (its secret, up or down), the URL a webhook
 * endpoint is registered with, and what it received.
 */
@RestController
@RequestMapping("/sandbox/merchant-receiver/{name}")
@ConditionalOnProperty(prefix = "returnflow.webhooks.sandbox-receiver", name = "enabled", havingValue = "true")
@Tag(name = TAG_SANDBOX_MERCHANT_RECEIVER)
class SandboxMerchantReceiverController {

    private static final int MAX_NAME = 64;
    private static final String NAME = "The receiver's name: any letters, digits, `-` or `_`.";

    private final SandboxMerchantReceiver receiver;

    SandboxMerchantReceiverController(SandboxMerchantReceiver receiver) {
        this.receiver = receiver;
    }

    @PutMapping
    @Operation(operationId = "sandboxConfigureMerchantReceiver", summary = "Configure a receiver", description = """
            Creates the receiver or changes it: `secret`, the signing secret the endpoint got when it was \
            registered (left out: unchanged); `down: true` answers every delivery 503 until it is set back to \
            `false`.""")
    @ApiResponse(responseCode = "200", description = "The receiver.", content = @Content(
            schema = @Schema(implementation = SandboxMerchantReceiver.Settings.class)))
    @ApiResponse(responseCode = "400", description = "A name that is not one, or a secret longer than 100 characters.")
    ResponseEntity<Object> configure(@Parameter(description = NAME, example = "erp") @PathVariable String name,
                                     @RequestBody Configuration body) {
        if (!validName(name)) {
            return badName();
        }
        if (body.secret() != null && body.secret().length() > SandboxMerchantReceiver.MAX_SECRET) {
            return error(HttpStatus.BAD_REQUEST, "invalid_secret", "The secret is longer than "
                    + SandboxMerchantReceiver.MAX_SECRET + " characters.");
        }
        return ResponseEntity.ok(receiver.configure(name, body.secret(), Boolean.TRUE.equals(body.down())));
    }

    @PostMapping
    @Operation(operationId = "sandboxMerchantReceive", summary = "Receive a delivery", description = """
            The URL to register as a webhook endpoint (`http://localhost:8080/sandbox/merchant-receiver/<name>` in \
            the local run). Verifies `ReturnFlow-Signature` over the raw body with the receiver's secret, the \
            timestamp within 5 minutes, and keeps the event once by its id.""")
    @ApiResponse(responseCode = "200", description = "Received (a duplicate is counted).")
    @ApiResponse(responseCode = "400", description = "Not an event, or one whose `id` (40), `type` (64) or `returnId` "
            + "(32) is longer than a receiver keeps.")
    @ApiResponse(responseCode = "401", description = "A missing, wrong or old signature (kept, marked invalid).")
    @ApiResponse(responseCode = "404", description = "No such receiver: configure it first.")
    @ApiResponse(responseCode = "503", description = "The receiver is down.")
    ResponseEntity<Object> receive(@Parameter(description = NAME, example = "erp")
                                                @PathVariable String name,
                                                @Parameter(description = "The delivery's signature.")
                                                @RequestHeader(value = WebhookSignature.HEADER, required = false)
                                                String signature,
                                                @RequestBody(required = false) byte[] body) {
        if (!validName(name)) {
            return badName();
        }
        return switch (receiver.receive(name, signature, body == null ? new byte[0] : body)) {
            case RECEIVED -> ResponseEntity.ok(Map.of("received", true));
            case BAD_SIGNATURE -> error(HttpStatus.UNAUTHORIZED, "invalid_signature",
                    "The signature does not verify with this receiver's secret, or is older than 5 minutes.");
            case DOWN -> error(HttpStatus.SERVICE_UNAVAILABLE, "down", "This receiver is down.");
            case UNKNOWN_RECEIVER -> unknown(name);
            case NOT_AN_EVENT -> error(HttpStatus.BAD_REQUEST, "not_an_event", "The body is not an event.");
            case ID_TOO_LONG -> tooLong("id", SandboxMerchantReceiver.MAX_EVENT_ID);
            case TYPE_TOO_LONG -> tooLong("type", SandboxMerchantReceiver.MAX_EVENT_TYPE);
            case RETURN_ID_TOO_LONG -> tooLong("returnId", SandboxMerchantReceiver.MAX_RETURN_ID);
        };
    }

    @GetMapping("/events")
    @Operation(operationId = "sandboxMerchantReceiverEvents", summary = "What a receiver received",
            description = "Each event once, in the order it first arrived: whether its signature was valid, and how "
                    + "many times it arrived (a redelivery or a replay counts, it is not kept twice).")
    @ApiResponse(responseCode = "200", description = "The events.", content = @Content(
            schema = @Schema(implementation = Received.class)))
    @ApiResponse(responseCode = "404", description = "No such receiver.")
    ResponseEntity<Object> events(@Parameter(description = NAME, example = "erp") @PathVariable String name) {
        if (!validName(name)) {
            return badName();
        }
        return receiver.settings(name)
                .<ResponseEntity<Object>>map(settings -> ResponseEntity.ok(new Received(name, settings.down(),
                        receiver.receipts(name))))
                .orElseGet(() -> unknown(name));
    }

    private static boolean validName(String name) {
        return name.length() <= MAX_NAME && name.matches("[A-Za-z0-9_-]+");
    }

    private static ResponseEntity<Object> badName() {
        return error(HttpStatus.BAD_REQUEST, "invalid_name", "A receiver's name is letters, digits, - or _.");
    }

    private static ResponseEntity<Object> tooLong(String member, int max) {
        return error(HttpStatus.BAD_REQUEST, "invalid_event", "The event's " + member + " is longer than " + max
                + " characters.");
    }

    private static ResponseEntity<Object> unknown(String name) {
        return error(HttpStatus.NOT_FOUND, "no_such_receiver", "No receiver " + name + "; configure it with PUT.");
    }

    /** The receiver's own error JSON, as the other sandboxes answer: {@code {"error": {"code", "message"}}}. */
    private static ResponseEntity<Object> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("error", Map.of("code", code, "message", message)));
    }

    @Schema(name = "SandboxMerchantReceiverSettings", description = "A receiver's settings.")
    record Configuration(@Schema(description = "The endpoint's signing secret.",
                                 example = "whsec_3vQk8T2pXn7LcY4mRb9Wd6Zf1Hs5Jg0AeUo2Ni8Kt4Mw") String secret,
                         @Schema(description = "Answer 503 to every delivery.", example = "false") Boolean down) {
    }

    @Schema(name = "SandboxMerchantReceipts", description = "What a receiver received, in order.")
    record Received(String receiver, boolean down, List<SandboxMerchantReceiver.Receipt> events) {
    }
}
