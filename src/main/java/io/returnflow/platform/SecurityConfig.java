package io.returnflow.platform;

import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.ANALYST;
import static io.returnflow.platform.Roles.CUSTOMER_SERVICE;
import static io.returnflow.platform.Roles.MERCHANT_API;
import static io.returnflow.platform.Roles.MONITORING;
import static io.returnflow.platform.Roles.OPS;
import static io.returnflow.platform.Roles.STORE_CLERK;
import static io.returnflow.platform.Roles.WAREHOUSE;

import java.io.IOException;
import java.net.URI;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Who may call what.
 * <ul>
 *   <li>{@code /api/**} and the actuator: systems with an API key ({@code Authorization: Bearer}, {@link ApiKeys},
 *       roles of the key), people with HTTP Basic against the engine's identity service, roles from groups
 *       (a clerk checks in only at the stores bound to them: the counter itself checks that); the health
 *       endpoint and its readiness and liveness probes are open (UP or DOWN only), the metrics need monitoring,
 *       ops or admin;</li>
 *   <li>{@code /engine-rest/**}: the engine's own Basic filter, with engine authorizations on;</li>
 *   <li>{@code /camunda/**} (Cockpit, Tasklist, Admin): the webapps' own session login and CSRF;</li>
 *   <li>{@code /webhooks/**} and the sandbox providers: each checks its provider's signature or secret;</li>
 *   <li>{@code /returns/**}: the buyer's return page, authenticated by the return link's signed token in the path:
 *       its own chain ({@link ReturnPageSecurity});</li>
 *   <li>{@code /store/**}: the clerk's page, logged in with a server session and CSRF tokens: its own chain
 *       ({@link StorePageSecurity}), which also takes the counter's calls that carry the page's session cookie;</li>
 *   <li>{@code /ui/**}: the house style both pages link ({@link HouseStyleConfiguration}), public: it holds
 *       nothing of anyone's; the general chain;</li>
 *   <li>{@code /v3/api-docs/**}, {@code /swagger-ui.html}, {@code /swagger-ui/**}: the API's description
 *       ({@link ApiDocumentation}), public: it holds no secrets, and calling the API from Swagger UI still takes
 *       credentials.</li>
 * </ul>
 */
@Configuration
class SecurityConfig {

    private static final String X_REQUESTED_WITH = "X-Requested-With";
    private static final String XML_HTTP_REQUEST = "XMLHttpRequest";

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, IdentityService identityService,
                                    PlatformTransactionManager transactionManager, ObjectMapper json,
                                    ApiKeys apiKeys) throws Exception {
        AuthenticationManager identity = new ProviderManager(
                new CamundaIdentityAuthenticationProvider(identityService, transactionManager));
        return http
                .securityMatcher("/api/**", "/actuator/**")
                .authenticationManager(identity)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // a key never reaches the identity service: a wrong one locks no user out
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, json), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint((req, res, e) -> unauthorized(req, res, json)))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((req, res, e) -> unauthorized(req, res, json))
                        .accessDeniedHandler((req, res, e) ->
                                problem(res, json, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                                        "Your user has no role that may do this.")))
                .authorizeHttpRequests(auth -> auth
                        // the container's healthcheck and the balancer's probes (/actuator/health/readiness,
                        // /actuator/health/liveness): UP or DOWN, details only for ops and admins
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        // Prometheus' scrape (its own user, group monitoring), and operations looking
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasAnyRole(MONITORING, OPS, ADMIN)
                        .requestMatchers("/actuator/**").hasAnyRole(OPS, ADMIN)
                        // the counter: clerks (bound to the store, checked by the counter itself) and admins
                        .requestMatchers(HttpMethod.POST, "/api/stores/*/check-ins", "/api/stores/*/check-in-previews")
                        .hasAnyRole(STORE_CLERK, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/store-clerks/me").hasAnyRole(STORE_CLERK, ADMIN)
                        // operations: consolidated shipments, a store's full record, managing the network
                        .requestMatchers(HttpMethod.GET, "/api/stores/*/shipments", "/api/stores/*/shipments/**")
                        .hasAnyRole(OPS, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/stores/*").hasAnyRole(OPS, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/stores")
                        .hasAnyRole(MERCHANT_API, STORE_CLERK, CUSTOMER_SERVICE, OPS, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/stores", "/api/stores/**").hasAnyRole(OPS, ADMIN)
                        .requestMatchers(HttpMethod.PUT, "/api/stores/**").hasAnyRole(OPS, ADMIN)
                        .requestMatchers(HttpMethod.DELETE, "/api/stores/**").hasAnyRole(OPS, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/returns/*/cancellation")
                        .hasAnyRole(MERCHANT_API, CUSTOMER_SERVICE, ADMIN)
                        // the buyer's return links: the merchant's system makes them from its orders
                        .requestMatchers(HttpMethod.POST, "/api/return-links").hasAnyRole(MERCHANT_API, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/returns", "/api/return-quotes")
                        .hasAnyRole(MERCHANT_API, ADMIN)
                        // the buyer's messages: who answers the buyer, and the merchant's systems
                        .requestMatchers(HttpMethod.GET, "/api/returns/*/notifications")
                        .hasAnyRole(MERCHANT_API, CUSTOMER_SERVICE, OPS, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/returns", "/api/returns/**", "/api/pickup-windows")
                        .hasAnyRole(MERCHANT_API, CUSTOMER_SERVICE, WAREHOUSE, OPS, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/events").hasAnyRole(MERCHANT_API, OPS, ADMIN)
                        // what the buyer is told at each step: operations edit it
                        .requestMatchers("/api/notification-templates", "/api/notification-templates/**")
                        .hasAnyRole(OPS, ADMIN)
                        // the merchant's webhook endpoints: the merchant's systems and operations
                        .requestMatchers("/api/webhook-endpoints", "/api/webhook-endpoints/**")
                        .hasAnyRole(MERCHANT_API, OPS, ADMIN)
                        .requestMatchers("/api/carrier-inbox/**", "/api/settlement/**").hasAnyRole(OPS, ADMIN)
                        // which version of each model runs, and whether a release replaced an analyst's
                        .requestMatchers(HttpMethod.GET, "/api/model-deployments").hasAnyRole(OPS, ANALYST, ADMIN)
                        // API keys are managed by people, never by a key
                        .requestMatchers("/api/api-keys", "/api/api-keys/**")
                        .access(ApiKeyAccess.peopleWithAnyRole(OPS, ADMIN))
                        // how a returned line is settled: customer service changes it for the buyer
                        .requestMatchers(HttpMethod.PUT, "/api/returns/*/items/*/resolution")
                        .hasAnyRole(CUSTOMER_SERVICE, ADMIN)
                        .anyRequest().hasRole(ADMIN))
                .build();
    }

    /**
     * Everything else: the webapps guard themselves, webhooks and sandboxes verify signatures, the pages' house
     * style {@code /ui/**} is open to all (the clerk's page {@code /store/**} has its own chain,
     * {@link StorePageSecurity}).
     */
    @Bean
    @Order(2)
    SecurityFilterChain otherSecurity(HttpSecurity http) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .build();
    }

    /**
     * With Spring Security's observations off (application.yaml), it need not wrap each of its filters and
     * authorizations to make them either: those wrappers, making no-op observations, still took a quarter of a
     * request's pass through the security filters (about 4 us of CPU and 5 KB of garbage). The one property
     * switches both.
     */
    @Bean
    @ConditionalOnProperty(name = "management.observations.enable.spring.security", havingValue = "false")
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** The engine REST API authenticates with Basic against the identity service, as Camunda Run does. */
    @Bean
    FilterRegistrationBean<EngineRestAuthenticationFilter> engineRestAuthentication() {
        FilterRegistrationBean<EngineRestAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new EngineRestAuthenticationFilter());
        registration.setName("engine-rest-authentication");
        registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
                HttpBasicAuthenticationProvider.class.getName());
        registration.addUrlPatterns("/engine-rest/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        return registration;
    }

    /**
     * 401 as problem+json. A script's request ({@code X-Requested-With: XMLHttpRequest}, as the clerk's
     * page sends) gets no {@code WWW-Authenticate} challenge, so the browser shows no login dialog of its
     * own over the page's login form; every other client is challenged for Basic credentials.
     */
    private static void unauthorized(HttpServletRequest request, HttpServletResponse response, ObjectMapper json)
            throws IOException {
        boolean script = XML_HTTP_REQUEST.equalsIgnoreCase(request.getHeader(X_REQUESTED_WITH));
        if (!script) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"ReturnFlow\"");
        }
        problem(response, json, HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required",
                "Send HTTP Basic credentials of a ReturnFlow user.");
    }

    private static void problem(HttpServletResponse response, ObjectMapper json, HttpStatus status, String type,
                                String title, String detail) throws IOException {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create(ApiProblem.TYPE_BASE + type));
        body.setTitle(title);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }
}
