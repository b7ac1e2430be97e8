package io.returnflow.platform;

import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.CUSTOMER_SERVICE;
import static io.returnflow.platform.Roles.MERCHANT_API;
import static io.returnflow.platform.Roles.OPS;
import static io.returnflow.platform.Roles.STORE_CLERK;
import static io.returnflow.platform.Roles.WAREHOUSE;

import java.io.IOException;
import java.net.URI;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
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
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what.
 * <ul>
 *   <li>{@code /api/**} and the actuator: HTTP Basic against the engine's identity service, roles from groups;</li>
 *   <li>{@code /engine-rest/**}: the engine's own Basic filter, with engine authorizations on;</li>
 *   <li>{@code /camunda/**} (Cockpit, Tasklist, Admin): the webapps' own session login and CSRF;</li>
 *   <li>{@code /webhooks/**} and the sandbox providers: each checks its provider's signature or secret.</li>
 * </ul>
 */
@Configuration
public class SecurityConfig {

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, IdentityService identityService, ObjectMapper json)
            throws Exception {
        AuthenticationManager identity = new ProviderManager(new CamundaIdentityAuthenticationProvider(identityService));
        return http
                .securityMatcher("/api/**", "/actuator/**")
                .authenticationManager(identity)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint((req, res, e) ->
                        problem(res, json, HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required",
                                "Send HTTP Basic credentials of a ReturnFlow user.")))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((req, res, e) ->
                                problem(res, json, HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required",
                                        "Send HTTP Basic credentials of a ReturnFlow user."))
                        .accessDeniedHandler((req, res, e) ->
                                problem(res, json, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                                        "Your user has no role that may do this.")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").hasAnyRole(OPS, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/stores/*/check-ins").hasAnyRole(STORE_CLERK, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/stores", "/api/stores/**")
                        .hasAnyRole(MERCHANT_API, STORE_CLERK, CUSTOMER_SERVICE, OPS, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/returns/*/cancellation")
                        .hasAnyRole(MERCHANT_API, CUSTOMER_SERVICE, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/returns", "/api/return-quotes")
                        .hasAnyRole(MERCHANT_API, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/returns", "/api/returns/**", "/api/pickup-windows")
                        .hasAnyRole(MERCHANT_API, CUSTOMER_SERVICE, WAREHOUSE, OPS, ADMIN)
                        .requestMatchers("/api/carrier-inbox/**", "/api/settlement/**").hasAnyRole(OPS, ADMIN)
                        .anyRequest().hasRole(ADMIN))
                .build();
    }

    /** Everything else: the webapps guard themselves, webhooks and sandboxes verify signatures. */
    @Bean
    @Order(2)
    SecurityFilterChain otherSecurity(HttpSecurity http) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .build();
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

    private static void problem(HttpServletResponse response, ObjectMapper json, HttpStatus status, String type,
                                String title, String detail) throws IOException {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create(ApiProblem.TYPE_BASE + type));
        body.setTitle(title);
        response.setStatus(status.value());
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"ReturnFlow\"");
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }
}
