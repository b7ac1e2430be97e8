package io.returnflow.notification.sms.sandbox;

import static io.returnflow.platform.ApiDocumentation.TAG_SANDBOX_SMS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox SMS provider's HTTP face: Alibaba Cloud SMS's RPC endpoint ({@code POST /sandbox/dysmsapi}, as the
 * real adapter calls {@code https://dysmsapi.aliyuncs.com/}), answering in the provider's JSON, not problem+json;
 * and the sandbox's outbox, {@code GET /sandbox/sms}, what it has taken.
 */
@RestController
@ConditionalOnProperty(name = "returnflow.sms.sandbox.enabled", havingValue = "true")
@Tag(name = TAG_SANDBOX_SMS)
class SandboxSmsController {

    static final String ENDPOINT = "/sandbox/dysmsapi";
    static final String OUTBOX = "/sandbox/sms";

    private final SandboxSmsProvider provider;
    private final SandboxSmsMessages messages;
    private final SmsSandboxProperties properties;
    private final ObjectMapper json;

    SandboxSmsController(SandboxSmsProvider provider, SandboxSmsMessages messages, SmsSandboxProperties properties,
                         ObjectMapper json) {
        this.provider = provider;
        this.messages = messages;
        this.properties = properties;
        this.json = json;
    }

    @PostMapping(path = ENDPOINT, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @Operation(operationId = "sandboxAliyunSms", summary = "SendSms or QuerySendDetails (Alibaba Cloud RPC)",
            description = """
                    Alibaba Cloud SMS (`dysmsapi`, version 2017-05-25) as its RPC API takes requests: the action's \
                    and the common parameters (`Action`, `Version`, `Format`, `AccessKeyId`, `RegionId`, \
                    `Timestamp`, `SignatureMethod` HMAC-SHA1, `SignatureVersion` 1.0, `SignatureNonce`, \
                    `Signature`) as a form, signed with `returnflow.sms.aliyun.access-key-secret`. A wrong \
                    AccessKeyId is 404 `InvalidAccessKeyId.NotFound`, a wrong signature 400 \
                    `SignatureDoesNotMatch`, a timestamp more than 15 minutes off 400 `InvalidTimeStamp.Expired`, a \
                    `SignatureNonce` used before (a replay) 400 `SignatureNonceUsed`.

                    `SendSms` (`PhoneNumbers`: one mainland mobile number, `SignName`, `TemplateCode`: one of \
                    `returnflow.sms.sandbox.templates`, `TemplateParam`: JSON of string values, `OutId`) renders the \
                    template and keeps the message (see `GET /sandbox/sms`); refusals are 200 with the SMS API's \
                    `Code` (`isv.SMS_TEMPLATE_ILLEGAL`, `isv.TEMPLATE_MISSING_PARAMETERS`, \
                    `isv.SMS_SIGNATURE_ILLEGAL`, `isv.INVALID_JSON_PARAM`, `isv.MOBILE_NUMBER_ILLEGAL`). \
                    `QuerySendDetails` (`PhoneNumber`, `SendDate` yyyyMMdd within 30 days, `PageSize` 1–50, \
                    `CurrentPage`, optional `BizId`) lists what it took that day for that number.

                    **Magic numbers** (`PhoneNumbers`, from the buyer's phone; any other number is sent):
                    - `19900000400`: refused, `isv.MOBILE_NUMBER_ILLEGAL`;
                    - `19900000429`: the first `returnflow.sms.sandbox.throttled-tries` tries of a message (`OutId`) are \
                    `isv.BUSINESS_LIMIT_CONTROL` (触发分钟级流控Permits:1), then it is taken;
                    - `19900000503`: the first `returnflow.sms.sandbox.flaky-failures` tries of a message are answered 503 \
                    with an HTML page (nothing taken), then it is taken;
                    - `19900000504`: the first try of a message is taken but its answer is lost (504, an HTML page); \
                    QuerySendDetails shows it. A second `SendSms` with the same `OutId` would be a second message, \
                    as at Alibaba Cloud;
                    - `19900000999`: answered with the undocumented code `isv.SANDBOX_UNDOCUMENTED`, every time.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                    schema = @Schema(implementation = SendSmsForm.class))))
    @ApiResponse(responseCode = "200", description = "The SMS API's answer: `Code` (`OK` or an `isv.*` code), "
            + "`Message`, `RequestId`; `SendSms` adds `BizId`, `QuerySendDetails` `TotalCount` and "
            + "`SmsSendDetailDTOs.SmsSendDetailDTO[]` (`PhoneNum`, `SendStatus`, `ErrCode`, `TemplateCode`, "
            + "`Content`, `SendDate`, `ReceiveDate`, `OutId`).",
            content = @Content(schema = @Schema(implementation = ProviderAnswer.class)))
    @ApiResponse(responseCode = "400", description = "A gateway error (`Missing{ParameterName}` such as `MissingSignatureNonce`, `SignatureDoesNotMatch`, "
            + "`InvalidTimeStamp.Expired`, `InvalidVersion`, ...).",
            content = @Content(schema = @Schema(implementation = ProviderAnswer.class)))
    @ApiResponse(responseCode = "404", description = "`InvalidAccessKeyId.NotFound` or `InvalidAction.NotFound`.",
            content = @Content(schema = @Schema(implementation = ProviderAnswer.class)))
    @ApiResponse(responseCode = "503", description = "`19900000503`: an outage (an HTML page, nothing taken).",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "504", description = "`19900000504`, first try: taken, the answer lost (an "
            + "HTML page).",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    ResponseEntity<String> rpc(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        SandboxSmsProvider.Answer answer = provider.handle("POST", parameters.toSingleValueMap());
        return ResponseEntity.status(answer.status()).contentType(answer.type()).body(answer.body());
    }

    @GetMapping(OUTBOX)
    @Operation(operationId = "sandboxSmsOutbox", summary = "The sandbox's SMS outbox", description = """
            What the sandbox SMS provider has taken, newest first: each message as the phone would show it \
            (`content`: 【sign name】 and the rendered template), with our message id (`outId`). At most \
            `returnflow.sms.sandbox.list-limit` messages.""")
    @ApiResponse(responseCode = "200", description = "The messages, newest first.",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = SandboxSmsView.class))))
    List<SandboxSmsView> outbox(
            @Parameter(description = "Only the messages to this number (as sent, e.g. `13800138000`).")
            @RequestParam(name = "phone", required = false) String phone) {
        String number = phone == null || phone.isBlank() ? null : phone.trim();
        return messages.newest(number, properties.listLimit()).stream().map(this::view).toList();
    }

    private SandboxSmsView view(SandboxSmsMessages.SandboxSms sms) {
        JsonNode params = null;
        if (sms.templateParam() != null) {
            try {
                params = json.readTree(sms.templateParam());
            } catch (JsonProcessingException stored) {
                params = json.getNodeFactory().textNode(sms.templateParam());
            }
        }
        return new SandboxSmsView(sms.bizId(), sms.outId(), sms.phoneNumber(), sms.signName(), sms.templateCode(),
                params, sms.content(), sms.sentAt());
    }

    /** One message in the outbox. */
    @Schema(name = "SandboxSms", description = "A text message the sandbox SMS provider took.")
    record SandboxSmsView(
            @Schema(description = "The provider's receipt.", example = "482913604815726391^0",
                    requiredMode = Schema.RequiredMode.REQUIRED) String bizId,
            @Schema(description = "Our message id (`OutId`).", example = "ntf_6Q3J2VZ8K1M4T7XW") String outId,
            @Schema(example = "13800138000", requiredMode = Schema.RequiredMode.REQUIRED) String phone,
            @Schema(example = "退货服务", requiredMode = Schema.RequiredMode.REQUIRED) String signName,
            @Schema(example = "SMS_900000101", requiredMode = Schema.RequiredMode.REQUIRED) String templateCode,
            @Schema(description = "The template's values (`TemplateParam`).", type = "object") JsonNode params,
            @Schema(description = "As the phone shows it.", example = "【退货服务】您的退货 R-8F3K2Q 已受理，寄件码 "
                    + "K7M2Q9", requiredMode = Schema.RequiredMode.REQUIRED) String content,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime sentAt) {
    }

    /** {@code SendSms}'s own form fields (with the common ones of the description). */
    @Schema(name = "SendSmsRequest", description = "SendSms's form fields, besides the common RPC parameters.")
    record SendSmsForm(
            @Schema(example = "SendSms", requiredMode = Schema.RequiredMode.REQUIRED) String Action,
            @Schema(example = "13800138000") String PhoneNumbers,
            @Schema(example = "退货服务") String SignName,
            @Schema(example = "SMS_900000101") String TemplateCode,
            @Schema(description = "The template's values as a JSON object in a string, e.g. "
                    + "`{\"code\":\"K7M2Q9\"}`.") String TemplateParam,
            @Schema(example = "ntf_6Q3J2VZ8K1M4T7XW") String OutId) {
    }

    /** The provider's JSON answer. */
    @Schema(name = "AliyunSmsAnswer", description = "The SMS API's or its gateway's JSON answer.")
    record ProviderAnswer(
            @Schema(example = "OK", requiredMode = Schema.RequiredMode.REQUIRED) String Code,
            @Schema(example = "OK") String Message,
            @Schema(example = "482913604815726391^0") String BizId,
            @Schema(example = "F655A8D5-B967-440B-8683-DAD6FF8DE990") String RequestId,
            @Schema(description = "Gateway errors: the host that answered.", example = "dysmsapi.aliyuncs.com")
            String HostId,
            @Schema(description = "`QuerySendDetails`: how many messages that day.", example = "1") Long TotalCount,
            @Schema(description = "`QuerySendDetails`: `{SmsSendDetailDTO: [...]}`, one page.", type = "object")
            Map<String, Object> SmsSendDetailDTOs) {
    }
}
