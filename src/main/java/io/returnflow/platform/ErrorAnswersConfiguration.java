package io.returnflow.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
 * below, {@link FirewallRefusal}), a body's {@code Content-Type} or an {@code Accept} ({@link ContentTypeCheck}), a
 * query that is not percent-encoded ({@link QueryEncodingCheck}), Spring MVC ({@link ProblemHandlers}), Boot's
 * error path ({@link ProblemErrorController}), and a client error some handler answered without a body
 * ({@link EmptyErrorAnswers}). Camunda's engine REST API and webapps keep their own answers for what they handle
 * themselves, in their own format also where {@link CamundaRequestCheck} refuses a request they would answer with
 * a 500. A request that met an unreachable database is answered 503 wherever it failed ({@link DatabaseOutage}).
 */
@Configuration
@EnableConfigurationProperties({CamundaApiProperties.class, DatabaseOutageProperties.class})
class ErrorAnswersConfiguration {

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

    /**
     * The firewall's refusals in the filter chain: the URL ({@code //}, {@code ;}, {@code %2F}, {@code %25},
     * {@code %2E}, {@code %5C}, controls), or a header or parameter a security filter read. Spring MVC answers the
     * same for one a controller read ({@link ProblemHandlers}).
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
        return (request, response, rejected) -> {
            // the exception's message repeats the refused bytes: not logged
            log.debug("Request refused by the firewall");
            ProblemAnswers.write(response, json, FirewallRefusal.problem(request));
        };
    }

    /** After Spring Security's filters (order -100 by default): authentication is answered first. */
    @Bean
    FilterRegistrationBean<ContentTypeCheck> contentTypeCheck(ObjectMapper json) {
        FilterRegistrationBean<ContentTypeCheck> registration = new FilterRegistrationBean<>(new ContentTypeCheck(json));
        registration.setName("content-type-check");
        registration.addUrlPatterns("/*");
        registration.setOrder(0);
        return registration;
    }

    /** After the engine REST API's authentication (and Spring Security's filters): authentication is answered first. */
    @Bean
    FilterRegistrationBean<CamundaRequestCheck> camundaRequestCheck(ObjectMapper json, CamundaApiProperties camundaApi) {
        FilterRegistrationBean<CamundaRequestCheck> registration = new FilterRegistrationBean<>(
                new CamundaRequestCheck(json, camundaApi.maxJsonBody().toBytes()));
        registration.setName("camunda-request-check");
        registration.addUrlPatterns(CamundaPaths.ENGINE_REST + "*", CamundaPaths.WEBAPP_API + "*");
        registration.setOrder(0);
        return registration;
    }

    @Bean
    DatabaseOutage databaseOutage(DatabaseOutageProperties properties) {
        return new DatabaseOutage(properties);
    }

    /**
     * Outside every filter that may use the database (Spring Session's, Spring Security's, the engine REST API's
     * login) and outside {@link EmptyErrorAnswers}, which would otherwise see the failure first.
     */
    @Bean
    FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter(DatabaseOutage outage, ObjectMapper json) {
        FilterRegistrationBean<DatabaseOutageFilter> registration =
                new FilterRegistrationBean<>(new DatabaseOutageFilter(outage, json));
        registration.setName("database-outage");
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Outside every other filter, Spring Security's included: it sees the status the whole chain answered. */
    @Bean
    FilterRegistrationBean<EmptyErrorAnswers> emptyErrorAnswers(ObjectMapper json) {
        FilterRegistrationBean<EmptyErrorAnswers> registration = new FilterRegistrationBean<>(new EmptyErrorAnswers(json));
        registration.setName("empty-error-answers");
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 40);
        return registration;
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
