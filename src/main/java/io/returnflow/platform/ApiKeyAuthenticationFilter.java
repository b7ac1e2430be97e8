package io.returnflow.platform;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <API key>} on the API's security chain ({@link SecurityConfig}), before HTTP Basic.
 * A key that is malformed, unknown, wrong or revoked is answered 401 at once: the request goes no further, and no
 * user's failed-login count (the engine's login throttling, which stays for people's passwords) is touched. A
 * request without a Bearer header passes on to Basic untouched.
 *
 * <p>Not a bean of its own: as one, Spring Boot would also register it for every URL of the servlet container.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    /** RFC 6750: the challenge of a refused bearer token. */
    static final String CHALLENGE = "Bearer realm=\"ReturnFlow\", error=\"invalid_token\"";

    private final ApiKeys keys;
    private final ObjectMapper json;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    public ApiKeyAuthenticationFilter(ApiKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKeyAuthentication> key = keys.authenticate(header.substring(BEARER.length()).strip());
        if (key.isEmpty()) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            ProblemAnswers.write(response, json, ProblemAnswers.problem(ProblemType.UNAUTHORIZED,
                    "The API key is unknown, revoked or malformed: operations create and revoke keys "
                            + "(/api/api-keys).", List.of()));
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(key.get());
        contexts.setContext(context);
        chain.doFilter(request, response);
    }
}
