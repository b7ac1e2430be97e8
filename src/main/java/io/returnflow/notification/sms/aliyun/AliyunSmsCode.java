package io.returnflow.notification.sms.aliyun;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every code Alibaba Cloud documents for {@code SendSms}, and what it means for the message: the one table the
 * adapter decides by. The wording is the documentation's: the SMS API error code page (国内消息API错误码) for the
 * {@code isv.*} and {@code isp.*} codes, the OpenAPI gateway's common errors for the others (answered with a 4xx or
 * 5xx status, where the SMS codes come with 200). Each group below names the page its wording comes from.
 *
 * <p>What decides the meaning:
 * <ul>
 *   <li>{@link Meaning#REFUSED}: the message as composed (its number, template, signature, values) cannot be
 *       sent, now or later; sending it again only repeats the refusal. A template or signature refused after a
 *       configuration change is a new message's business, not this one's;</li>
 *   <li>{@link Meaning#NOT_SENT}: Alibaba Cloud did not take it, and it can be taken later without changing it:
 *       limits and throttling (until their window ends), and account problems someone must fix (balance, RAM
 *       permission, AccessKey, endpoint): the buyer's message waits for them instead of being dropped;</li>
 *   <li>{@link Meaning#OUTCOME_UNKNOWN}: Alibaba Cloud failed while handling it ({@code isp.SYSTEM_ERROR},
 *       {@code isp.GATEWAY_ERROR}, {@code InternalError}, {@code ServiceUnavailable}): it may have taken it. Looked
 *       up with {@code QuerySendDetails} before it is sent again. A code that is not in this table is handled the
 *       same way.</li>
 * </ul>
 *
 * <p>Codes the SMS API error code page lists for other operations (signature, template and short-link
 * applications: {@code isv.SIGN_COUNT_OVER_LIMIT}, {@code isv.TEMPLATE_COUNT_OVER_LIMIT}, {@code isv.SHORTURL_*},
 * {@code isv.ERROR_SIGN_NOT_DELETE}, {@code template_parameter_count_illegal}, ...) are not {@code SendSms} answers
 * and are left out.
 */
public enum AliyunSmsCode {

    // The SMS API error code page, 国内消息API错误码: https://help.aliyun.com/document_detail/101346.html
    // (also https://help.aliyun.com/zh/sms/developer-reference/api-error-codes), column 错误信息(Message).
    OK("OK", "OK", Meaning.SENT, Wait.NONE),

    SMS_SIGNATURE_SCENE_ILLEGAL("isv.SMS_SIGNATURE_SCENE_ILLEGAL", "签名和模板类型不一致", Meaning.REFUSED, Wait.NONE),
    EXTEND_CODE_ERROR("isv.EXTEND_CODE_ERROR", "扩展码使用错误，相同的扩展码不可用于多个签名", Meaning.REFUSED, Wait.NONE),
    SIGN_STATE_ILLEGAL("isv.SIGN_STATE_ILLEGAL", "签名状态为“不可用”", Meaning.REFUSED, Wait.NONE),
    DOMESTIC_NUMBER_NOT_SUPPORTED("isv.DOMESTIC_NUMBER_NOT_SUPPORTED", "国际/港澳台消息模板不支持发送境内号码",
            Meaning.REFUSED, Wait.NONE),
    DENY_IP_RANGE("isv.DENY_IP_RANGE", "IP地址所在的地区被禁用", Meaning.NOT_SENT, Wait.ACCOUNT),
    DAY_LIMIT_CONTROL("isv.DAY_LIMIT_CONTROL", "触发日发送限额", Meaning.NOT_SENT, Wait.NEXT_DAY),
    MONTH_LIMIT_CONTROL("isv.MONTH_LIMIT_CONTROL", "触发月发送限额", Meaning.NOT_SENT, Wait.NEXT_MONTH),
    SMS_CONTENT_ILLEGAL("isv.SMS_CONTENT_ILLEGAL", "短信内容包含禁止发送内容", Meaning.REFUSED, Wait.NONE),
    SMS_SIGN_ILLEGAL("isv.SMS_SIGN_ILLEGAL", "签名禁止使用", Meaning.REFUSED, Wait.NONE),
    RAM_PERMISSION_DENY("isp.RAM_PERMISSION_DENY", "RAM权限不足", Meaning.NOT_SENT, Wait.ACCOUNT),
    OUT_OF_SERVICE("isv.OUT_OF_SERVICE", "业务停机", Meaning.NOT_SENT, Wait.ACCOUNT),
    PRODUCT_UN_SUBSCRIPT("isv.PRODUCT_UN_SUBSCRIPT", "未开通云通信产品的阿里云客户", Meaning.NOT_SENT, Wait.ACCOUNT),
    PRODUCT_UNSUBSCRIBE("isv.PRODUCT_UNSUBSCRIBE", "产品未开通", Meaning.NOT_SENT, Wait.ACCOUNT),
    ACCOUNT_NOT_EXISTS("isv.ACCOUNT_NOT_EXISTS", "账户不存在", Meaning.NOT_SENT, Wait.ACCOUNT),
    ACCOUNT_ABNORMAL("isv.ACCOUNT_ABNORMAL", "账户异常", Meaning.NOT_SENT, Wait.ACCOUNT),
    SMS_TEMPLATE_ILLEGAL("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板", Meaning.REFUSED, Wait.NONE),
    SMS_SIGNATURE_ILLEGAL("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名", Meaning.REFUSED, Wait.NONE),
    INVALID_PARAMETERS("isv.INVALID_PARAMETERS", "参数格式不正确", Meaning.REFUSED, Wait.NONE),
    SYSTEM_ERROR("isp.SYSTEM_ERROR", "系统出现错误，请重新调用", Meaning.OUTCOME_UNKNOWN, Wait.NONE),
    MOBILE_NUMBER_ILLEGAL("isv.MOBILE_NUMBER_ILLEGAL", "手机号码格式错误", Meaning.REFUSED, Wait.NONE),
    MOBILE_COUNT_OVER_LIMIT("isv.MOBILE_COUNT_OVER_LIMIT", "手机号码数量超过限制，最多支持1000条", Meaning.REFUSED,
            Wait.NONE),
    TEMPLATE_MISSING_PARAMETERS("isv.TEMPLATE_MISSING_PARAMETERS", "模板变量中存在未赋值变量", Meaning.REFUSED,
            Wait.NONE),
    BUSINESS_LIMIT_CONTROL("isv.BUSINESS_LIMIT_CONTROL", "触发云通信流控限制", Meaning.NOT_SENT, Wait.THROTTLED),
    INVALID_JSON_PARAM("isv.INVALID_JSON_PARAM", "参数格式错误，请修改为字符串值", Meaning.REFUSED, Wait.NONE),
    BLACK_KEY_CONTROL_LIMIT("isv.BLACK_KEY_CONTROL_LIMIT", "变量中传入疑似违规信息", Meaning.REFUSED, Wait.NONE),
    PARAM_LENGTH_LIMIT("isv.PARAM_LENGTH_LIMIT", "参数超过长度限制", Meaning.REFUSED, Wait.NONE),
    PARAM_NOT_SUPPORT_URL("isv.PARAM_NOT_SUPPORT_URL", "变量不支持传入URL", Meaning.REFUSED, Wait.NONE),
    AMOUNT_NOT_ENOUGH("isv.AMOUNT_NOT_ENOUGH", "账户余额不足", Meaning.NOT_SENT, Wait.ACCOUNT),
    TEMPLATE_PARAMS_ILLEGAL("isv.TEMPLATE_PARAMS_ILLEGAL", "传入的变量内容和实际申请模板时变量所选择的属性类型不配",
            Meaning.REFUSED, Wait.NONE),
    // 调用发送应用模块失败, 请尝试重新发送: it failed inside Alibaba Cloud, so it may have been taken
    GATEWAY_ERROR("isp.GATEWAY_ERROR", "调用发送应用模块失败", Meaning.OUTCOME_UNKNOWN, Wait.NONE),
    // the number has unsubscribed: sending to it again cannot help
    CUSTOMER_REFUSED("isv.CUSTOMER_REFUSED", "用户已退订推广短信", Meaning.REFUSED, Wait.NONE),
    // 阿里云会自动剔除被关停通道，建议稍后重试
    IS_CLOSE("IS_CLOSE", "短信下发时通道被关停", Meaning.NOT_SENT, Wait.NONE),
    // 请检查短信签名、短信文案或手机号码等参数是否传入正确
    PARAMS_ILLEGAL("PARAMS_ILLEGAL", "参数错误", Meaning.REFUSED, Wait.NONE),

    // The same page, the test signature and template codes (原因: 测试专用签名和模板必须结合使用; 使用测试模板时变量
    // 仅支持传入4~6位纯数字). isv.SMS_TEST_NUMBER_LIMIT as the page words it now, with the FAQ
    // https://help.aliyun.com/document_detail/2858355.html (只能向已绑定的测试手机号发送短信); earlier versions of
    // the page said 只能向已回复授权信息的手机号发送.
    SMS_TEST_SIGN_TEMPLATE_LIMIT("isv.SMS_TEST_SIGN_TEMPLATE_LIMIT", "测试模板和签名限制", Meaning.REFUSED, Wait.NONE),
    SMS_TEST_NUMBER_LIMIT("isv.SMS_TEST_NUMBER_LIMIT", "只能向已绑定的手机号发送", Meaning.REFUSED, Wait.NONE),
    SMS_TEST_TEMPLATE_PARAMS_ILLEGAL("isv.SMS_TEST_TEMPLATE_PARAMS_ILLEGAL", "测试专用模板中的变量仅支持4~6位纯数字",
            Meaning.REFUSED, Wait.NONE),
    // The same page, and Alibaba Cloud's answer https://developer.aliyun.com/ask/636559 (45 days without a message;
    // the account's business manager lifts it): someone must act on the account.
    SECURITY_FROZEN_ACCOUNT("isv.SECURITY_FROZEN_ACCOUNT", "因该账号长时间未使用，出于对您的账号安全考虑，已限制您账号的短信发送",
            Meaning.NOT_SENT, Wait.ACCOUNT),

    // The OpenAPI gateway's common client errors, 管控OpenAPI的客户端公用错误码 (https://developer.aliyun.com/ask/278265,
    // status in brackets): InvalidApi.NotFound (404), Missing{ParameterName} (400), InvalidAccessKeyId.NotFound (404),
    // InvalidAccessKeyId.Inactive, InvalidTimeStamp.Format, InvalidTimeStamp.Expired, SignatureNonceUsed,
    // InvalidParameter.Format, InvalidSignatureMethod, SignatureDoesNotMatch, Throttling.User (400).
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.",
            Meaning.NOT_SENT, Wait.ACCOUNT),
    INVALID_SIGNATURE_METHOD("InvalidSignatureMethod", "Specified signature method is not valid.", Meaning.NOT_SENT,
            Wait.ACCOUNT),
    INVALID_ACCESS_KEY_ID_NOT_FOUND("InvalidAccessKeyId.NotFound", "Specified access key is not found.",
            Meaning.NOT_SENT, Wait.ACCOUNT),
    INVALID_ACCESS_KEY_ID_INACTIVE("InvalidAccessKeyId.Inactive", "Specified access key is disabled.",
            Meaning.NOT_SENT, Wait.ACCOUNT),
    INVALID_API_NOT_FOUND("InvalidApi.NotFound", "Specified api is not found, please check your url and method.",
            Meaning.NOT_SENT, Wait.ACCOUNT),
    INVALID_PARAMETER_FORMAT("InvalidParameter.Format", "Specified parameter format is not valid.", Meaning.NOT_SENT,
            Wait.ACCOUNT),
    // a new timestamp and nonce on the next try: nothing to wait for
    INVALID_TIMESTAMP_EXPIRED("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.",
            Meaning.NOT_SENT, Wait.NONE),
    INVALID_TIMESTAMP_FORMAT("InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.",
            Meaning.NOT_SENT, Wait.NONE),
    SIGNATURE_NONCE_USED("SignatureNonceUsed", "Specified signature nonce was used already.", Meaning.NOT_SENT,
            Wait.NONE),
    // Missing{ParameterName}: the gateway names the missing parameter in the code, there is no MissingParameter for
    // this API. The parameters SendSms requires: a message without them cannot be sent ("PhoneNumbers is mandatory
    // for this action." is what the gateway answers for a SendSms without PhoneNumbers).
    // without the AccessKeyId ("MissingAccessKeyId : AccessKeyId is mandatory for this action." on a SendSms): the
    // account's configuration, like the AccessKey codes above
    MISSING_ACCESS_KEY_ID("MissingAccessKeyId", "AccessKeyId is mandatory for this action.", Meaning.NOT_SENT,
            Wait.ACCOUNT),
    MISSING_PHONE_NUMBERS("MissingPhoneNumbers", "PhoneNumbers is mandatory for this action.", Meaning.REFUSED,
            Wait.NONE),
    MISSING_SIGN_NAME("MissingSignName", "SignName is mandatory for this action.", Meaning.REFUSED, Wait.NONE),
    MISSING_TEMPLATE_CODE("MissingTemplateCode", "TemplateCode is mandatory for this action.", Meaning.REFUSED,
            Wait.NONE),
    THROTTLING_USER("Throttling.User", "Request was denied due to user flow control.", Meaning.NOT_SENT,
            Wait.THROTTLED),
    // Throttling.Api: the wording of Alibaba Cloud's throttling errors as the STS documentation lists them (with
    // Throttling.User as above). Throttling (400): as the OpenAPI error code tables word it, e.g.
    // https://help.aliyun.com/document_detail/435312.html and the SDK team's answer
    // https://developer.aliyun.com/ask/128391 ("HTTP Status: 400 Error:Throttling Request was denied due to request
    // throttling.")
    THROTTLING_API("Throttling.Api", "Request was denied due to api flow control.", Meaning.NOT_SENT,
            Wait.THROTTLED),
    THROTTLING("Throttling", "Request was denied due to request throttling.", Meaning.NOT_SENT, Wait.THROTTLED),
    // Forbidden.RAM (403): as the OpenAPI client error code table of https://help.aliyun.com/document_detail/51132.html
    // words it (a table of another product's API; the SMS pages do not list it)
    FORBIDDEN_RAM("Forbidden.RAM", "User not authorized to operate on the specified resource, or this API doesn't "
            + "support RAM.", Meaning.NOT_SENT, Wait.ACCOUNT),
    // InvalidVersion and InvalidAction.NotFound: listed by the SMS API error code page, which words them in Chinese
    INVALID_VERSION("InvalidVersion", "API版本号错误", Meaning.NOT_SENT, Wait.ACCOUNT),
    INVALID_ACTION_NOT_FOUND("InvalidAction.NotFound", "未找到指定的API，请检查您的URL和方法", Meaning.NOT_SENT,
            Wait.ACCOUNT),
    // The gateway's server errors, 管控OpenAPI错误码表 (https://help.aliyun.com/zh/api-gateway/traditional-api-gateway/
    // support/control-openapi-error-code-table): ServiceUnavailable (503), InternalError (500)
    SERVICE_UNAVAILABLE("ServiceUnavailable", "The request has failed due to a temporary failure of the server.",
            Meaning.OUTCOME_UNKNOWN, Wait.NONE),
    INTERNAL_ERROR("InternalError", "The request processing has failed due to some unknown error, exception or "
            + "failure.", Meaning.OUTCOME_UNKNOWN, Wait.NONE);

    /** What a code means for the message. */
    public enum Meaning {
        /** Taken. */
        SENT,
        /** Refused for good. */
        REFUSED,
        /** Not taken; may be taken later unchanged. */
        NOT_SENT,
        /** Maybe taken: looked up before it is sent again. */
        OUTCOME_UNKNOWN
    }

    /** How long a message that was not taken waits before it is tried again. */
    public enum Wait {
        /** The sender's own back-off. */
        NONE,
        /** {@code returnflow.sms.aliyun.waits.account}: someone must act on the account. */
        ACCOUNT,
        /** Until the throttling window the message names ends (minute, hour, day), else {@code waits.throttled}. */
        THROTTLED,
        /** Until the next day in Alibaba Cloud's zone, when the daily limit starts again. */
        NEXT_DAY,
        /** Until the first day of the next month in Alibaba Cloud's zone. */
        NEXT_MONTH
    }

    private static final Map<String, AliyunSmsCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(AliyunSmsCode::code, Function.identity()));

    private final String code;
    private final String documented;
    private final Meaning meaning;
    private final Wait wait;

    AliyunSmsCode(String code, String documented, Meaning meaning, Wait wait) {
        this.code = code;
        this.documented = documented;
        this.meaning = meaning;
        this.wait = wait;
    }

    /** The code as Alibaba Cloud answers it ({@code Code}). */
    public String code() {
        return code;
    }

    /** The documentation's message for it. */
    public String documented() {
        return documented;
    }

    public Meaning meaning() {
        return meaning;
    }

    public Wait waitKind() {
        return wait;
    }

    /** The row of a code as answered (exact, case and all); empty for a code this table does not know. */
    public static Optional<AliyunSmsCode> of(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }
}
