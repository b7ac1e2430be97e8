package io.returnflow.carrier.sandbox;

import static io.returnflow.platform.ApiDocumentation.TAG_SANDBOX_CARRIER;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.returnflow.carrier.kdniao.DataSign;
import io.returnflow.carrier.kdniao.KdniaoJson;
import io.returnflow.carrier.kdniao.KdniaoProperties;
import io.returnflow.carrier.kdniao.KdniaoPush;
import io.returnflow.carrier.kdniao.KdniaoTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The sandbox carrier's gateway: Kdniao's endpoints under {@code /sandbox/kdniao}, same envelope, same
 * signature, same answers. 1801 books (with an empty waybill, as Kdniao usually answers; a repeated
 * order code gets 105 "订单已存在"), 1802 cancels unless collected, 1008 subscribes to a waybill's tracking
 * (without it the courier pushes no tracking of it, as Kdniao does not), 1002 answers the current snapshot.
 * The courier ({@link SandboxCourier}) then collects and delivers on its own.
 */
@RestController
@RequestMapping("/sandbox/kdniao")
@ConditionalOnProperty(name = "returnflow.carrier.sandbox.enabled", havingValue = "true")
@Tag(name = TAG_SANDBOX_CARRIER)
class SandboxCarrierController {

    private static final String SCENARIOS = """

            Always 200: Kdniao answers a refusal in the body (`Success: false`, `ResultCode` 101 a missing \
            parameter, 104 a wrong `DataSign`, 105 anything else, `Reason` in Chinese).""";

    static final String SUCCESS = "100";
    static final String MISSING_PARAMETER = "101";
    static final String USER_PROBLEM = "104";
    static final String OTHER_ERROR = "105";

    private static final Logger log = LoggerFactory.getLogger(SandboxCarrierController.class);

    private final SandboxCarrierOrders orders;
    private final KdniaoProperties kdniao;
    private final CarrierSandboxProperties sandbox;
    private final Clock clock;

    public SandboxCarrierController(SandboxCarrierOrders orders, KdniaoProperties kdniao,
                                    CarrierSandboxProperties sandbox, Clock clock) {
        this.orders = orders;
        this.kdniao = kdniao;
        this.sandbox = sandbox;
        this.clock = clock;
    }

