package io.returnflow.notification.sms.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.notification.sms.aliyun.AliyunRpcSignature;
import io.returnflow.notification.sms.aliyun.AliyunSmsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;

/**
 * The sandbox SMS provider's behaviour: Alibaba Cloud's RPC checks (AccessKeyId, signature, timestamp, version,
 * action), then {@code SendSms} (the sandbox's templates rendered with {@code TemplateParam}, kept in
 * {@code sandbox_sms_messages}; scenarios by magic number, {@link SandboxSmsScenario}) and {@code
 * QuerySendDetails} answered from that table. A nonce is taken once ({@code SignatureNonceUsed} for a replay).
 */
@Service
@ConditionalOnProperty(name = "returnflow.sms.sandbox.enabled", havingValue = "true")
class SandboxSmsProvider {

    /** Alibaba Cloud refuses a request whose Timestamp is further than this from its clock. */
    static final Duration TIMESTAMP_TOLERANCE = Duration.ofMinutes(15);
    static final String API_VERSION = "2017-05-25";
    static final int MAX_PAGE_SIZE = 50;
    static final int LOOKUP_DAYS = 30;
    /** The columns of {@code sandbox_sms_messages} (V27): longer is refused as the provider refuses it, not a 500. */
    static final int MAX_OUT_ID = 256;
    static final int MAX_CONTENT = 1900;
    static final int MAX_NONCE = 128;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern MAINLAND_MOBILE = Pattern.compile("(\\+?86|0086)?1[3-9][0-9]{9}");
    private static final DateTimeFormatter SEND_DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter DETAIL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(SandboxSmsProvider.class);

    static final String OUTAGE_PAGE = "<html><body><h1>503 Service Unavailable</h1>"
            + "No server is available to handle this request.</body></html>";
    static final String GATEWAY_TIMEOUT_PAGE = "<html><body><h1>504 Gateway Time-out</h1>"
            + "The server didn't respond in time.</body></html>";

    private final SandboxSmsMessages messages;
    private final SmsSandboxProperties sandbox;
    private final AliyunSmsProperties aliyun;
    private final ObjectMapper json;
    private final Clock clock;

    SandboxSmsProvider(SandboxSmsMessages messages, SmsSandboxProperties sandbox, AliyunSmsProperties aliyun,
                       ObjectMapper json, Clock clock) {
        this.messages = messages;
        this.sandbox = sandbox;
        this.aliyun = aliyun;
        this.json = json;
        this.clock = clock;
    }

    /** An answer: status, media type and body. */
    record Answer(int status, MediaType type, String body) {
    }

    Answer handle(String httpMethod, Map<String, String> parameters) {
        String requestId = UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
        Answer refused = checkRequest(httpMethod, parameters, requestId);
        if (refused != null) {
            return refused;
        }
        return switch (parameters.get("Action")) {
            case "SendSms" -> sendSms(parameters, requestId);
            case "QuerySendDetails" -> querySendDetails(parameters, requestId);
            default -> error(HttpStatus.NOT_FOUND, "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.", requestId);
        };
    }

    private Answer checkRequest(String httpMethod, Map<String, String> parameters, String requestId) {
        for (String required : List.of("AccessKeyId", "Action", "Version", "Timestamp", "SignatureMethod",
                "SignatureVersion", "SignatureNonce", AliyunRpcSignature.SIGNATURE)) {
            if (blank(parameters.get(required))) {
                // as the gateway answers: the code names the parameter (Missing{ParameterName})
                return error(HttpStatus.BAD_REQUEST, "Missing" + required, "The input parameter \"" + required
                        + "\" that is mandatory for processing this request is not supplied.", requestId);
            }
        }
        if (!parameters.get("AccessKeyId").equals(aliyun.accessKeyId())) {
            return error(HttpStatus.NOT_FOUND, "InvalidAccessKeyId.NotFound", "Specified access key is not found.",
                    requestId);
        }
        if (!AliyunRpcSignature.METHOD.equals(parameters.get("SignatureMethod"))
                || !AliyunRpcSignature.VERSION.equals(parameters.get("SignatureVersion"))) {
            return error(HttpStatus.BAD_REQUEST, "InvalidParameter",
                    "Specified SignatureMethod or SignatureVersion is not supported.", requestId);
        }
        if (!AliyunRpcSignature.verifies(httpMethod, parameters, aliyun.accessKeySecret(),
                parameters.get(AliyunRpcSignature.SIGNATURE))) {
            return error(HttpStatus.BAD_REQUEST, "SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation.", requestId);
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse(parameters.get("Timestamp"));
        } catch (DateTimeParseException notIso) {
            return error(HttpStatus.BAD_REQUEST, "InvalidTimeStamp.Format",
                    "Specified time stamp or date value is not well formatted.", requestId);
        }
        if (Duration.between(timestamp, clock.instant()).abs().compareTo(TIMESTAMP_TOLERANCE) > 0) {
            return error(HttpStatus.BAD_REQUEST, "InvalidTimeStamp.Expired",
                    "Specified time stamp or date value is expired.", requestId);
        }
        if (!API_VERSION.equals(parameters.get("Version"))) {
            return error(HttpStatus.BAD_REQUEST, "InvalidVersion", "Specified parameter Version is not valid.",
                    requestId);
        }
        // a replay carries the original's timestamp, so it comes at most twice the tolerance after the original
        String nonce = parameters.get("SignatureNonce");
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        if (nonce.length() > MAX_NONCE
                || !messages.firstUseOfNonce(nonce, now, now.minus(TIMESTAMP_TOLERANCE).minus(TIMESTAMP_TOLERANCE))) {
            return error(HttpStatus.BAD_REQUEST, "SignatureNonceUsed", "Specified signature nonce was used already.",
                    requestId);
        }
        return null;
    }

