package io.returnflow.notification.sms.aliyun;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.returnflow.notification.sms.SmsMessage;
import io.returnflow.notification.sms.SmsOutcomeUnknownException;
import io.returnflow.notification.sms.SmsResult;
import io.returnflow.notification.sms.SmsUnavailableException;
import io.returnflow.platform.EndpointResolver;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The adapter against a stub of Alibaba Cloud SMS answering with recorded payloads: its request (signed, every
 * field), each documented code, answers that are not Alibaba Cloud's, no answer at all, and the lookup that keeps a
 * message whose answer was lost from being sent twice.
 */
class AliyunSmsGatewayTest {

    private static final WireMockServer aliyun = new WireMockServer(options().dynamicPort());
    /** 10:00 in Shanghai: the waits until the next day and month are exact. */
    private static final Instant START = Instant.parse("2026-12-07T02:00:00Z");
    private static final String SECRET = "testSecret";

    static {
        aliyun.start();
    }

    private MutableClock clock;
    private MigratedDatabase database;
    private AliyunSmsGateway gateway;
    private final SmsMessage message = new SmsMessage("ntf_6Q3J2VZ8K1M4T7XW", "138 0013-8000", "zh-CN",
            "dropoff.code_issued", Map.of("code", "K7M2Q9", "store", "福田门店"), "unused by this provider");

    @AfterAll
    static void stop() {
        aliyun.stop();
    }

    @BeforeEach
    void setUp() {
        aliyun.resetAll();
        clock = new MutableClock(START);
        database = MigratedDatabase.migrated();
        gateway = gateway("http://localhost:" + aliyun.port() + "/", Duration.ofSeconds(10));
    }

    private AliyunSmsGateway gateway(String endpoint, Duration readTimeout) {
        AliyunSmsProperties properties = properties(endpoint, readTimeout);
        return new AliyunSmsGateway(
                new AliyunSmsClient(properties, new EndpointResolver(new StandardEnvironment()), clock),
                new SmsSendAttempts(database.jdbc(), database.transactions()), properties, new ObjectMapper(), clock);
    }

    static AliyunSmsProperties properties(String endpoint, Duration readTimeout) {
        return new AliyunSmsProperties(endpoint, "testId", SECRET, "退货服务", "cn-hangzhou",
                ZoneId.of("Asia/Shanghai"), Duration.ofSeconds(5), readTimeout, "zh-CN", Duration.ofMinutes(1),
                new AliyunSmsProperties.Waits(Duration.ofMinutes(45), Duration.ofMinutes(2), Duration.ofMinutes(10)),
                Map.of("dropoff.code_issued", Map.of("zh-CN", "SMS_100000001", "en", "SMS_100000002"),
                        "refund.succeeded", Map.of("zh-CN", "SMS_100000003")));
    }

    @Test
    void sendsTheMessageSignedAndTakesOkForSent() {
        aliyun.stubFor(sendSms().willReturn(okJson(
                "{\"Message\":\"OK\",\"RequestId\":\"F655A8D5-B967-440B-8683-DAD6FF8DE990\","
                        + "\"BizId\":\"900619746936498440^0\",\"Code\":\"OK\"}")));

        assertThat(gateway.send(message)).isEqualTo(new SmsResult.Sent("900619746936498440^0"));

        Map<String, String> sent = form(aliyun.findAll(postRequestedFor(urlEqualTo("/"))).get(0));
        assertThat(sent).containsEntry("Action", "SendSms").containsEntry("Version", "2017-05-25")
                .containsEntry("Format", "JSON").containsEntry("AccessKeyId", "testId")
                .containsEntry("RegionId", "cn-hangzhou").containsEntry("SignatureMethod", "HMAC-SHA1")
                .containsEntry("SignatureVersion", "1.0").containsEntry("Timestamp", "2026-12-07T02:00:00Z")
                .containsEntry("PhoneNumbers", "13800138000").containsEntry("SignName", "退货服务")
                .containsEntry("TemplateCode", "SMS_100000001")
                .containsEntry("TemplateParam", "{\"code\":\"K7M2Q9\",\"store\":\"福田门店\"}")
                .containsEntry("OutId", "ntf_6Q3J2VZ8K1M4T7XW")
                .containsKey("SignatureNonce");
        assertThat(AliyunRpcSignature.verifies("POST", sent, SECRET, sent.get("Signature"))).isTrue();
    }

