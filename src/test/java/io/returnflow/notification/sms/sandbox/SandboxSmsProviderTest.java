package io.returnflow.notification.sms.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.notification.sms.SmsGateway;
import io.returnflow.notification.sms.SmsMessage;
import io.returnflow.notification.sms.SmsOutcomeUnknownException;
import io.returnflow.notification.sms.SmsResult;
import io.returnflow.notification.sms.SmsUnavailableException;
import io.returnflow.notification.sms.aliyun.AliyunRpcSignature;
import io.returnflow.notification.sms.aliyun.AliyunSmsProperties;
import io.returnflow.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The sandbox SMS provider end to end, reached through the real Alibaba Cloud adapter over HTTP as in the local run:
 * messages rendered from the sandbox's templates and listed in its outbox, each magic number's scenario, and the
 * provider's own checks of a request. Time is a clock the test moves (the adapter's wait before a lookup, the
 * provider's timestamp check), never the machine's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.job-execution.enabled=false",
        // a property that happens to share a template placeholder's name (an environment variable CURRENCY, say)
        "currency=resolved-as-a-property"})
@ActiveProfiles("test")
@DirtiesContext
class SandboxSmsProviderTest {

    @TestConfiguration
    static class DrivenClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    @Autowired
    SmsGateway gateway;
    @Autowired
    MutableClock clock;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;

    @Autowired
    AliyunSmsProperties aliyun;
    @Autowired
    SmsSandboxProperties sandbox;

    @Test
    void theLocalRunsGatewayIsTheAliyunAdapterCallingTheSandbox() {
        assertThat(gateway.getClass().getSimpleName()).isEqualTo("AliyunSmsGateway");
    }

    @Test
    void everyTemplateCodeOfTheLocalRunIsApprovedInTheSandbox() {
        assertThat(aliyun.templates().values().stream().flatMap(byLanguage -> byLanguage.values().stream()))
                .isNotEmpty().allSatisfy(code -> assertThat(sandbox.templates()).containsKey(code));
        // kept literal for the sandbox to fill, not resolved by Spring as properties (see the property "currency")
        assertThat(sandbox.templates().get("SMS_900000401")).contains("${amount}", "${currency}")
                .doesNotContain("resolved-as-a-property");
    }

    @Test
    void aMessageIsRenderedFromTheSandboxsTemplateAndListedInItsOutbox() throws Exception {
        String phone = "1380013" + digits(4, "1");
        SmsMessage message = codeIssued(phone, "zh-CN");

        SmsResult result = gateway.send(message);

        assertThat(result).isInstanceOf(SmsResult.Sent.class);
        String bizId = ((SmsResult.Sent) result).providerMessageId();
        assertThat(bizId).matches("[0-9]+\\^0");
        JsonNode outbox = outbox(phone);
        assertThat(outbox).hasSize(1);
        JsonNode sms = outbox.get(0);
        assertThat(sms.path("bizId").asText()).isEqualTo(bizId);
        assertThat(sms.path("outId").asText()).isEqualTo(message.messageId());
        assertThat(sms.path("phone").asText()).isEqualTo(phone);
        assertThat(sms.path("templateCode").asText()).isEqualTo("SMS_900000101");
        assertThat(sms.path("params").path("code").asText()).isEqualTo("K7M2Q9");
        assertThat(sms.path("content").asText())
                .isEqualTo("【退货服务】您的退货R-8F3K2Q已受理，请于2026-12-10 18:00前到福田门店出示寄件码K7M2Q9寄回。");

        clock.advance(Duration.ofSeconds(1));
        gateway.send(codeIssued(phone, "en"));
        assertThat(outbox(phone).get(0).path("content").asText()).isEqualTo("【退货服务】Return R-8F3K2Q accepted. "
                + "By 2026-12-10 18:00, bring it to 福田门店 and show code K7M2Q9.");
        assertThat(rest.getForObject("/sandbox/sms", JsonNode.class).findValuesAsText("phone")).contains(phone);
    }

