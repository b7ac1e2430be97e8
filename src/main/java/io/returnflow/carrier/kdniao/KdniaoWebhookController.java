package io.returnflow.carrier.kdniao;

import static io.returnflow.platform.ApiDocumentation.TAG_WEBHOOKS;
import static io.returnflow.platform.ProblemType.INVALID_SIGNATURE;
import static io.returnflow.platform.ProblemType.PAYLOAD_TOO_LARGE;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.returnflow.carrier.inbox.CarrierInbox;
import io.returnflow.carrier.inbox.InboxStatus;
import io.returnflow.carrier.inbox.NewInboxEntry;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.returnflow.platform.DatabaseAway;
import io.returnflow.platform.DatabaseOutage;
import io.returnflow.platform.ProblemResponses;

/**
 * Kdniao's pushes (101 tracking snapshots, 103 pickup status) arrive here as signed forms.
 *
 * <p>A push is believed only when its DataSign matches RequestData under our app key (compared in
 * constant time, on the field as the servlet container decoded it); otherwise 401 and nothing is
 * stored. A believed push is split into its entries, each stored once in the carrier inbox (a
 * re-pushed entry is a duplicate and ignored), and then acknowledged with Kdniao's acknowledgement
 * JSON. The journey sees the entries later, from the inbox processor: acknowledging stays fast and
 * never depends on the journey's state.
 *
 * <p>A believed push that can never be stored as it is would be refused on every re-push, so it is kept
 * whole, parked for operations and acknowledged; whether each entry fits the inbox's columns is decided
 * before anything is written, so that a 503 (Kdniao pushes again) means the database failed, not that the
 * push can never be stored. A RequestType too long for its column parks the whole push (every entry has it).
 * An entry whose OrderCode (or LogisticCode) or CallBack is too long is parked alone, as its own JSON,
 * while the push's other entries are stored as usual: entries are independent (one order each, worked
 * off per order), and parking the whole push would hold back the other orders' updates until someone
 * looks. Bodies above the configured size never get here ({@link io.returnflow.carrier.inbox.PushSizeLimit}).
 */
@RestController
@Tag(name = TAG_WEBHOOKS)
public class KdniaoWebhookController {

    private static final Logger log = LoggerFactory.getLogger(KdniaoWebhookController.class);

    private final KdniaoProperties properties;
    private final CarrierInbox inbox;
    private final Clock clock;
    private final DatabaseOutage databaseOutage;

    public KdniaoWebhookController(KdniaoProperties properties, CarrierInbox inbox, Clock clock,
                                   DatabaseOutage databaseOutage) {
        this.databaseOutage = databaseOutage;
        this.properties = properties;
        this.inbox = inbox;
        this.clock = clock;
    }