    @Test
    void aNumberWithoutDigitsIsRefusedForGoodUnsent() {
        for (String phone : new String[] {"-----", " - - ", "", "+"}) {
            SmsResult result = gateway.send(new SmsMessage("m-no-digits", phone, "zh-CN", "dropoff.code_issued",
                    Map.of("code", "K7M2Q9"), "t"));

            assertThat(result).as(phone).isInstanceOf(SmsResult.Rejected.class);
            assertThat(((SmsResult.Rejected) result).code()).isEqualTo("isv.MOBILE_NUMBER_ILLEGAL");
        }
        aliyun.verify(0, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aMessageSentOnceIsNeverSentAgain() {
        aliyun.stubFor(sendSms().willReturn(okJson("{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"1^0\"}")));
        gateway.send(message);

        assertThat(gateway.send(message)).isEqualTo(new SmsResult.Sent("1^0"));
        aliyun.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aLanguageWithoutTemplateUsesTheDefaultLanguagesAndAKeyWithoutAnyIsRefusedUnsent() {
        aliyun.stubFor(sendSms().willReturn(okJson("{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"2^0\"}")));

        gateway.send(new SmsMessage("m-en", "13800138000", "en", "refund.succeeded", Map.of(), "t"));
        SmsResult unknownKey = gateway.send(new SmsMessage("m-x", "13800138000", "en", "pickup.booked", Map.of(), "t"));

        Map<String, String> sent = form(aliyun.findAll(postRequestedFor(urlEqualTo("/"))).get(0));
        assertThat(sent).containsEntry("TemplateCode", "SMS_100000003").doesNotContainKey("TemplateParam");
        assertThat(unknownKey).isInstanceOf(SmsResult.Rejected.class);
        assertThat(((SmsResult.Rejected) unknownKey).code()).isEqualTo(AliyunSmsGateway.NO_TEMPLATE);
        aliyun.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    /**
     * One row per documented code (AliyunSmsCode), answered as Alibaba Cloud answers it (the SMS API's codes with
     * 200, the gateway's with their status), and what the message becomes: sent, refused for good, tried again later
     * (after how long), or an unknown outcome looked up before it is sent again. Written out here, apart from the
     * table, so that changing a row's meaning fails this test.
     */
    @ParameterizedTest(name = "{0} ({1}) -> {2} {3}")
    @CsvSource({
            "OK,                                   200, sent,    -",
            "isv.SMS_SIGNATURE_SCENE_ILLEGAL,      200, refused, -",
            "isv.EXTEND_CODE_ERROR,                200, refused, -",
            "isv.SIGN_STATE_ILLEGAL,               200, refused, -",
            "isv.DOMESTIC_NUMBER_NOT_SUPPORTED,    200, refused, -",
            "isv.DENY_IP_RANGE,                    200, later,   PT45M",
            "isv.DAY_LIMIT_CONTROL,                200, later,   PT14H",
            "isv.MONTH_LIMIT_CONTROL,              200, later,   PT590H",
            "isv.SMS_CONTENT_ILLEGAL,              200, refused, -",
            "isv.SMS_SIGN_ILLEGAL,                 200, refused, -",
            "isp.RAM_PERMISSION_DENY,              200, later,   PT45M",
            "isv.OUT_OF_SERVICE,                   200, later,   PT45M",
            "isv.PRODUCT_UN_SUBSCRIPT,             200, later,   PT45M",
            "isv.PRODUCT_UNSUBSCRIBE,              200, later,   PT45M",
            "isv.ACCOUNT_NOT_EXISTS,               200, later,   PT45M",
            "isv.ACCOUNT_ABNORMAL,                 200, later,   PT45M",
            "isv.SMS_TEMPLATE_ILLEGAL,             200, refused, -",
            "isv.SMS_SIGNATURE_ILLEGAL,            200, refused, -",
            "isv.INVALID_PARAMETERS,               200, refused, -",
            "isp.SYSTEM_ERROR,                     200, unknown, PT1M",
            "isv.MOBILE_NUMBER_ILLEGAL,            200, refused, -",
            "isv.MOBILE_COUNT_OVER_LIMIT,          200, refused, -",
            "isv.TEMPLATE_MISSING_PARAMETERS,      200, refused, -",
            "isv.BUSINESS_LIMIT_CONTROL,           200, later,   PT2M",
            "isv.INVALID_JSON_PARAM,               200, refused, -",
            "isv.BLACK_KEY_CONTROL_LIMIT,          200, refused, -",
            "isv.PARAM_LENGTH_LIMIT,               200, refused, -",
            "isv.PARAM_NOT_SUPPORT_URL,            200, refused, -",
            "isv.AMOUNT_NOT_ENOUGH,                200, later,   PT45M",
            "isv.TEMPLATE_PARAMS_ILLEGAL,          200, refused, -",
            "isp.GATEWAY_ERROR,                    200, unknown, PT1M",
            "isv.CUSTOMER_REFUSED,                 200, refused, -",
            "IS_CLOSE,                             200, later,   -",
            "PARAMS_ILLEGAL,                       200, refused, -",
            "isv.SMS_TEST_SIGN_TEMPLATE_LIMIT,     200, refused, -",
            "isv.SMS_TEST_NUMBER_LIMIT,            200, refused, -",
            "isv.SMS_TEST_TEMPLATE_PARAMS_ILLEGAL, 200, refused, -",
            "isv.SECURITY_FROZEN_ACCOUNT,          200, later,   PT45M",
            "SignatureDoesNotMatch,                400, later,   PT45M",
            "InvalidSignatureMethod,               400, later,   PT45M",
            "InvalidAccessKeyId.NotFound,          404, later,   PT45M",
            "InvalidAccessKeyId.Inactive,          400, later,   PT45M",
            "InvalidApi.NotFound,                  404, later,   PT45M",
            "InvalidParameter.Format,              400, later,   PT45M",
            "Forbidden.RAM,                        403, later,   PT45M",
            "InvalidAction.NotFound,               404, later,   PT45M",
            "InvalidVersion,                       400, later,   PT45M",
            "InvalidTimeStamp.Expired,             400, later,   -",
            "InvalidTimeStamp.Format,              400, later,   -",
            "SignatureNonceUsed,                   400, later,   -",
            "MissingAccessKeyId,                   400, later,   PT45M",
            "MissingPhoneNumbers,                  400, refused, -",
            "MissingSignName,                      400, refused, -",
            "MissingTemplateCode,                  400, refused, -",
            "Throttling,                           400, later,   PT2M",
            "Throttling.User,                      400, later,   PT2M",
            "Throttling.Api,                       400, later,   PT2M",
            "ServiceUnavailable,                   503, unknown, PT1M",
            "InternalError,                        500, unknown, PT1M",
    })
    void eachDocumentedCodeHasItsMeaning(String code, int status, String outcome, String wait) {
        aliyun.stubFor(sendSms().willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json;charset=utf-8")
                .withBody("{\"RequestId\":\"8906582E-6722-409A-A6C4-0E7863B733A5\",\"Code\":\"" + code
                        + "\",\"Message\":\"as documented\"" + ("OK".equals(code) ? ",\"BizId\":\"3^0\"" : "") + "}")));
        Duration expectedWait = "-".equals(wait) ? null : Duration.parse(wait);

        switch (outcome) {
            case "sent" -> assertThat(gateway.send(message)).isEqualTo(new SmsResult.Sent("3^0"));
            case "refused" -> assertThat(gateway.send(message))
                    .isEqualTo(new SmsResult.Rejected(code, "as documented"));
            case "later" -> {
                SmsUnavailableException later = catchThrowableOfType(SmsUnavailableException.class,
                        () -> gateway.send(message));
                assertThat(later).isNotInstanceOf(SmsOutcomeUnknownException.class);
                assertThat(later.retryAfter()).isEqualTo(expectedWait);
                assertThat(later).hasMessageContaining(code);
            }
            default -> {
                SmsOutcomeUnknownException unknown = catchThrowableOfType(SmsOutcomeUnknownException.class,
                        () -> gateway.send(message));
                assertThat(unknown.retryAfter()).isEqualTo(expectedWait);
            }
        }
        // what was certainly not taken is sent straight again; what may have been is looked up first
        boolean lookedUpNext = "unknown".equals(outcome);
        assertThat(new SmsSendAttempts(database.jdbc(), database.transactions()).find(message.messageId())
                .filter(a -> !a.sent()).isPresent()).isEqualTo(lookedUpNext);
    }

    @Test
    void theCaseTableCoversEveryRowOfTheCodeTable() throws Exception {
        CsvSource rows = getClass().getDeclaredMethod("eachDocumentedCodeHasItsMeaning", String.class, int.class,
                String.class, String.class).getAnnotation(CsvSource.class);
        assertThat(Arrays.stream(rows.value()).map(row -> row.split(",")[0].trim()).toList())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(AliyunSmsCode.values()).map(AliyunSmsCode::code)
                        .toList());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "触发分钟级流控Permits:1, PT1M",
            "触发小时级流控Permits:5, PT1H",
            // until midnight in Shanghai: it is 10:00 there
            "触发天级流控Permits:10, PT14H",
            "触发云通信流控限制, PT2M",
    })
    void throttlingWaitsForTheWindowItNames(String said, String wait) {
        aliyun.stubFor(sendSms().willReturn(okJson("{\"Code\":\"isv.BUSINESS_LIMIT_CONTROL\",\"Message\":\"" + said
                + "\",\"RequestId\":\"C0A0BE93-B44F-4350-BCC8-B677F78C3802\"}")));

        SmsUnavailableException later = catchThrowableOfType(SmsUnavailableException.class,
                () -> gateway.send(message));

        assertThat(later.retryAfter()).isEqualTo(Duration.parse(wait));
    }

    @Test
    void aCodeNoDocumentListsIsNeitherSentNorRefusedButParkedAndLookedUp() {
        aliyun.stubFor(sendSms().willReturn(okJson("{\"Code\":\"isv.SOMETHING_NEW\",\"Message\":\"新的错误\"}")));

        SmsOutcomeUnknownException unknown = catchThrowableOfType(SmsOutcomeUnknownException.class,
                () -> gateway.send(message));

        assertThat(unknown).hasMessageContaining("isv.SOMETHING_NEW").hasMessageContaining("does not know");
        assertThat(unknown.retryAfter()).isEqualTo(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(10));
        aliyun.stubFor(querySendDetails().willReturn(okJson(details(0))));
        aliyun.stubFor(sendSms().willReturn(okJson("{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"4^0\"}")));
        assertThat(gateway.send(message)).isEqualTo(new SmsResult.Sent("4^0"));
        aliyun.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=QuerySendDetails")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "200|text/html|<html><body>Welcome to nginx</body></html>",
            "200|application/json|{\"Code\": ",
            "200|application/json|[]",
            "200|application/json|",
            "502|text/html|<html><body><h1>502 Bad Gateway</h1></body></html>",
            "503|text/html|<html><body><h1>503 Service Unavailable</h1></body></html>",
            "504|text/plain|upstream request timeout",
    })
    void anAnswerThatIsNotAlibabaCloudsLeavesTheOutcomeUnknown(int status, String type, String body) {
        aliyun.stubFor(sendSms().willReturn(aResponse().withStatus(status).withHeader("Content-Type", type)
                .withBody(body == null ? "" : body)));

        SmsOutcomeUnknownException unknown = catchThrowableOfType(SmsOutcomeUnknownException.class,
                () -> gateway.send(message));

        assertThat(unknown).hasMessageContaining("no readable Code").hasMessageContaining(String.valueOf(status));
        assertThat(unknown.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void noAnswerInTimeLeavesTheOutcomeUnknown() {
        AliyunSmsGateway impatient = gateway("http://localhost:" + aliyun.port() + "/", Duration.ofMillis(300));
        // the stub waits twenty times the timeout: the outcome never depends on how busy the machine is
        aliyun.stubFor(sendSms().willReturn(okJson("{\"Code\":\"OK\",\"BizId\":\"5^0\"}").withFixedDelay(6000)));

        assertThatThrownBy(() -> impatient.send(message)).isInstanceOf(SmsOutcomeUnknownException.class)
                .hasMessageContaining("No answer");
    }

    @Test
    void aConnectionBrokenMidAnswerLeavesTheOutcomeUnknown() {
        aliyun.stubFor(sendSms().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> gateway.send(message)).isInstanceOf(SmsOutcomeUnknownException.class);
    }

    @Test
    void aRefusedConnectionNeverSentIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AliyunSmsGateway unreachable = gateway("http://localhost:" + closedPort + "/", Duration.ofSeconds(10));

        SmsUnavailableException failed = catchThrowableOfType(SmsUnavailableException.class,
                () -> unreachable.send(message));

        assertThat(failed).isNotInstanceOf(SmsOutcomeUnknownException.class).hasMessageContaining("not sent");
        assertThat(new SmsSendAttempts(database.jdbc(), database.transactions()).find(message.messageId())).isEmpty();
    }

    @Test
    void aLostAnswerFollowedByQuerySendDetailsFindingItIsNotSentAgain() {
        aliyun.stubFor(sendSms().willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        assertThatThrownBy(() -> gateway.send(message)).isInstanceOf(SmsOutcomeUnknownException.class);
        clock.advance(Duration.ofMinutes(1));
        aliyun.stubFor(querySendDetails().willReturn(okJson(details(1, "ntf_OTHER", message.messageId()))));

        assertThat(gateway.send(message)).isEqualTo(new SmsResult.Sent(null));
        assertThat(gateway.send(message)).isEqualTo(new SmsResult.Sent(null));

        aliyun.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=SendSms")));
        List<LoggedRequest> lookups = aliyun.findAll(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=QuerySendDetails")));
        assertThat(lookups).hasSize(1);
        Map<String, String> lookup = form(lookups.get(0));
        assertThat(lookup).containsEntry("PhoneNumber", "13800138000").containsEntry("SendDate", "20261207")
                .containsEntry("PageSize", "50").containsEntry("CurrentPage", "1");
        assertThat(AliyunRpcSignature.verifies("POST", lookup, SECRET, lookup.get("Signature"))).isTrue();
    }

    @Test
    void aLostAnswerFollowedByQuerySendDetailsNotFindingItIsSentOnceAgain() {
        aliyun.stubFor(sendSms().willReturn(aResponse().withStatus(504).withBody("<html>504 Gateway Time-out</html>")));
        assertThatThrownBy(() -> gateway.send(message)).isInstanceOf(SmsOutcomeUnknownException.class);
        clock.advance(Duration.ofMinutes(1));
        aliyun.stubFor(querySendDetails().willReturn(okJson(details(1, "ntf_OTHER"))));
        aliyun.stubFor(sendSms().willReturn(okJson("{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"6^0\"}")));

        assertThat(gateway.send(message)).isEqualTo(new SmsResult.Sent("6^0"));
        assertThat(gateway.send(message)).isEqualTo(new SmsResult.Sent("6^0"));

        aliyun.verify(2, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=SendSms")));
        aliyun.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=QuerySendDetails")));
    }

    @Test
    void theLookupReadsEveryPageOfTheDay() {
        aliyun.stubFor(sendSms().willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        assertThatThrownBy(() -> gateway.send(message)).isInstanceOf(SmsOutcomeUnknownException.class);
        clock.advance(Duration.ofMinutes(1));
        String[] others = new String[50];
        Arrays.fill(others, "ntf_OTHER");
        aliyun.stubFor(querySendDetails().withRequestBody(containing("CurrentPage=1&"))
                .willReturn(okJson(details(51, others))));
        aliyun.stubFor(querySendDetails().withRequestBody(containing("CurrentPage=2&"))
                .willReturn(okJson(details(51, message.messageId()))));

        assertThat(gateway.send(message)).isEqualTo(new SmsResult.Sent(null));
        aliyun.verify(2, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=QuerySendDetails")));
    }

    @Test
    void theLookupCoversEachDayOfTheEarlierTries() {
        aliyun.stubFor(sendSms().willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        aliyun.stubFor(querySendDetails().willReturn(okJson(details(0))));
        assertThatThrownBy(() -> gateway.send(message)).isInstanceOf(SmsOutcomeUnknownException.class);
        clock.advance(Duration.ofDays(1));
        assertThatThrownBy(() -> gateway.send(message)).isInstanceOf(SmsOutcomeUnknownException.class);
        clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> gateway.send(message)).isInstanceOf(SmsOutcomeUnknownException.class);

        List<String> days = aliyun.findAll(postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("Action=QuerySendDetails"))).stream()
                .map(r -> form(r).get("SendDate")).toList();
        // the second send looked at the first day; the third at both days of the two tries
        assertThat(days).containsExactly("20261207", "20261207", "20261208");
    }

    @Test
    void noLookupBeforeTheProvidersRecordsCanShowTheMessage() {
        aliyun.stubFor(sendSms().willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        assertThatThrownBy(() -> gateway.send(message)).isInstanceOf(SmsOutcomeUnknownException.class);
        clock.advance(Duration.ofSeconds(20));

        SmsOutcomeUnknownException early = catchThrowableOfType(SmsOutcomeUnknownException.class,
                () -> gateway.send(message));

        assertThat(early.retryAfter()).isEqualTo(Duration.ofSeconds(40));
        aliyun.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aLookupThatFailsSendsNothing() {
        aliyun.stubFor(sendSms().willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        assertThatThrownBy(() -> gateway.send(message)).isInstanceOf(SmsOutcomeUnknownException.class);
        clock.advance(Duration.ofMinutes(1));
        aliyun.stubFor(querySendDetails().willReturn(aResponse().withStatus(503).withBody("<html>503</html>")));

        assertThatThrownBy(() -> gateway.send(message)).isInstanceOf(SmsOutcomeUnknownException.class)
                .hasMessageContaining("QuerySendDetails");
        aliyun.stubFor(querySendDetails().willReturn(okJson("{\"Code\":\"isv.BUSINESS_LIMIT_CONTROL\","
                + "\"Message\":\"触发分钟级流控Permits:1\"}")));
        SmsOutcomeUnknownException throttled = catchThrowableOfType(SmsOutcomeUnknownException.class,
                () -> gateway.send(message));
        assertThat(throttled.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        aliyun.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=SendSms")));
    }

    @Test
    void aMessageTriedLongerAgoThanTheProviderLooksBackIsRefusedNotRisked() {
        aliyun.stubFor(sendSms().willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        assertThatThrownBy(() -> gateway.send(message)).isInstanceOf(SmsOutcomeUnknownException.class);
        clock.advance(Duration.ofDays(31));

        SmsResult result = gateway.send(message);

        assertThat(result).isInstanceOf(SmsResult.Rejected.class);
        assertThat(((SmsResult.Rejected) result).code()).isEqualTo(AliyunSmsGateway.TOO_OLD_TO_LOOK_UP);
        aliyun.verify(1, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void aMessageIdTheProviderCannotCarryIsABug() {
        assertThatThrownBy(() -> gateway.send(new SmsMessage("ntf 1", "13800138000", "zh-CN",
                "dropoff.code_issued", Map.of(), "t"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static MappingBuilder sendSms() {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=SendSms"));
    }

    private static MappingBuilder querySendDetails() {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=QuerySendDetails"));
    }

    /** A recorded QuerySendDetails answer: these OutIds on this page, TotalCount as given. */
    private static String details(int total, String... outIds) {
        List<String> records = new ArrayList<>();
        for (String outId : outIds) {
            records.add("{\"PhoneNum\":\"13800138000\",\"SendStatus\":3,\"ErrCode\":\"DELIVERED\","
                    + "\"TemplateCode\":\"SMS_100000001\",\"Content\":\"【退货服务】您的寄件码K7M2Q9\","
                    + "\"SendDate\":\"2026-12-07 10:00:01\",\"ReceiveDate\":\"2026-12-07 10:00:05\","
                    + "\"OutId\":\"" + outId + "\"}");
        }
        return "{\"TotalCount\":" + total + ",\"Message\":\"OK\","
                + "\"RequestId\":\"819BE656-D2E0-4858-8B21-B2E477085AAF\","
                + "\"SmsSendDetailDTOs\":{\"SmsSendDetailDTO\":[" + String.join(",", records) + "]},\"Code\":\"OK\"}";
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

}
