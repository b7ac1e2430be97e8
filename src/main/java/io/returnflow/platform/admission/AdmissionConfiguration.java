package io.returnflow.platform.admission;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.ManagementService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Admission control for the endpoints that give the engine work ({@link AdmissionControl}): its filter runs
 * after the query-encoding check and before Spring Security, so that a refused request costs no login against
 * the identity tables.
 */
@Configuration
@EnableConfigurationProperties(AdmissionProperties.class)
class AdmissionConfiguration {

    @Bean
    AdmissionControl admissionControl(AdmissionProperties properties, Clock clock, MeterRegistry registry) {
        return new AdmissionControl(properties, clock, registry);
    }

    @Bean
    JobBacklog jobBacklog(ManagementService management) {
        return new EngineJobBacklog(management);
    }

    @Bean
    JobBacklogSampler jobBacklogSampler(JobBacklog backlog, AdmissionControl control, AdmissionProperties properties) {
        return new JobBacklogSampler(backlog, control, properties);
    }

    @Bean
    FilterRegistrationBean<AdmissionFilter> admissionFilter(AdmissionControl control, ObjectMapper json) {
        FilterRegistrationBean<AdmissionFilter> registration =
                new FilterRegistrationBean<>(new AdmissionFilter(control, json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 60);
        return registration;
    }
}
