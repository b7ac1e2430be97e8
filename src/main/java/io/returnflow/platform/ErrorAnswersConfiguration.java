package io.returnflow.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Every error the application can answer is problem+json (see {@link ProblemAnswers}), wherever it is
 * decided: Tomcat's connector ({@link ProblemErrorReportValve}), Spring Security's firewall (the handler
 * below), a query that is not percent-encoded ({@link QueryEncodingCheck}), Spring MVC ({@link ProblemHandlers})
 * and Boot's error path ({@link ProblemErrorController}). Camunda's engine REST API and webapps keep their own
 * answers for what they handle themselves.
 */
@Configuration
public class ErrorAnswersConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ErrorAnswersConfiguration.class);

    /**
     * Replaces the host's error report valve. Runs after Boot's own customizer, which adds a plain
     * {@link ErrorReportValve} (without server information) that this one takes the place of.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                // the host adds a valve of this class at its start unless one is there already
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                host.getPipeline().addValve(new ProblemErrorReportValve());
            }
        });
    }

    /** The firewall's refusals ({@code //}, {@code ;}, {@code %2F}, {@code %25}, {@code %2E}, {@code %5C}, controls). */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
        return (request, response, rejected) -> {
            log.debug("Request refused by the firewall: {}", rejected.getMessage());
            ProblemAnswers.write(response, json, ProblemAnswers.problem(ProblemType.REJECTED_REQUEST,
                    "The URL has a sequence this server does not accept: a double slash,"
                            + " a semicolon, an encoded slash, percent sign, period or backslash, or a control"
                            + " character.", java.util.List.of()));
        };
    }

    @Bean
    FilterRegistrationBean<QueryEncodingCheck> queryEncodingCheck(ObjectMapper json) {
        FilterRegistrationBean<QueryEncodingCheck> registration = new FilterRegistrationBean<>(new QueryEncodingCheck(json));
        registration.setName("query-encoding-check");
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
        return registration;
    }
}