    private Answer sendSms(Map<String, String> parameters, String requestId) {
        String phone = parameters.get("PhoneNumbers");
        String outId = parameters.get("OutId");
        if (outId != null && outId.length() > MAX_OUT_ID) {
            return code("isv.INVALID_PARAMETERS", "OutId 长度超过限制", requestId);
        }
        SandboxSmsScenario scenario = SandboxSmsScenario.of(phone);
        int tries = blank(outId) ? 1 : messages.countTry(outId);
        if (scenario == SandboxSmsScenario.OUTAGE_FIRST && tries <= sandbox.flakyFailures()) {
            log.info("Sandbox SMS: outage for try {} of {}", tries, outId);
            return new Answer(HttpStatus.SERVICE_UNAVAILABLE.value(), MediaType.TEXT_HTML, OUTAGE_PAGE);
        }
        if (blank(phone) || phone.contains(",") || !MAINLAND_MOBILE.matcher(phone).matches()
                || scenario == SandboxSmsScenario.ILLEGAL_NUMBER_REFUSED) {
            // one mainland mobile number per message: what the adapter sends
            return code("isv.MOBILE_NUMBER_ILLEGAL", "invalid mobile number", requestId);
        }
        if (!aliyun.signName().equals(parameters.get("SignName"))) {
            return code("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名", requestId);
        }
        String template = blank(parameters.get("TemplateCode")) ? null
                : sandbox.templates().get(parameters.get("TemplateCode"));
        if (template == null) {
            return code("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板", requestId);
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (!blank(parameters.get("TemplateParam"))) {
            try {
                JsonNode given = json.readTree(parameters.get("TemplateParam"));
                if (!given.isObject()) {
                    return code("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值", requestId);
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> value = it.next();
                    if (!value.getValue().isTextual()) {
                        return code("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值", requestId);
                    }
                    values.put(value.getKey(), value.getValue().asText());
                }
            } catch (JsonProcessingException notJson) {
                return code("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值", requestId);
            }
        }
        StringBuilder text = new StringBuilder();
        Matcher placeholder = PLACEHOLDER.matcher(template);
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                return code("isv.TEMPLATE_MISSING_PARAMETERS", "模板缺少变量 " + placeholder.group(1), requestId);
            }
            placeholder.appendReplacement(text, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(text);
        if (text.length() > MAX_CONTENT) {
            return code("isv.PARAM_LENGTH_LIMIT", "参数超过长度限制", requestId);
        }
        if (scenario == SandboxSmsScenario.THROTTLED_FIRST && tries <= sandbox.throttledTries()) {
            return code("isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1", requestId);
        }
        if (scenario == SandboxSmsScenario.UNDOCUMENTED) {
            return code(SandboxSmsScenario.UNDOCUMENTED_CODE, "a code the documentation does not list", requestId);
        }
        String bizId = (100000 + RANDOM.nextInt(900000)) + "" + (1000000000L + (RANDOM.nextLong() & Long.MAX_VALUE)
                % 9000000000L) + "^0";
        messages.insert(new SandboxSmsMessages.SandboxSms(bizId, blank(outId) ? null : outId, phone,
                parameters.get("SignName"), parameters.get("TemplateCode"), parameters.get("TemplateParam"),
                "【" + parameters.get("SignName") + "】" + text, OffsetDateTime.now(clock).withOffsetSameInstant(
                ZoneOffset.UTC)));
        log.info("Sandbox SMS took message {} ({})", outId, bizId);
        if (scenario == SandboxSmsScenario.ANSWER_LOST_FIRST && tries == 1) {
            return new Answer(HttpStatus.GATEWAY_TIMEOUT.value(), MediaType.TEXT_HTML, GATEWAY_TIMEOUT_PAGE);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Code", "OK");
        answer.put("Message", "OK");
        answer.put("BizId", bizId);
        answer.put("RequestId", requestId);
        return json(HttpStatus.OK, answer);
    }

    private Answer querySendDetails(Map<String, String> parameters, String requestId) {
        String phone = parameters.get("PhoneNumber");
        if (blank(phone)) {
            return code("isv.MOBILE_NUMBER_ILLEGAL", "invalid mobile number", requestId);
        }
        LocalDate day;
        try {
            day = LocalDate.parse(parameters.getOrDefault("SendDate", ""), SEND_DATE);
        } catch (DateTimeParseException notADate) {
            return code("isv.INVALID_PARAMETERS", "SendDate 须为 yyyyMMdd", requestId);
        }
        LocalDate today = LocalDate.now(clock.withZone(aliyun.zone()));
        if (day.isAfter(today) || day.isBefore(today.minusDays(LOOKUP_DAYS - 1L))) {
            return code("isv.INVALID_PARAMETERS", "SendDate 只支持查询最近30天的记录", requestId);
        }
        int pageSize;
        int currentPage;
        try {
            pageSize = Integer.parseInt(parameters.getOrDefault("PageSize", ""));
            currentPage = Integer.parseInt(parameters.getOrDefault("CurrentPage", ""));
        } catch (NumberFormatException notANumber) {
            return code("isv.INVALID_PARAMETERS", "PageSize 与 CurrentPage 须为数字", requestId);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE || currentPage < 1) {
            return code("isv.INVALID_PARAMETERS", "PageSize 取值 1~50，CurrentPage 从 1 开始", requestId);
        }
        OffsetDateTime from = day.atStartOfDay(aliyun.zone()).toOffsetDateTime();
        OffsetDateTime to = day.plusDays(1).atStartOfDay(aliyun.zone()).toOffsetDateTime();
        String bizId = blank(parameters.get("BizId")) ? null : parameters.get("BizId");
        long total = messages.countSentTo(phone, from, to, bizId);
        // CurrentPage has no upper bound in Alibaba Cloud's documentation: a page past the last is empty, and its
        // offset is reckoned in long (Integer.MAX_VALUE pages of 50 overflow an int)
        long offset = (currentPage - 1L) * pageSize;
        List<Map<String, Object>> details = new ArrayList<>();
        for (SandboxSmsMessages.SandboxSms sms : offset >= total ? List.<SandboxSmsMessages.SandboxSms>of()
                : messages.sentTo(phone, from, to, bizId, offset, pageSize)) {
            Map<String, Object> detail = new LinkedHashMap<>();
            String at = DETAIL_TIME.format(sms.sentAt().atZoneSameInstant(aliyun.zone()));
            detail.put("PhoneNum", sms.phoneNumber());
            // 3: 发送成功 (1 waiting for the receipt, 2 failed): the sandbox delivers at once
            detail.put("SendStatus", 3);
            detail.put("ErrCode", "DELIVERED");
            detail.put("TemplateCode", sms.templateCode());
            detail.put("Content", sms.content());
            detail.put("SendDate", at);
            detail.put("ReceiveDate", at);
            detail.put("OutId", sms.outId());
            details.add(detail);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Code", "OK");
        answer.put("Message", "OK");
        answer.put("RequestId", requestId);
        answer.put("TotalCount", total);
        answer.put("SmsSendDetailDTOs", Map.of("SmsSendDetailDTO", details));
        return json(HttpStatus.OK, answer);
    }

    /** A business answer: 200 with the code, as the SMS API answers its own codes. */
    private Answer code(String code, String message, String requestId) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Code", code);
        answer.put("Message", message);
        answer.put("RequestId", requestId);
        return json(HttpStatus.OK, answer);
    }

    /** A gateway error: its status and the OpenAPI gateway's body. */
    private Answer error(HttpStatus status, String code, String message, String requestId) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("RequestId", requestId);
        answer.put("HostId", "dysmsapi.aliyuncs.com");
        answer.put("Code", code);
        answer.put("Message", message);
        return json(status, answer);
    }

    private Answer json(HttpStatus status, Map<String, Object> body) {
        try {
            return new Answer(status.value(), MediaType.APPLICATION_JSON, json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
