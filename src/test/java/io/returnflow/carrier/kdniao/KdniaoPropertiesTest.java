package io.returnflow.carrier.kdniao;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** The adapter's settings as Spring binds and validates them at start-up. */
class KdniaoPropertiesTest {

    private static final String P = "returnflow.carrier.kdniao.";
    // Spring Boot reads a source with this name the way it reads the real environment variables
    private static final String ENVIRONMENT = "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class)
            .withPropertyValues(P + "base-url=https://api.kdniao.com", P + "business-id=1000001", P + "app-key=k");

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KdniaoProperties.class)
    static class Settings {
    }

    @Test
    void withoutAccountsEveryCarrierPaysByTheMonthlyAccountWithoutAMonthCode() {
        runner.run(context -> {
            KdniaoProperties properties = context.getBean(KdniaoProperties.class);

            assertThat(properties.singleGateway()).isFalse();
            assertThat(properties.paymentFor("SF")).isEqualTo(new KdniaoPayment("SF", 3,
                    P + "default-account.pay-type", null, P + "default-account.month-code"));
        });
    }

    @Test
    void aListedCarrierHasItsOwnAccountAndFallsBackToTheDefaultFieldByField() {
        runner.withPropertyValues(P + "default-account.pay-type=2", P + "default-account.month-code=KDN-0001",
                        P + "accounts.SF.month-code=7551234567", P + "accounts.ZTO.pay-type=1")
                .run(context -> {
                    KdniaoProperties properties = context.getBean(KdniaoProperties.class);

                    assertThat(properties.paymentFor("SF")).isEqualTo(new KdniaoPayment("SF", 2,
                            P + "default-account.pay-type", "7551234567", P + "accounts.SF.month-code"));
                    assertThat(properties.paymentFor("ZTO")).isEqualTo(new KdniaoPayment("ZTO", 1,
                            P + "accounts.ZTO.pay-type", "KDN-0001", P + "default-account.month-code"));
                    // a carrier not listed, and no carrier at all (Kdniao chooses): the default account
                    assertThat(properties.paymentFor("YTO")).isEqualTo(new KdniaoPayment("YTO", 2,
                            P + "default-account.pay-type", "KDN-0001", P + "default-account.month-code"));
                    assertThat(properties.paymentFor(null)).isEqualTo(new KdniaoPayment(null, 2,
                            P + "default-account.pay-type", "KDN-0001", P + "default-account.month-code"));
                });
    }

    @Test
    void carrierCodesMatchWithoutRegardToCaseAndABlankMonthCodeIsNone() {
        runner.withPropertyValues(P + "accounts.sf.month-code=7551234567", P + "accounts.JD.month-code=  ")
                .run(context -> {
                    KdniaoProperties properties = context.getBean(KdniaoProperties.class);

                    assertThat(properties.paymentFor("SF").monthCode()).isEqualTo("7551234567");
                    assertThat(properties.paymentFor("SF").monthCodeSource()).isEqualTo(P + "accounts.SF.month-code");
                    assertThat(properties.paymentFor("JD").monthCode()).isNull();
                });
    }

    @Test
    void aCarriersAccountCanComeFromEnvironmentVariables() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource(ENVIRONMENT, Map.of(
                                "RETURNFLOW_CARRIER_KDNIAO_ACCOUNTS_SF_PAYTYPE", "1",
                                "RETURNFLOW_CARRIER_KDNIAO_ACCOUNTS_SF_MONTHCODE", "7551234567"))))
                .run(context -> {
                    KdniaoPayment sf = context.getBean(KdniaoProperties.class).paymentFor("SF");

                    assertThat(sf.payType()).isEqualTo(1);
                    assertThat(sf.monthCode()).isEqualTo("7551234567");
                });
    }

    @Test
    void thePostgresProfileReadsTheGatewayAndTheDefaultAccountFromTheEnvironment() throws IOException {
        PropertySource<?> postgres = postgresProfile();
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withInitializer(context -> {
                    context.getEnvironment().getPropertySources().addLast(postgres);
                    context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(ENVIRONMENT,
                            Map.of("KDNIAO_GATEWAY_URL", "http://sandboxapi.kdniao.com:8080/kdniaosandbox/gateway/exterfaceInvoke.json",
                                    "KDNIAO_BUSINESS_ID", "test1000001", "KDNIAO_APP_KEY", "k",
                                    "KDNIAO_PAY_TYPE", "2", "KDNIAO_MONTH_CODE", "7551234567")));
                })
                .run(context -> {
                    KdniaoProperties properties = context.getBean(KdniaoProperties.class);

                    assertThat(properties.baseUrl()).isNull();
                    assertThat(properties.singleGateway()).isTrue();
                    assertThat(properties.gatewayUrl())
                            .isEqualTo("http://sandboxapi.kdniao.com:8080/kdniaosandbox/gateway/exterfaceInvoke.json");
                    assertThat(properties.paymentFor("SF").payType()).isEqualTo(2);
                    assertThat(properties.paymentFor("SF").monthCode()).isEqualTo("7551234567");
                });

        // the variables left out: the API host, PayType 3, no MonthCode
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withInitializer(context -> {
                    context.getEnvironment().getPropertySources().addLast(postgres);
                    context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(ENVIRONMENT,
                            Map.of("KDNIAO_BASE_URL", "https://api.kdniao.com", "KDNIAO_BUSINESS_ID", "1000001",
                                    "KDNIAO_APP_KEY", "k")));
                })
                .run(context -> {
                    KdniaoProperties properties = context.getBean(KdniaoProperties.class);

                    assertThat(properties.singleGateway()).isFalse();
                    assertThat(properties.paymentFor("SF").payType()).isEqualTo(3);
                    assertThat(properties.paymentFor("SF").monthCode()).isNull();
                });
    }

    @Test
    void aPayTypeOtherThanOneTwoOrThreeStopsTheStart() {
        runner.withPropertyValues(P + "accounts.SF.pay-type=4").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("accounts[SF].payType")
                        .hasMessageContaining("rejected value [4]"));

        runner.withPropertyValues(P + "default-account.pay-type=0").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("defaultAccount.payType")
                        .hasMessageContaining("rejected value [0]"));

        for (int valid = 1; valid <= 3; valid++) {
            runner.withPropertyValues(P + "accounts.SF.pay-type=" + valid, P + "default-account.pay-type=" + valid)
                    .run(context -> assertThat(context).hasNotFailed());
        }
    }

    @Test
    void withNeitherTheBaseUrlNorTheGatewayUrlTheStartStops() {
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues(P + "business-id=1000001", P + "app-key=k", P + "base-url= ")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("set returnflow.carrier.kdniao.base-url")
                        .hasMessageContaining("or returnflow.carrier.kdniao.gateway-url"));
    }

    @Test
    void aGatewayUrlAloneIsEnoughAndSendsEveryInstructionThere() {
        new ApplicationContextRunner().withUserConfiguration(Settings.class)
                .withPropertyValues(P + "business-id=1000001", P + "app-key=k",
                        P + "gateway-url=http://sandboxapi.kdniao.com:8080/kdniaosandbox/gateway/exterfaceInvoke.json")
                .run(context -> assertThat(context.getBean(KdniaoProperties.class).singleGateway()).isTrue());
    }

    @Test
    void aRequestsOwnAccountPaysAsAMonthlyAccountWhateverIsConfigured() {
        KdniaoPayment configured = new KdniaoPayment("SF", 2, P + "accounts.SF.pay-type", "7551234567",
                P + "accounts.SF.month-code");

        KdniaoPayment store = configured.paidBy(" MC-0755-001 ");

        assertThat(store.payType()).isEqualTo(3);
        assertThat(store.monthCode()).isEqualTo("MC-0755-001");
        assertThat(store.carrier()).isEqualTo("SF");
        assertThat(store.accountFromRequest()).isTrue();
        assertThat(configured.paidBy(null)).isSameAs(configured);
        assertThat(configured.paidBy(" ")).isSameAs(configured);
        assertThat(configured.accountFromRequest()).isFalse();
    }

    private static PropertySource<?> postgresProfile() throws IOException {
        return new YamlPropertySourceLoader()
                .load("application-postgres.yaml", new ClassPathResource("application-postgres.yaml")).get(0);
    }
}