    @PostMapping("/api/OOrderService")
    @Operation(operationId = "sandboxOrderService", summary = "Book (1801) or cancel (1802) a pickup",
            description = """
                    `RequestType` 1801 books a pickup (answered with an empty waybill, as Kdniao usually does; the \
                    same `OrderCode` again is 105 订单已存在); 1802 cancels it unless collected (105 \
                    订单已揽收，不能取消). The courier then collects about `returnflow.carrier.sandbox.collect-after` \
                    later and pushes signed 103/101 webhooks to ReturnFlow.

                    **Magic values** in the sender's address (`Sender.Address`, from the buyer's \
                    `pickup.address.line`) choose the courier's scenario:
                    - `sandbox:no-show`: the first attempt is never collected, later ones are;
                    - `sandbox:no-show-always`: never collected;
                    - `sandbox:lost` (or `S-LOST` in `Remark`, a store shipment's store id): collected, never signed;
                    - `sandbox:carrier-cancels`: the carrier cancels the first attempt (103 State 203);
                    - `sandbox:waybill-change`: collected, then the waybill changes (103 State 302);
                    - `sandbox:returned`: collected, then signed for as returned to its sender (101 State 3, \
                    StateEx 406);
                    - `sandbox:carrier-unreachable`: the carrier is down for this pickup: every 1801 is answered \
                    503 (the one answer that is not 200) without a Kdniao answer (as a load balancer answers for a \
                    carrier that is gone), so the booking is retried and ends in an incident. Only pickups from that \
                    address are affected.""" + SCENARIOS,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                    schema = @Schema(implementation = KdniaoRequestForm.class),
                    examples = @ExampleObject(name = "book", ref = "#/components/examples/sandbox-book-pickup"))))
    @ApiResponse(responseCode = "200", description = "Kdniao's answer (`Success`, `ResultCode`, `Reason`, and the "
            + "instruction's own members).", content = @Content(schema = @Schema(implementation = KdniaoAnswer.class),
            examples = @ExampleObject(name = "booked", ref = "#/components/examples/sandbox-pickup-booked")))
    @ApiResponse(responseCode = "503", description = "`sandbox:carrier-unreachable` in the sender's address: the "
            + "carrier is down (an HTML page, no Kdniao answer).",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    public Map<String, Object> orderService(
            @Parameter(hidden = true) @RequestParam(name = "RequestData", required = false) String requestData,
            @Parameter(hidden = true) @RequestParam(name = "EBusinessID", required = false) String businessId,
            @Parameter(hidden = true) @RequestParam(name = "RequestType", required = false) String requestType,
            @Parameter(hidden = true) @RequestParam(name = "DataSign", required = false) String dataSign) {
        Optional<Map<String, Object>> refused = checkEnvelope(requestData, businessId, dataSign);
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode request = readJson(requestData);
        if (request == null) {
            return failure(businessId, MISSING_PARAMETER, "RequestData 格式错误 (RequestData is not JSON)");
        }
        return switch (requestType == null ? "" : requestType.trim()) {
            case "1801" -> createPickup(businessId, requestData, request);
            case "1802" -> cancelPickup(businessId, request);
            default -> failure(businessId, MISSING_PARAMETER, "不支持的指令 RequestType " + requestType);
        };
    }

    @PostMapping("/api/dist")
    @Operation(operationId = "sandboxSubscribe", summary = "Subscribe to a waybill's tracking (1008)",
            description = "Any waybill may be subscribed to, again and again; the courier pushes 101 tracking only "
                    + "for subscribed waybills, as Kdniao does." + SCENARIOS,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                    schema = @Schema(implementation = KdniaoRequestForm.class))))
    @ApiResponse(responseCode = "200", description = "Kdniao's answer (`Success`, `ResultCode`, `Reason`, and the "
            + "instruction's own members).", content = @Content(schema = @Schema(implementation = KdniaoAnswer.class)))
    public Map<String, Object> subscribe(
            @Parameter(hidden = true) @RequestParam(name = "RequestData", required = false) String requestData,
            @Parameter(hidden = true) @RequestParam(name = "EBusinessID", required = false) String businessId,
            @Parameter(hidden = true) @RequestParam(name = "RequestType", required = false) String requestType,
            @Parameter(hidden = true) @RequestParam(name = "DataSign", required = false) String dataSign) {
        Optional<Map<String, Object>> refused = checkEnvelope(requestData, businessId, dataSign);
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode request = readJson(requestData);
        String waybill = request == null ? null : text(request, "LogisticCode");
        if (waybill == null) {
            return failure(businessId, MISSING_PARAMETER, "缺少必要参数 LogisticCode");
        }
        // like Kdniao: any waybill may be subscribed to, again and again; the courier pushes only these
        if (orders.subscribe(waybill, text(request, "ShipperCode"), text(request, "OrderCode"),
                text(request, "CallBack"), now())) {
            log.info("Sandbox carrier subscribed to waybill {}", waybill);
        }
        Map<String, Object> answer = answer(businessId, true, SUCCESS, "");
        answer.put("UpdateTime", KdniaoTime.format(now()));
        return answer;
    }

    @PostMapping("/Ebusiness/EbusinessOrderHandle.aspx")
    @Operation(operationId = "sandboxTrack", summary = "Query a waybill's tracking (1002)",
            description = "The waybill's current snapshot (`State`, `StateEx`, `Traces`); a waybill the sandbox "
                    + "does not know has no traces (暂无轨迹信息)." + SCENARIOS,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                    schema = @Schema(implementation = KdniaoRequestForm.class))))
    @ApiResponse(responseCode = "200", description = "Kdniao's answer (`Success`, `ResultCode`, `Reason`, and the "
            + "instruction's own members).", content = @Content(schema = @Schema(implementation = KdniaoAnswer.class)))
    public Map<String, Object> track(
            @Parameter(hidden = true) @RequestParam(name = "RequestData", required = false) String requestData,
            @Parameter(hidden = true) @RequestParam(name = "EBusinessID", required = false) String businessId,
            @Parameter(hidden = true) @RequestParam(name = "RequestType", required = false) String requestType,
            @Parameter(hidden = true) @RequestParam(name = "DataSign", required = false) String dataSign) {
        Optional<Map<String, Object>> refused = checkEnvelope(requestData, businessId, dataSign);
        if (refused.isPresent()) {
            return refused.get();
        }
        JsonNode request = readJson(requestData);
        String waybill = request == null ? null : text(request, "LogisticCode");
        Map<String, Object> answer = answer(businessId, true, SUCCESS, "");
        answer.put("LogisticCode", waybill);
        Optional<SandboxOrder> order = waybill == null ? Optional.empty() : orders.findByWaybill(waybill);
        if (order.isEmpty()) {
            answer.put("State", SandboxTraces.NO_TRACE);
            answer.put("Traces", java.util.List.of());
            answer.put("Reason", "暂无轨迹信息");
            return answer;
        }
        KdniaoPush.Entry snapshot = SandboxTraces.current(order.get());
        answer.put("OrderCode", snapshot.orderCode());
        answer.put("ShipperCode", snapshot.shipperCode());
        answer.put("State", snapshot.state());
        answer.put("StateEx", snapshot.stateEx());
        answer.put("Traces", snapshot.traces());
        return answer;
    }

    /** The carrier is down for a request: nothing was taken, and no Kdniao answer is given. */
    static final class CarrierOutage extends RuntimeException {
        CarrierOutage() {
            super("sandbox:carrier-unreachable", null, false, false);
        }
    }

    /** What a load balancer in front of a carrier that is gone answers: 503 and its own page, every time. */
    @ExceptionHandler(CarrierOutage.class)
    ResponseEntity<String> outage() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_HTML)
                .body(OUTAGE_PAGE);
    }

    static final String OUTAGE_PAGE = "<html><body><h1>503 Service Unavailable</h1>"
            + "No server is available to handle this request.</body></html>";

    /** Kdniao's request envelope, as documented. */
    @Schema(name = "KdniaoRequest", description = "Kdniao's request envelope, as form fields.")
    record KdniaoRequestForm(
            @Schema(description = "The instruction's JSON.", requiredMode = Schema.RequiredMode.REQUIRED)
            String RequestData,
            @Schema(example = "1000001", requiredMode = Schema.RequiredMode.REQUIRED) String EBusinessID,
            @Schema(description = "The instruction.", requiredMode = Schema.RequiredMode.REQUIRED,
                    allowableValues = {"1801", "1802", "1008", "1002"}) String RequestType,
            @Schema(description = "Base64(MD5-hex(RequestData + app key)); the sandbox's app key is "
                    + "`returnflow.carrier.kdniao.app-key`.", requiredMode = Schema.RequiredMode.REQUIRED)
            String DataSign,
            @Schema(description = "`2` (JSON).", example = "2") String DataType) {
    }

    /** Kdniao's answer, as documented: its common members; each instruction adds its own. */
    @Schema(name = "KdniaoAnswer", description = "Kdniao's answer; each instruction adds its own members.",
            additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
    record KdniaoAnswer(
            @Schema(example = "1000001") String EBusinessID,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean Success,
            @Schema(description = "100 success, 101 missing parameter, 104 wrong DataSign, 105 other.",
                    example = "100") String ResultCode,
            @Schema(description = "Why not, in Chinese.", example = "") String Reason) {
    }

    private Map<String, Object> createPickup(String businessId, String requestData, JsonNode request) {
        String orderCode = text(request, "OrderCode");
        if (orderCode == null) {
            return failure(businessId, MISSING_PARAMETER, "缺少必要参数 OrderCode");
        }
        if (SandboxScenario.unreachable(text(request.path("Sender"), "Address"))) {
            log.info("Sandbox carrier unreachable for {} (sandbox:carrier-unreachable): answered 503", orderCode);
            throw new CarrierOutage();
        }
        SandboxScenario scenario = SandboxScenario.of(orderCode, text(request.path("Sender"), "Address"),
                text(request, "Remark"));
        OffsetDateTime now = now();
        OffsetDateTime collectAt = scenario == SandboxScenario.NEVER_COLLECTED ? null : now.plus(sandbox.collectAfter());
        String shipperCode = text(request, "ShipperCode");
        SandboxOrder order = new SandboxOrder(orderCode, text(request, "CallBack"), shipperCode, requestData, scenario,
                SandboxOrder.State.BOOKED, null, now, null, null, null, collectAt);
        if (!orders.insert(order)) {
            return failure(businessId, OTHER_ERROR, "订单已存在");
        }
        log.info("Sandbox carrier booked {} (scenario {})", orderCode, scenario);
        Map<String, Object> booked = new LinkedHashMap<>();
        booked.put("OrderCode", orderCode);
        booked.put("ShipperCode", shipperCode == null ? "" : shipperCode);
        booked.put("LogisticCode", "");
        booked.put("KDNOrderCode", SandboxTraces.kdnOrderCode(order));
        Map<String, Object> answer = answer(businessId, true, SUCCESS, "");
        answer.put("UniquerRequestNumber", UUID.randomUUID().toString());
        answer.put("Order", booked);
        return answer;
    }

    private Map<String, Object> cancelPickup(String businessId, JsonNode request) {
        String orderCode = text(request, "OrderCode");
        if (orderCode == null) {
            return failure(businessId, MISSING_PARAMETER, "缺少必要参数 OrderCode");
        }
        Optional<SandboxOrder> order = orders.find(orderCode);
        if (order.isEmpty()) {
            return failure(businessId, OTHER_ERROR, "订单不存在");
        }
        if (order.get().state() == SandboxOrder.State.CANCELLED || orders.cancel(orderCode, now())) {
            log.info("Sandbox carrier cancelled {}", orderCode);
            return answer(businessId, true, SUCCESS, "");
        }
        return failure(businessId, OTHER_ERROR, "订单已揽收，不能取消");
    }

    private Optional<Map<String, Object>> checkEnvelope(String requestData, String businessId, String dataSign) {
        if (requestData == null || requestData.isBlank()) {
            return Optional.of(failure(businessId, MISSING_PARAMETER, "缺少必要参数 RequestData"));
        }
        if (!DataSign.verify(requestData, dataSign, kdniao.appKey())) {
            return Optional.of(failure(businessId, USER_PROBLEM, "数据签名验证失败 (DataSign does not match)"));
        }
        return Optional.empty();
    }

    private static JsonNode readJson(String requestData) {
        try {
            JsonNode node = KdniaoJson.tree(requestData);
            return node != null && node.isObject() ? node : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode() || value.asText().isBlank()) {
            return null;
        }
        return value.asText().trim();
    }

    private static Map<String, Object> failure(String businessId, String code, String reason) {
        return answer(businessId, false, code, reason);
    }

    private static Map<String, Object> answer(String businessId, boolean success, String code, String reason) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("EBusinessID", businessId);
        answer.put("Success", success);
        answer.put("ResultCode", code);
        answer.put("Reason", reason);
        return answer;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
