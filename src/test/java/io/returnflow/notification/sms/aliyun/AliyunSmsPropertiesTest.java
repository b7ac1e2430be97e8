package io.returnflow.notification.sms.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

/** The SMS settings as Spring binds them at start: what could only fail every message later refuses the start. */
class AliyunSmsPropertiesTest {

    private static final String P = "returnflow.sms.aliyun.";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class)
            .withPropertyValues(P + "endpoint=https://dysmsapi.aliyuncs.com/", P + "access-key-id=LTAI5tExample",
                    P + "access-key-secret=secret", P + "sign-name=退货服务",
                    P + "templates.[dropoff.code_issued].zh-CN=SMS_123456789");

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AliyunSmsProperties.class)
    static class Settings {
    }

    @Test
    void aCompleteConfigurationBindsWithTheDocumentedDefaults() {
        runner.run(context -> {
            AliyunSmsProperties properties = context.getBean(AliyunSmsProperties.class);

            assertThat(properties.regionId()).isEqualTo("cn-hangzhou");
            assertThat(properties.zone().getId()).isEqualTo("Asia/Shanghai");
            assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.lookupAfter()).isEqualTo(Duration.ofMinutes(1));
            assertThat(properties.waits().account()).isEqualTo(Duration.ofMinutes(30));
            assertThat(properties.templateCode("dropoff.code_issued", "en")).contains("SMS_123456789");
            assertThat(properties.templateCode("pickup.booked", "zh-CN")).isEmpty();
        });
    }

    @Test
    void theLocalRunsSettingsBind() throws IOException {
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        List<PropertySource<?>> main = yaml.load("application", new ClassPathResource("application.yaml"));
        List<PropertySource<?>> local = yaml.load("local", new ClassPathResource("application-local.yaml"));
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withInitializer(context -> {
                    local.forEach(context.getEnvironment().getPropertySources()::addLast);
                    main.forEach(context.getEnvironment().getPropertySources()::addLast);
                })
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    AliyunSmsProperties properties = context.getBean(AliyunSmsProperties.class);
                    assertThat(properties.templateCode("dropoff.code_issued", "en")).contains("SMS_900000102");
                    assertThat(properties.templates()).hasSize(9);
                });
    }

    @Test
    void missingCredentialsAndSignatureRefuseTheStartNamingEachSetting() {
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues(P + "templates.[dropoff.code_issued].zh-CN=SMS_1")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining(P + "endpoint is not set")
                        .hasMessageContaining(P + "access-key-id is not set")
                        .hasMessageContaining(P + "access-key-secret is not set")
                        .hasMessageContaining(P + "sign-name is not set"));
    }

    @Test
    void noTemplatesRefuseTheStart() {
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues(P + "endpoint=https://dysmsapi.aliyuncs.com/", P + "access-key-id=a",
                        P + "access-key-secret=s", P + "sign-name=n")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining(P + "templates names no template"));
    }

    @Test
    void aTemplateCodeThatIsNotOneRefusesTheStart() {
        runner.withPropertyValues(P + "templates.[pickup.booked].zh-CN=123456")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining(P + "templates.[pickup.booked].zh-CN must be an approved TemplateCode"));
    }

    @Test
    void aLanguageWeDoNotSpeakRefusesTheStart() {
        runner.withPropertyValues(P + "templates.[pickup.booked].fr=SMS_1")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("fr: not a language"));
    }

    @Test
    void aKeyWithoutBracketsIsSplitAtItsDotAndRefused() throws IOException {
        // in YAML, dropoff.code_issued without brackets is two levels: the key "dropoff", the language
        // "code_issued.zh-CN" (or the underscore is dropped): refused rather than silently never used
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("bad", new ByteArrayResource("""
                returnflow.sms.aliyun.templates:
                  dropoff.code_issued:
                    zh-CN: SMS_1
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues(P + "endpoint=https://dysmsapi.aliyuncs.com/", P + "access-key-id=a",
                        P + "access-key-secret=s", P + "sign-name=n")
                .withInitializer(context -> yaml.forEach(context.getEnvironment().getPropertySources()::addFirst))
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void anEndpointThatIsNoUrlRefusesTheStart() {
        runner.withPropertyValues(P + "endpoint=dysmsapi.aliyuncs.com")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining(P + "endpoint must be an http(s) URL"));
    }

    @Test
    void theSandboxEndpointWithTheApplicationsOwnPortIsAUrl() {
        runner.withPropertyValues(P + "endpoint=http://localhost:${local.server.port}/sandbox/dysmsapi")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aTimeoutOfNothingRefusesTheStart() {
        runner.withPropertyValues(P + "read-timeout=0s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining(P + "read-timeout must be positive"));
    }

    @Test
    void aLanguageFromAnEnvironmentVariableIsFoundWhateverItsCase() {
        runner.withPropertyValues(P + "templates.[refund.succeeded].zh-cn=SMS_2", P + "default-language=EN")
                .run(context -> {
                    AliyunSmsProperties properties = context.getBean(AliyunSmsProperties.class);
                    assertThat(properties.defaultLanguage()).isEqualTo("en");
                    assertThat(properties.templateCode("refund.succeeded", "zh-CN")).contains("SMS_2");
                });
    }
}