    @Test
    void theWalkThroughsBuyersAreSimplySent() {
        // README's and API.md's example buyers: no magic number among them
        for (String phone : new String[] {"13800000000", "13900000000", "13700000000"}) {
            assertThat(gateway.send(codeIssued(phone, "zh-CN"))).isInstanceOf(SmsResult.Sent.class);
        }
    }

    @Test
    void aTemplateValueMissingIsRefusedAsAlibabaCloudRefusesIt() {
        SmsResult result = gateway.send(new SmsMessage(id(), "13800138001", "zh-CN", "dropoff.code_issued",
                Map.of("code", "K7M2Q9"), "t"));

        assertThat(result).isInstanceOf(SmsResult.Rejected.class);
        assertThat(((SmsResult.Rejected) result).code()).isEqualTo("isv.TEMPLATE_MISSING_PARAMETERS");
    }

    @Test
    void theNumber19900000400IsRefusedForGood() {
        SmsResult result = gateway.send(codeIssued("19900000400", "zh-CN"));

        assertThat(result).isEqualTo(new SmsResult.Rejected("isv.MOBILE_NUMBER_ILLEGAL", "invalid mobile number"));
    }

    @Test
    void theNumber19900000429IsThrottledOnceThenTaken() throws Exception {
        String phone = "19900000429";
        SmsMessage message = codeIssued(phone, "zh-CN");

        SmsUnavailableException throttled = catchThrowableOfType(SmsUnavailableException.class,
                () -> gateway.send(message));
        assertThat(throttled).isNotInstanceOf(SmsOutcomeUnknownException.class)
                .hasMessageContaining("isv.BUSINESS_LIMIT_CONTROL");
        assertThat(throttled.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        clock.advance(throttled.retryAfter());

        assertThat(gateway.send(message)).isInstanceOf(SmsResult.Sent.class);
        assertThat(outbox(phone)).hasSize(1);
    }

    @Test
    void theNumber19900000503FailsTwiceThenIsTakenOnce() throws Exception {
        String phone = "19900000503";
        SmsMessage message = codeIssued(phone, "zh-CN");

        for (int failure = 0; failure < 2; failure++) {
            SmsOutcomeUnknownException outage = catchThrowableOfType(SmsOutcomeUnknownException.class,
                    () -> gateway.send(message));
            assertThat(outage).hasMessageContaining("503");
            // the adapter looks the message up (not found: the outage took nothing) before sending again
            clock.advance(outage.retryAfter());
        }

        assertThat(gateway.send(message)).isInstanceOf(SmsResult.Sent.class);
        assertThat(outbox(phone)).hasSize(1);
    }

    @Test
    void theNumber19900000504LosesTheAnswerAndTheLookupKeepsTheMessageFromBeingSentTwice() throws Exception {
        String phone = "+86 199-0000-0504";
        SmsMessage message = codeIssued(phone, "zh-CN");

        SmsOutcomeUnknownException lost = catchThrowableOfType(SmsOutcomeUnknownException.class,
                () -> gateway.send(message));
        assertThat(lost).hasMessageContaining("504");
        clock.advance(lost.retryAfter());

        assertThat(gateway.send(message)).isEqualTo(new SmsResult.Sent(null));
        assertThat(gateway.send(message)).isEqualTo(new SmsResult.Sent(null));
        assertThat(outbox("+8619900000504")).hasSize(1);
    }

    @Test
    void theNumber19900000999AnswersACodeNoDocumentListsAndIsParked() throws Exception {
        String phone = "19900000999";

        SmsOutcomeUnknownException unknown = catchThrowableOfType(SmsOutcomeUnknownException.class,
                () -> gateway.send(codeIssued(phone, "zh-CN")));

        assertThat(unknown).hasMessageContaining(SandboxSmsScenario.UNDOCUMENTED_CODE);
        assertThat(outbox(phone)).isEmpty();
    }

    @Test
    void aRequestSignedWithAnotherSecretIsRefused() {
        Map<String, String> request = sendSmsRequest("LTAI-sandbox-sms", clock.instant());
        request.put("Signature", AliyunRpcSignature.sign("POST", request, "not-the-secret"));

        ResponseEntity<JsonNode> answer = post(request);

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody().path("Code").asText()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void anUnknownAccessKeyIsRefused() {
        Map<String, String> request = sendSmsRequest("LTAI-someone-else", clock.instant());
        request.put("Signature", AliyunRpcSignature.sign("POST", request, "sandbox-sms-secret"));

        ResponseEntity<JsonNode> answer = post(request);

        assertThat(answer.getStatusCode().value()).isEqualTo(404);
        assertThat(answer.getBody().path("Code").asText()).isEqualTo("InvalidAccessKeyId.NotFound");
    }

    @Test
    void aStaleTimestampIsRefused() {
        Map<String, String> request = sendSmsRequest("LTAI-sandbox-sms", clock.instant().minus(Duration.ofMinutes(16)));
        request.put("Signature", AliyunRpcSignature.sign("POST", request, "sandbox-sms-secret"));

        ResponseEntity<JsonNode> answer = post(request);

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody().path("Code").asText()).isEqualTo("InvalidTimeStamp.Expired");
    }

    @Test
    void aRightlySignedRequestIsTaken() {
        Map<String, String> request = sendSmsRequest("LTAI-sandbox-sms", clock.instant());
        request.put("Signature", AliyunRpcSignature.sign("POST", request, "sandbox-sms-secret"));

        ResponseEntity<JsonNode> answer = post(request);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody().path("Code").asText()).isEqualTo("OK");
    }

