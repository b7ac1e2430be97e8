package io.returnflow.platform;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The clerk's page's protection of its log-in against login CSRF (another site logging a clerk's browser in as
 * someone else), without a session for the visitor: the log-in must say it comes from the page itself. A browser
 * says so with {@code Sec-Fetch-Site: same-origin} or, where it does not send that header, with an {@code Origin}
 * that is this server's own (scheme, host and port as the request arrived; behind a proxy with
 * {@code server.forward-headers-strategy}). Anything else, a request with neither header included, is refused
 * 403 problem+json ({@link ProblemType#CROSS_SITE_LOGIN}) naming the header, and nobody is logged in.
 *
 * <p>Why not the session's CSRF token, as for the other changes: handing a token to someone not logged in would
 * need a session for them, a row in {@code spring_session} for every visitor ({@link StorePageSessions}).
 */
final class SameOriginLogIn extends OncePerRequestFilter {

    static final String SEC_FETCH_SITE = "Sec-Fetch-Site";
    private static final String SAME_ORIGIN = "same-origin";

    private final RequestMatcher login;
    private final ObjectMapper json;

    SameOriginLogIn(RequestMatcher login, ObjectMapper json) {
        this.login = login;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!login.matches(request)) {
            chain.doFilter(request, response);
            return;
        }
        ApiProblem.FieldError refusal = refusal(request);
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        logger.debug("Log-in refused: " + refusal.field() + " does not say the clerk's page sent it");
        ProblemAnswers.write(response, json, ProblemAnswers.problem(ProblemType.CROSS_SITE_LOGIN,
                refusal.field() + ": " + refusal.message(), List.of(refusal)));
    }

    /** What is wrong with the request's word on where it comes from; null when it comes from this origin. */
    static ApiProblem.FieldError refusal(HttpServletRequest request) {
        String site = request.getHeader(SEC_FETCH_SITE);
        if (site != null) {
            return SAME_ORIGIN.equals(site.trim().toLowerCase(Locale.ROOT)) ? null
                    : new ApiProblem.FieldError(SEC_FETCH_SITE, "not same-origin; log in on the clerk's page");
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || origin.isBlank()) {
            return new ApiProblem.FieldError(HttpHeaders.ORIGIN,
                    "missing; log in on the clerk's page, in a browser that says where a request comes from");
        }
        return origin.trim().equalsIgnoreCase(ownOrigin(request)) ? null
                : new ApiProblem.FieldError(HttpHeaders.ORIGIN, "another site's; log in on the clerk's page");
    }

    /** This server's origin as the browser names it: the default port is left out. */
    static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80)
                || ("https".equals(scheme) && port == 443);
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
