package io.returnflow.notification.sms.sandbox;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sandbox SMS provider: Alibaba Cloud SMS simulated inside the application, reached over HTTP by the real
 * adapter ({@code returnflow.sms.aliyun.endpoint} pointing at it). It checks requests with the adapter's own
 * AccessKey ({@code returnflow.sms.aliyun.access-key-id}, {@code access-key-secret}) and signature name.
 *
 * @param enabled        whether it runs at all
 * @param templates      the templates it has "approved": TemplateCode → text with {@code ${name}} placeholders, as
 *                       in the Alibaba Cloud console. Any other TemplateCode is refused ({@code
 *                       isv.SMS_TEMPLATE_ILLEGAL}), a placeholder without a value too ({@code
 *                       isv.TEMPLATE_MISSING_PARAMETERS})
 * @param flakyFailures  the number {@value SandboxSmsScenario#FLAKY}: how many tries of a message are answered
 *                       503 before one is taken
 * @param throttledTries the number {@value SandboxSmsScenario#THROTTLED}: how many tries of a message are
 *                       answered {@code isv.BUSINESS_LIMIT_CONTROL} before one is taken
 * @param listLimit      the most messages {@code GET /sandbox/sms} lists
 */
@ConfigurationProperties("returnflow.sms.sandbox")
record SmsSandboxProperties(boolean enabled, Map<String, String> templates,
                            @DefaultValue("2") int flakyFailures, @DefaultValue("1") int throttledTries,
                            @DefaultValue("100") int listLimit) {

    SmsSandboxProperties {
        templates = templates == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(templates));
        if (flakyFailures < 0 || throttledTries < 0 || listLimit < 1) {
            throw new IllegalArgumentException("returnflow.sms.sandbox: flaky-failures and throttled-tries must be 0 "
                    + "or more, list-limit at least 1");
        }
    }
}
