package io.returnflow.notification.sms.aliyun;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.returnflow.platform.Text;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How to reach Alibaba Cloud SMS (dysmsapi, API version 2017-05-25), who we are there, and which approved
 * template sends each of our messages. Checked when the application starts: a setting that could only fail every
 * message later refuses the start instead, naming the property.
 *
 * @param endpoint        where {@code SendSms} and {@code QuerySendDetails} are posted: production
 *                        {@code https://dysmsapi.aliyuncs.com/}; the local run the sandbox provider inside the
 *                        application. May contain {@code ${local.server.port}}, resolved per call
 * @param accessKeyId     the AccessKey id (a RAM user's with {@code AliyunDysmsFullAccess} or a narrower policy)
 * @param accessKeySecret its secret, which signs every request
 * @param signName        the approved signature (签名) every message carries, e.g. {@code 退货服务}
 * @param regionId        {@code RegionId} of every request ({@code cn-hangzhou} for the mainland service)
 * @param zone            the zone Alibaba Cloud dates messages in ({@code QuerySendDetails} asks by day; the daily
 *                        and monthly sending limits roll over at its midnight)
 * @param connectTimeout  to open a connection
 * @param readTimeout     to wait for an answer; a send with no answer in time has an unknown outcome and is looked
 *                        up before it is sent again. Both together must stay well inside the claim a sender holds
 *                        on a message (a node still sending when its claim ends lets another node send too)
 * @param defaultLanguage the language whose template is used when a message's own language has none
 * @param lookupAfter     how long after a send whose outcome is unknown {@code QuerySendDetails} is trusted to
 *                        show it: a look earlier than this may miss a message Alibaba Cloud did take
 * @param waits           how long a message waits after answers that say so
 * @param templates       per template key of ours (e.g. {@code dropoff.code_issued}, written
 *                        {@code "[dropoff.code_issued]"} in YAML because of the dot), per language
 *                        ({@code zh-CN}, {@code en}): the approved TemplateCode ({@code SMS_} and digits)
 */
@ConfigurationProperties(AliyunSmsProperties.PREFIX)
public record AliyunSmsProperties(String endpoint, String accessKeyId, String accessKeySecret, String signName,
                                  @DefaultValue("cn-hangzhou") String regionId,
                                  @DefaultValue("Asia/Shanghai") ZoneId zone,
                                  @DefaultValue("1s") Duration connectTimeout,
                                  @DefaultValue("5s") Duration readTimeout,
                                  @DefaultValue("zh-CN") String defaultLanguage,
                                  @DefaultValue("1m") Duration lookupAfter,
                                  @DefaultValue Waits waits,
                                  Map<String, Map<String, String>> templates) {

    public static final String PREFIX = "returnflow.sms.aliyun";
    /** Our buyers' languages ({@code SmsMessage.language}). */
    public static final Set<String> LANGUAGES = Set.of("zh-CN", "en");
    /** What Alibaba Cloud's template codes look like. */
    static final Pattern TEMPLATE_CODE = Pattern.compile("SMS_[0-9]+");
    private static final Pattern TEMPLATE_KEY = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

    public AliyunSmsProperties {
        endpoint = Text.trimToNull(endpoint);
        accessKeyId = Text.trimToNull(accessKeyId);
        accessKeySecret = Text.trimToNull(accessKeySecret);
        signName = Text.trimToNull(signName);
        waits = waits == null ? new Waits(null, null, null) : waits;
        List<String> problems = new ArrayList<>();
        require(endpoint, "endpoint", "Alibaba Cloud's SMS endpoint, https://dysmsapi.aliyuncs.com/", problems);
        require(accessKeyId, "access-key-id", "the AccessKey id", problems);
        require(accessKeySecret, "access-key-secret", "the AccessKey secret", problems);
        require(signName, "sign-name", "the approved signature (签名)", problems);
        if (endpoint != null && !validUrl(endpoint)) {
            problems.add(PREFIX + ".endpoint must be an http(s) URL; was " + endpoint);
        }
        positive(connectTimeout, "connect-timeout", problems);
        positive(readTimeout, "read-timeout", problems);
        positive(lookupAfter, "lookup-after", problems);
        String defaultLanguageGiven = defaultLanguage;
        defaultLanguage = language(defaultLanguage);
        if (defaultLanguage == null) {
            problems.add(PREFIX + ".default-language must be one of " + LANGUAGES + "; was " + defaultLanguageGiven);
        }
        Map<String, Map<String, String>> byKey = new TreeMap<>();
        if (templates == null || templates.isEmpty()) {
            problems.add(PREFIX + ".templates names no template: set, per message template key and language, "
                    + "the approved TemplateCode (e.g. " + PREFIX + ".templates.\"[dropoff.code_issued]\".zh-CN: "
                    + "SMS_123456789)");
        } else {
            templates.forEach((key, byLanguage) -> {
                if (key == null || !TEMPLATE_KEY.matcher(key).matches()) {
                    problems.add(PREFIX + ".templates: '" + key + "' is not a template key (e.g. dropoff.code_issued;"
                            + " in YAML write it \"[dropoff.code_issued]\", or the dot splits it)");
                    return;
                }
                Map<String, String> codes = new TreeMap<>();
                (byLanguage == null ? Map.<String, String>of() : byLanguage).forEach((lang, code) -> {
                    String language = language(lang);
                    String templateCode = Text.trimToNull(code);
                    if (language == null) {
                        problems.add(PREFIX + ".templates.[" + key + "]." + lang + ": not a language; one of "
                                + LANGUAGES);
                    } else if (templateCode == null || !TEMPLATE_CODE.matcher(templateCode).matches()) {
                        problems.add(PREFIX + ".templates.[" + key + "]." + lang + " must be an approved "
                                + "TemplateCode (SMS_ and digits); was " + code);
                    } else {
                        codes.put(language, templateCode);
                    }
                });
                if (byLanguage == null || byLanguage.isEmpty()) {
                    problems.add(PREFIX + ".templates.[" + key + "] names no language's TemplateCode");
                }
                byKey.put(key, Collections.unmodifiableMap(codes));
            });
        }
        templates = Collections.unmodifiableMap(byKey);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The Alibaba Cloud SMS settings are wrong: "
                    + String.join("; ", problems));
        }
    }

    /**
     * The TemplateCode for a message: the one of its language, else the default language's.
     *
     * @return empty when neither is configured
     */
    public Optional<String> templateCode(String templateKey, String language) {
        Map<String, String> codes = templates.get(templateKey);
        if (codes == null) {
            return Optional.empty();
        }
        String own = language(language);
        return Optional.ofNullable(own != null && codes.containsKey(own) ? codes.get(own) : codes.get(defaultLanguage));
    }

    /**
     * How long a message waits after answers that say so.
     *
     * @param account     the account cannot send now (balance, a RAM permission, the AccessKey, the endpoint):
     *                    someone has to act, and the message waits for them rather than being dropped
     * @param throttled   {@code isv.BUSINESS_LIMIT_CONTROL} or {@code Throttling*} whose message does not say which
     *                    window was hit (when it does, the window's end: a minute, an hour, the next day)
     * @param unknownCode a code this adapter does not know: the outcome is unknown, and the message is looked up
     *                    before it is sent again
     */
    public record Waits(@DefaultValue("30m") Duration account, @DefaultValue("1m") Duration throttled,
                        @DefaultValue("10m") Duration unknownCode) {

        public Waits {
            account = account == null ? Duration.ofMinutes(30) : account;
            throttled = throttled == null ? Duration.ofMinutes(1) : throttled;
            unknownCode = unknownCode == null ? Duration.ofMinutes(10) : unknownCode;
            if (account.isNegative() || account.isZero() || throttled.isNegative() || throttled.isZero()
                    || unknownCode.isNegative() || unknownCode.isZero()) {
                throw new IllegalArgumentException(PREFIX + ".waits.* must be positive");
            }
        }
    }

    /** {@code zh-CN} or {@code en} whatever the case (an environment variable binds lower case); null otherwise. */
    static String language(String given) {
        if (given == null) {
            return null;
        }
        String trimmed = given.trim();
        return LANGUAGES.stream().filter(l -> l.equalsIgnoreCase(trimmed)).findFirst()
                .orElse(trimmed.toLowerCase(Locale.ROOT).equals("zh_cn") ? "zh-CN" : null);
    }

    private static void require(String value, String name, String what, List<String> problems) {
        if (value == null) {
            problems.add(PREFIX + "." + name + " is not set (" + what + ")");
        }
    }

    private static void positive(Duration value, String name, List<String> problems) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add(PREFIX + "." + name + " must be positive; was " + value);
        }
    }

    private static boolean validUrl(String url) {
        try {
            // the sandbox's ${local.server.port} is resolved per call: any port stands in for it here
            URI uri = URI.create(url.replace("${local.server.port}", "1"));
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }
}
