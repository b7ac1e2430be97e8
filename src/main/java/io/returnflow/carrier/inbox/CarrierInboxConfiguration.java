package io.returnflow.carrier.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The inbox's settings, the size limit of carrier pushes, and scheduling for its poller. */
@Configuration("carrierInboxConfiguration")
@EnableConfigurationProperties(CarrierInboxProperties.class)
@EnableScheduling
public class CarrierInboxConfiguration {

    /** Every carrier webhook, before any filter that could read a push's form (Spring Security's run at -100). */
    @Bean
    FilterRegistrationBean<PushSizeLimit> carrierPushSizeLimit(CarrierInboxProperties properties, ObjectMapper json) {
        FilterRegistrationBean<PushSizeLimit> registration =
                new FilterRegistrationBean<>(new PushSizeLimit(properties.maxPushSize(), json));
        registration.setName("carrier-push-size-limit");
        registration.addUrlPatterns("/webhooks/carriers/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
