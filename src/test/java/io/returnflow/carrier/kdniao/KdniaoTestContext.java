package io.returnflow.carrier.kdniao;

import java.util.ArrayList;
import java.util.List;

import java.time.Clock;
import java.time.Instant;

import javax.sql.DataSource;

import io.returnflow.support.MutableClock;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.carrier.tracking.TrackingSubscriptions;
import io.returnflow.platform.EndpointResolver;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The Kdniao adapter as production wires it (the real {@code @FeignClient} through Spring Cloud
 * OpenFeign), without the rest of the application; its tracking subscriptions in a fresh H2 database.
 */
final class KdniaoTestContext {

    static final String BUSINESS_ID = "1000001";
    static final String APP_KEY = "test-app-key";
    static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");

    private KdniaoTestContext() {
    }

    /**
     * @param port        where the stub Kdniao listens; the base URL names it through a placeholder,
     *                    as the sandbox's {@code ${local.server.port}} does
     * @param readTimeout Feign read timeout in ms for client "kdniao"
     * @param settings    further settings ({@code --key=value}); one with the key of a default above
     *                    replaces it
     */
    static ConfigurableApplicationContext start(int port, int readTimeout, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--test.kdniao.port=" + port,
                "--returnflow.carrier.kdniao.base-url=http://localhost:${test.kdniao.port}/gateway",
                "--returnflow.carrier.kdniao.business-id=" + BUSINESS_ID,
                "--returnflow.carrier.kdniao.app-key=" + APP_KEY,
                "--returnflow.carrier.default-carrier=SF",
                "--spring.cloud.openfeign.client.config.kdniao.connect-timeout=1000",
                "--spring.cloud.openfeign.client.config.kdniao.read-timeout=" + readTimeout,
                "--spring.main.banner-mode=off"));
        for (String setting : settings) {
            String key = setting.substring(0, setting.indexOf('=') + 1);
            args.removeIf(arg -> arg.startsWith(key));
            args.add(setting);
        }
        return new SpringApplicationBuilder(Wiring.class)
                .web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
    }

    // a test configuration, so that the application's component scan (in @SpringBootTests) never picks it up
    @TestConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
            FeignAutoConfiguration.class})
    @Import({KdniaoConfiguration.class, EndpointResolver.class, KdniaoCarrierGateway.class, KdniaoTracking.class,
            TrackingSubscriptions.class})
    static class Wiring {

        private final MigratedDatabase db = MigratedDatabase.migrated();

        @Bean
        MigratedDatabase testDatabase() {
            return db;
        }

        @Bean
        DataSource dataSource() {
            return db.dataSource();
        }

        @Bean
        org.springframework.jdbc.core.simple.JdbcClient jdbcClient() {
            return db.jdbc();
        }

        @Bean
        Clock clock() {
            return new MutableClock(NOW);
        }
    }
}
