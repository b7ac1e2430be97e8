package io.returnflow.carrier.kdniao;

import java.util.ArrayList;
import java.util.List;

import io.returnflow.platform.EndpointResolver;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The Kdniao adapter as production wires it (the real {@code @FeignClient} through Spring Cloud
 * OpenFeign), without the rest of the application.
 */
final class KdniaoTestContext {

    static final String BUSINESS_ID = "1000001";
    static final String APP_KEY = "test-app-key";

    private KdniaoTestContext() {
    }

    /**
     * @param port        where the stub Kdniao listens; the base URL names it through a placeholder,
     *                    as the sandbox's {@code ${local.server.port}} does
     * @param readTimeout Feign read timeout in ms for client "kdniao"
     */
    static ConfigurableApplicationContext start(int port, int readTimeout) {
        List<String> args = new ArrayList<>(List.of(
                "--test.kdniao.port=" + port,
                "--returnflow.carrier.kdniao.base-url=http://localhost:${test.kdniao.port}/gateway",
                "--returnflow.carrier.kdniao.business-id=" + BUSINESS_ID,
                "--returnflow.carrier.kdniao.app-key=" + APP_KEY,
                "--returnflow.carrier.default-carrier=SF",
                "--spring.cloud.openfeign.client.config.kdniao.connect-timeout=1000",
                "--spring.cloud.openfeign.client.config.kdniao.read-timeout=" + readTimeout,
                "--spring.main.banner-mode=off"));
        return new SpringApplicationBuilder(Wiring.class)
                .web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
            FeignAutoConfiguration.class})
    @Import({KdniaoConfiguration.class, EndpointResolver.class, KdniaoCarrierGateway.class})
    static class Wiring {
    }
}