    // no produces/consumes constraint: Kdniao's Accept and Content-Type headers are not reliable
    @PostMapping("/webhooks/carriers/kdniao")
    @Operation(operationId = "receiveKdniaoPush", summary = "Receive the carrier's push (Kdniao)", description = """
            Kdniao's pushes: 101 tracking snapshots, 103 pickup status, as the form fields `RequestData`, \
            `RequestType` and `DataSign` (Base64 of the MD5 hex of `RequestData` + app key, URL-encoded). A \
            push is believed only when `DataSign` verifies; it is then stored once per entry in the carrier inbox \
            (a re-pushed entry is a duplicate, acknowledged and ignored), acknowledged with Kdniao's \
            acknowledgement JSON and processed afterwards. A push that can never be stored as it is gets parked for \
            operations (see the carrier inbox) and acknowledged.

            **No HTTP Basic**: the signature is the authentication.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                    schema = @Schema(implementation = KdniaoPushForm.class),
                    examples = @ExampleObject(name = "collected", ref = "#/components/examples/kdniao-push"))))
    @ApiResponse(responseCode = "200", description = "Stored (or a duplicate): acknowledged, `Success: true`.",
            content = @Content(schema = @Schema(implementation = KdniaoAcknowledgement.class),
                    examples = @ExampleObject(name = "acknowledged",
                            ref = "#/components/examples/kdniao-acknowledgement")))
    @ApiResponse(responseCode = "503", description = "Could not be stored (the database failed): not acknowledged, "
            + "`Success: false`; Kdniao pushes again.",
            content = @Content(schema = @Schema(implementation = KdniaoAcknowledgement.class),
                    examples = @ExampleObject(name = "notStored",
                            ref = "#/components/examples/kdniao-acknowledgement-failed")))
    @ProblemResponses({INVALID_SIGNATURE, PAYLOAD_TOO_LARGE})
    public ResponseEntity<?> receive(@Parameter(hidden = true)
                                     @RequestParam(name = "RequestData", required = false) String requestData,
                                     @Parameter(hidden = true)
                                     @RequestParam(name = "RequestType", required = false) String requestType,
                                     @Parameter(hidden = true)
                                     @RequestParam(name = "DataSign", required = false) String dataSign) {
        String type = requestType == null ? "" : CarrierInbox.storable(requestType.trim());
        if (!DataSign.verify(requestData, dataSign, properties.appKey())) {
            log.warn("Kdniao push {} refused: missing or wrong DataSign", shown(type));
            return invalidSignature();
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            store(type, requestData, now);
        } catch (DataAccessException e) {
            // not stored, so not acknowledged: Kdniao pushes again. Answered in Kdniao's acknowledgement format (the
            // carrier reads Success), with the Retry-After every request that meets an unreachable database is given
            log.error("Kdniao push {} could not be stored: {}", shown(type), e.toString());
            ResponseEntity.BodyBuilder refused = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .contentType(MediaType.APPLICATION_JSON);
            if (DatabaseAway.isCause(e)) {
                refused.header(HttpHeaders.RETRY_AFTER, Long.toString(databaseOutage.retryAfterSeconds()));
            }
            return refused.body(acknowledgement(now, false, "temporarily unable to store the push"));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(acknowledgement(now, true, ""));
    }

    private void store(String requestType, String requestData, OffsetDateTime now) {
        if (requestType.length() > CarrierInbox.MAX_REQUEST_TYPE_LENGTH) {
            // kept whole in the reason as far as the reason's column allows
            parkWhole(requestType, requestData, Text.fit("RequestType does not fit the inbox (" + tooLong(requestType,
                    CarrierInbox.MAX_REQUEST_TYPE_LENGTH) + "): " + requestType, CarrierInbox.MAX_ERROR_LENGTH), now);
            return;
        }
        JsonNode root;
        try {
            root = KdniaoJson.tree(requestData);
        } catch (JsonProcessingException e) {
            parkWhole(requestType, requestData, "RequestData is not JSON: " + e.getOriginalMessage(), now);
            return;
        }
        JsonNode data = root == null ? null : root.get("Data");
        if (data == null || !data.isArray()) {
            parkWhole(requestType, requestData, "RequestData has no Data list", now);
            return;
        }
        OffsetDateTime pushTime = KdniaoTime.parse(text(root, "PushTime")).orElse(null);
        List<NewInboxEntry> entries = new ArrayList<>();
        for (JsonNode item : data) {
            entries.add(entry(requestType, item, pushTime));
        }
        int stored = 0;
        int parked = 0;
        int duplicates = 0;
        for (NewInboxEntry entry : entries) {
            if (!inbox.storeIfAbsent(entry, now)) {
                duplicates++;
            } else if (entry.status() == InboxStatus.PARKED) {
                parked++;
                log.warn("Kdniao push {}: an entry was parked: {}", requestType, entry.lastError());
            } else {
                stored++;
            }
        }
        log.info("Kdniao push {} with {} entries: {} stored, {} parked, {} duplicates", requestType, data.size(),
                stored, parked, duplicates);
    }

    /** The entry as it will be stored: pending, or parked whole when it cannot be processed or stored as such. */
    private static NewInboxEntry entry(String requestType, JsonNode item, OffsetDateTime pushTime) {
        String payload = KdniaoJson.canonical(item);
        if (!item.isObject()) {
            return NewInboxEntry.parked(requestType, payload, "a Data entry is not an object");
        }
        String keyField = shipmentKeyField(item);
        // measured as they will be stored
        String shipmentKey = CarrierInbox.storable(text(item, keyField));
        String callBack = CarrierInbox.storable(text(item, "CallBack"));
        List<String> unfit = new ArrayList<>();
        if (shipmentKey != null && shipmentKey.length() > CarrierInbox.MAX_ORDER_CODE_LENGTH) {
            unfit.add(keyField + " " + tooLong(shipmentKey, CarrierInbox.MAX_ORDER_CODE_LENGTH));
        }
        if (callBack != null && callBack.length() > CarrierInbox.MAX_RETURN_ID_LENGTH) {
            unfit.add("CallBack " + tooLong(callBack, CarrierInbox.MAX_RETURN_ID_LENGTH));
        }
        if (!unfit.isEmpty()) {
            return NewInboxEntry.parked(requestType, payload, "does not fit the inbox: " + String.join("; ", unfit));
        }
        return NewInboxEntry.pending(requestType, shipmentKey, callBack, payload, pushTime);
    }

    private static String tooLong(String value, int max) {
        return value.length() + " characters, at most " + max;
    }

    private void parkWhole(String requestType, String requestData, String reason, OffsetDateTime now) {
        boolean stored = inbox.storeIfAbsent(NewInboxEntry.parked(requestType, requestData, reason), now);
        log.warn("Kdniao push {} cannot be stored as entries{}: {}", shown(requestType),
                stored ? " and was parked whole" : " (again)", reason);
    }

    /** The request type as far as it is fit for a log line (anyone can send any). */
    private static String shown(String requestType) {
        return Text.fit(requestType, CarrierInbox.MAX_REQUEST_TYPE_LENGTH);
    }

    /** OrderCode, or LogisticCode (the waybill) when the entry has none (a 101 push of a waybill we did not book). */
    private static String shipmentKeyField(JsonNode item) {
        return text(item, "OrderCode") != null ? "OrderCode" : "LogisticCode";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private Map<String, Object> acknowledgement(OffsetDateTime now, boolean success, String reason) {
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("EBusinessID", properties.businessId());
        ack.put("UpdateTime", KdniaoTime.format(now));
        ack.put("Success", success);
        ack.put("Reason", reason);
        return ack;
    }

    /** The push as Kdniao posts it. */
    @Schema(name = "KdniaoPush", description = "A Kdniao push, as its form fields.")
    record KdniaoPushForm(
            @Schema(description = "The push's JSON: `EBusinessID`, `PushTime`, `Count` and `Data` (the entries).",
                    requiredMode = Schema.RequiredMode.REQUIRED) String RequestData,
            @Schema(description = "`101` tracking, `103` pickup status.", example = "103",
                    requiredMode = Schema.RequiredMode.REQUIRED) String RequestType,
            @Schema(description = "Base64(MD5-hex(RequestData + app key)).", example = "ZDdlOWJmYjQ1NmI1NTI0YTk0ZWY1N2Y5NGI1Yjc4Yzk=",
                    requiredMode = Schema.RequiredMode.REQUIRED) String DataSign) {
    }

    /** What Kdniao expects back. */
    @Schema(name = "KdniaoAcknowledgement", description = "Kdniao's acknowledgement of a push.")
    record KdniaoAcknowledgement(
            @Schema(example = "1000001", requiredMode = Schema.RequiredMode.REQUIRED) String EBusinessID,
            @Schema(description = "Asia/Shanghai, `yyyy-MM-dd HH:mm:ss`.", example = "2026-11-27 10:15:02",
                    requiredMode = Schema.RequiredMode.REQUIRED) String UpdateTime,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean Success,
            @Schema(description = "Why not, when not.", example = "",
                    requiredMode = Schema.RequiredMode.REQUIRED) String Reason) {
    }

    private static ResponseEntity<ProblemDetail> invalidSignature() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "DataSign is missing or does not sign RequestData.");
        problem.setType(URI.create(ApiProblem.TYPE_BASE + "invalid-signature"));
        problem.setTitle("Invalid signature");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
