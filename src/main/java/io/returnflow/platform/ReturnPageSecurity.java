package io.returnflow.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The buyer's return page {@code /returns/} and its calls {@code /returns/api/links/{token}/...}: no log-in, no
 * session, no cookie. The signed token of the return link in the path is the credential, checked by every call
 * (the self-service feature), so there is nothing for a cross-site request to ride on and no CSRF token to keep.
 * <ul>
 *   <li>the page sits in the URL's fragment ({@code /returns/#<token>}), which browsers never send, and every
 *       answer says {@code Referrer-Policy: no-referrer}, so the token leaves the buyer's phone only towards
 *       these calls;</li>
 *   <li>a strict Content-Security-Policy: the page's own script, style and images (the QR code) only, no inline
 *       script, no framing;</li>
 *   <li>answers are not cached ({@code Cache-Control: no-store}): a shared phone keeps no order in its cache.</li>
 * </ul>
 */
@Configuration
class ReturnPageSecurity {

    /** Where the page and its calls live. */
    static final String PAGE_PATH = "/returns";
    /** The calls of the page, under the link's token. */
    public static final String API_PATH = PAGE_PATH + "/api/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain returnPageChain(HttpSecurity http) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        return http
                .securityMatcher(new OrRequestMatcher(path.matcher(PAGE_PATH), path.matcher(PAGE_PATH + "/**")))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> { })
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                        .frameOptions(f -> f.deny()))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .build();
    }
}
