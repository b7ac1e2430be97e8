package io.returnflow.carrier.kdniao;

import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.returnflow.carrier.inbox.CarrierInbox;
import io.returnflow.carrier.inbox.NewInboxEntry;
import io.returnflow.platform.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kdniao's pushes (101 tracking snapshots, 103 pickup status) arrive here as signed forms.
 *
 * <p>A push is believed only when its DataSign matches RequestData under our app key (compared in
 * constant time, on the field as the servlet container decoded it); otherwise 401 and nothing is
 * stored. A believed push is split into its entries, each stored once in the carrier inbox (a
 * re-pushed entry is a duplicate and ignored), and then acknowledged with Kdniao's acknowledgement
 * JSON. The journey sees the entries later, from the inbox processor: acknowledging stays fast and
 * never depends on the journey's state.
 */
@RestController
public class KdniaoWebhookController {

    private static final Logger log = LoggerFactory.getLogger(KdniaoWebhookController.class);

    private final KdniaoProperties properties;
    private final CarrierInbox inbox;
    private final Clock clock;

    public KdniaoWebhookController(KdniaoProperties properties, CarrierInbox inbox, Clock clock) {
        this.properties = properties;
        this.inbox = inbox;
        this.clock = clock;
    }

    // no produces/consumes constraint: Kdniao's Accept and Content-Type headers are not reliable
    @PostMapping("/webhooks/carriers/kdniao")
    public ResponseEntity<?> receive(@RequestParam(name = "RequestData", required = false) String requestData,
                                     @RequestParam(name = "RequestType", required = false) String requestType,
                                     @RequestParam(name = "DataSign", required = false) String dataSign) {
        if (!DataSign.verify(requestData, dataSign, properties.appKey())) {
            log.warn("Kdniao push {} refused: missing or wrong DataSign", requestType);
            return invalidSignature();
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            store(requestType == null ? "" : requestType.trim(), requestData, now);
        } catch (DataAccessException e) {
            // not stored, so not acknowledged: Kdniao pushes again
            log.error("Kdniao push {} could not be stored: {}", requestType, e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(acknowledgement(now, false, "temporarily unable to store the push"));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(acknowledgement(now, true, ""));
    }

    private void store(String requestType, String requestData, OffsetDateTime now) {
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
        int stored = 0;
        int duplicates = 0;
        for (JsonNode item : data) {
            NewInboxEntry entry = item.isObject()
                    ? NewInboxEntry.pending(requestType, shipmentKey(item), text(item, "CallBack"),
                    KdniaoJson.canonical(item), pushTime)
                    : NewInboxEntry.parked(requestType, KdniaoJson.canonical(item), "a Data entry is not an object");
            if (inbox.storeIfAbsent(entry, now)) {
                stored++;
            } else {
                duplicates++;
            }
        }
        log.info("Kdniao push {} with {} entries: {} stored, {} duplicates", requestType, data.size(), stored,
                duplicates);
    }

    private void parkWhole(String requestType, String requestData, String reason, OffsetDateTime now) {
        boolean stored = inbox.storeIfAbsent(NewInboxEntry.parked(requestType, requestData, reason), now);
        log.warn("Kdniao push {} is unreadable{}: {}", requestType, stored ? " and was parked" : " (again)", reason);
    }

    /** The order code, or the waybill when the entry has none (a 101 push of a waybill we did not book). */
    private static String shipmentKey(JsonNode item) {
        String orderCode = text(item, "OrderCode");
        return orderCode != null ? orderCode : text(item, "LogisticCode");
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