    @Test
    void aMissingParameterIsNamedInTheCodeAsTheGatewayNamesIt() {
        Map<String, String> request = sendSmsRequest("LTAI-sandbox-sms", clock.instant());
        request.remove("SignatureNonce");
        request.put("Signature", AliyunRpcSignature.sign("POST", request, "sandbox-sms-secret"));

        ResponseEntity<JsonNode> answer = post(request);

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody().path("Code").asText()).isEqualTo("MissingSignatureNonce");
    }

    @Test
    void aRequestSentAgainAsItWasIsARefusedReplay() {
        Map<String, String> request = sendSmsRequest("LTAI-sandbox-sms", clock.instant());
        request.put("Signature", AliyunRpcSignature.sign("POST", request, "sandbox-sms-secret"));

        assertThat(post(request).getBody().path("Code").asText()).isEqualTo("OK");
        ResponseEntity<JsonNode> replayed = post(request);

        assertThat(replayed.getStatusCode().value()).isEqualTo(400);
        assertThat(replayed.getBody().path("Code").asText()).isEqualTo("SignatureNonceUsed");
    }

    @Test
    void anOverlongValueOrOutIdIsRefusedAsTheProviderRefusesItNotAFailure() {
        Map<String, String> longValue = sendSmsRequest("LTAI-sandbox-sms", clock.instant());
        longValue.put("TemplateParam", "{\"returnId\":\"" + "R".repeat(2000) + "\"}");
        longValue.put("Signature", AliyunRpcSignature.sign("POST", longValue, "sandbox-sms-secret"));
        Map<String, String> longOutId = sendSmsRequest("LTAI-sandbox-sms", clock.instant());
        longOutId.put("OutId", "o".repeat(300));
        longOutId.put("Signature", AliyunRpcSignature.sign("POST", longOutId, "sandbox-sms-secret"));

        assertThat(post(longValue).getBody().path("Code").asText()).isEqualTo("isv.PARAM_LENGTH_LIMIT");
        assertThat(post(longOutId).getBody().path("Code").asText()).isEqualTo("isv.INVALID_PARAMETERS");
    }

    @Test
    void aPageFarPastTheLastIsEmptyNotAFailure() {
        String phone = "1380014" + digits(4, "p");
        assertThat(gateway.send(codeIssued(phone, "zh-CN"))).isInstanceOf(SmsResult.Sent.class);
        String today = java.time.format.DateTimeFormatter.BASIC_ISO_DATE.format(
                clock.instant().atZone(aliyun.zone()));

        JsonNode last = post(querySendDetails(phone, today, "50", "2147483647")).getBody();
        JsonNode first = post(querySendDetails(phone, today, "50", "1")).getBody();
        ResponseEntity<JsonNode> beyondAnInt = post(querySendDetails(phone, today, "50", "2147483648"));
        ResponseEntity<JsonNode> pageTooLong = post(querySendDetails(phone, today, "51", "1"));

        assertThat(last.path("Code").asText()).as(last.toString()).isEqualTo("OK");
        assertThat(last.path("TotalCount").asLong()).isEqualTo(1);
        assertThat(last.path("SmsSendDetailDTOs").path("SmsSendDetailDTO")).isEmpty();
        assertThat(first.path("SmsSendDetailDTOs").path("SmsSendDetailDTO")).hasSize(1);
        assertThat(beyondAnInt.getBody().path("Code").asText()).isEqualTo("isv.INVALID_PARAMETERS");
        assertThat(pageTooLong.getBody().path("Code").asText()).isEqualTo("isv.INVALID_PARAMETERS");
    }

    private Map<String, String> querySendDetails(String phone, String day, String pageSize, String currentPage) {
        Map<String, String> request = sendSmsRequest("LTAI-sandbox-sms", clock.instant());
        for (String sendOnly : new String[] {"PhoneNumbers", "SignName", "TemplateCode", "TemplateParam", "OutId"}) {
            request.remove(sendOnly);
        }
        request.put("Action", "QuerySendDetails");
        request.put("PhoneNumber", phone);
        request.put("SendDate", day);
        request.put("PageSize", pageSize);
        request.put("CurrentPage", currentPage);
        request.put("Signature", AliyunRpcSignature.sign("POST", request, "sandbox-sms-secret"));
        return request;
    }

    private Map<String, String> sendSmsRequest(String accessKeyId, Instant at) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("Action", "SendSms");
        request.put("Version", "2017-05-25");
        request.put("Format", "JSON");
        request.put("AccessKeyId", accessKeyId);
        request.put("RegionId", "cn-hangzhou");
        request.put("Timestamp", at.truncatedTo(ChronoUnit.SECONDS).toString());
        request.put("SignatureMethod", "HMAC-SHA1");
        request.put("SignatureVersion", "1.0");
        request.put("SignatureNonce", UUID.randomUUID().toString());
        request.put("PhoneNumbers", "13800138002");
        request.put("SignName", "退货服务");
        request.put("TemplateCode", "SMS_900000301");
        request.put("TemplateParam", "{\"returnId\":\"R-1 2*3\"}");
        request.put("OutId", id());
        return request;
    }

    private ResponseEntity<JsonNode> post(Map<String, String> request) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        request.forEach(form::add);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        return rest.postForEntity("/sandbox/dysmsapi", new HttpEntity<>(form, headers), JsonNode.class);
    }

    private JsonNode outbox(String phone) throws Exception {
        // a + is a blank in a query: the number is encoded
        return json.readTree(rest.getForObject(URI.create(rest.getRootUri() + "/sandbox/sms?phone="
                + URLEncoder.encode(phone, StandardCharsets.UTF_8)), String.class));
    }

    private static SmsMessage codeIssued(String phone, String language) {
        return new SmsMessage(id(), phone, language, "dropoff.code_issued", Map.of("returnId", "R-8F3K2Q",
                "code", "K7M2Q9", "storeName", "福田门店", "expiresAt", "2026-12-10 18:00", "qrLink",
                "https://returns.example.com/api/returns/R-8F3K2Q/drop-off-code.png"), "unused");
    }

    private static String id() {
        return "ntf_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Digits that differ per test, so that the numbers of two tests never share an outbox. */
    private static String digits(int count, String seed) {
        long value = Math.abs((seed + UUID.randomUUID()).hashCode()) % (long) Math.pow(10, count);
        return String.format("%0" + count + "d", value);
    }
}
