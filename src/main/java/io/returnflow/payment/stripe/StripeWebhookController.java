package io.returnflow.payment.stripe;

import static io.returnflow.platform.ApiDocumentation.TAG_WEBHOOKS;
import static io.returnflow.platform.ProblemType.INVALID_EVENT;
import static io.returnflow.platform.ProblemType.INVALID_SIGNATURE;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.payment.PaymentProperties;
import io.returnflow.payment.PaymentUnavailableException;
import io.returnflow.payment.ProviderRefund;
import io.returnflow.payment.RefundService;
import io.returnflow.platform.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.returnflow.platform.ProblemResponses;

/**
 * The payment provider's refund webhook. Open to the internet (no Basic auth), so a delivery is believed
 * only when its {@code Stripe-Signature} signs the body exactly as received (the raw bytes, never a
 * re-serialised copy) under our webhook secret, within the timestamp tolerance; otherwise 401 and nothing
 * changes.
 *
 * <p>{@code refund.updated}, {@code refund.failed} and {@code charge.refunded} (each refund it lists) move
 * the ledger's refund, found by the provider's refund id, one step forward: events arrive twice and out of
 * order, so a repeated or older event changes nothing and a succeeded refund never moves back. Other event
 * types, and refunds that are not ours, are acknowledged and ignored: a refused delivery is only retried by
 * the provider, for days.
 */
@RestController
@Tag(name = TAG_WEBHOOKS)
public class StripeWebhookController {

    static final String PATH = "/webhooks/payments/stripe";
    private static final Logger log = LoggerFactory.getLogger(StripeWebhookController.class);
    private static final List<String> REFUND_EVENTS = List.of("refund.updated", "refund.failed");
    private static final String CHARGE_REFUNDED = "charge.refunded";

    private final RefundService refunds;
    private final PaymentProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    public StripeWebhookController(RefundService refunds, PaymentProperties properties, ObjectMapper json,
                                   Clock clock) {
        this.refunds = refunds;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    // no consumes constraint: the signature, not the Content-Type, says what the body is
    @PostMapping(PATH)
    @Operation(operationId = "receivePaymentEvent", summary = "Receive the payment provider's event", description = """
            The payment provider's refund events (Stripe-compatible): `refund.updated`, `refund.failed` and \
            `charge.refunded` move the refund ledger's refund one step forward; a repeated or older event changes \
            nothing, a succeeded refund never moves back. Other event types, and refunds that are not ours, are \
            acknowledged and ignored.

            **No HTTP Basic**: the `Stripe-Signature` header must sign the body exactly as sent, under the webhook \
            secret, within the timestamp tolerance.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = PaymentEvent.class),
                    examples = @ExampleObject(name = "refundSucceeded", ref = "#/components/examples/payment-event"))))
    @ApiResponse(responseCode = "200", description = "Acknowledged (whether or not it changed anything).",
            content = @Content(schema = @Schema(implementation = PaymentEventReceipt.class),
                    examples = @ExampleObject(name = "received", value = "{\"received\": true}")))
    @ProblemResponses({INVALID_EVENT, INVALID_SIGNATURE})
    public ResponseEntity<?> receive(@Parameter(description = "`t=<unix time>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">`.",
                                             example = "t=1795747502,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd")
                                     @RequestHeader(value = StripeSignature.HEADER, required = false) String signature,
                                     @RequestBody(required = false) byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        if (StripeSignature.verify(signature, raw, properties.webhookSecret(), clock.instant(),
                properties.webhookTolerance()) instanceof StripeSignature.Verdict.Invalid invalid) {
            log.warn("Payment webhook refused: {}", invalid.reason());
            return problem(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid signature",
                    "Stripe-Signature is missing, does not sign the body, or is too old.");
        }
        JsonNode event;
        try {
            event = json.readTree(raw);
        } catch (IOException notJson) {
            event = null;
        }
        if (event == null || !event.isObject() || !event.path("type").isTextual()) {
            log.warn("Payment webhook refused: a signed body that is not an event");
            return problem(HttpStatus.BAD_REQUEST, "invalid-event", "Invalid event", "The body is not an event.");
        }
        String type = event.get("type").asText();
        String eventId = event.path("id").asText("");
        List<JsonNode> refundObjects = refundObjects(type, event.path("data").path("object"));
        if (refundObjects == null) {
            log.info("Payment webhook event {} of type {} acknowledged and ignored", eventId, type);
            return acknowledged();
        }
        int changed = 0;
        for (JsonNode object : refundObjects) {
            ProviderRefund observed;
            try {
                observed = StripeRefundGateway.providerRefund(json.treeToValue(object, StripeRefundObject.class),
                        "event " + eventId);
            } catch (IOException | IllegalArgumentException | PaymentUnavailableException unreadable) {
                log.warn("Payment webhook event {} ({}) carries an unreadable refund; ignored", eventId, type);
                continue;
            }
            if (refunds.recordProviderStatus(observed).isPresent()) {
                changed++;
            }
        }
        log.info("Payment webhook event {} ({}): {} of {} refunds changed in the ledger", eventId, type, changed,
                refundObjects.size());
        return acknowledged();
    }

    /** An event as documented: the members ReturnFlow reads. */
    @Schema(description = "A payment provider event (Stripe-compatible); other members are ignored.",
            additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    record PaymentEvent(
            @Schema(example = "evt_1QbX2cSandbox", requiredMode = Schema.RequiredMode.REQUIRED) String id,
            @Schema(example = "refund.updated", requiredMode = Schema.RequiredMode.REQUIRED) String type,
            @Schema(description = "`object`: the refund (`refund.*`) or the charge with its `refunds` "
                    + "(`charge.refunded`).", requiredMode = Schema.RequiredMode.REQUIRED) Map<String, Object> data) {
    }

    @Schema(description = "The acknowledgement.")
    record PaymentEventReceipt(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean received) {
    }

    /** The refund objects an event reports, or null for an event type that says nothing about refunds. */
    private static List<JsonNode> refundObjects(String type, JsonNode object) {
        if (REFUND_EVENTS.contains(type)) {
            return object.isObject() ? List.of(object) : List.of();
        }
        if (CHARGE_REFUNDED.equals(type)) {
            // a charge: its refunds, when the provider's API version still embeds them
            List<JsonNode> listed = new ArrayList<>();
            object.path("refunds").path("data").forEach(listed::add);
            return listed;
        }
        return null;
    }

    private static ResponseEntity<Map<String, Object>> acknowledged() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("received", true));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(ApiProblem.TYPE_BASE + type));
        problem.setTitle(title);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
