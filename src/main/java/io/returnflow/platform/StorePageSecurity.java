package io.returnflow.platform;

import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.STORE_CLERK;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The clerk's page {@code /store/}: a log-in form that starts a server session ({@link StorePageSessions}), and the
 * counter's calls authenticated by that session's cookie.
 * <ul>
 *   <li>{@code GET /store/session}: who is logged in and the session's CSRF token, or nobody and no token
 *       ({@link StorePageSessionResource});</li>
 *   <li>{@code POST /store/session/login} ({@code username}, {@code password} as a form): the user's password
 *       against the engine's identity service, whose lockout after wrong passwords applies as everywhere; only
 *       store clerks and admins; the session starts here, with a new id (no session fixation) and a CSRF token;</li>
 *   <li>{@code POST /store/session/logout}: ends the session in the database, on every node;</li>
 *   <li>the counter's calls ({@code GET /api/store-clerks/me}, {@code POST /api/stores/{id}/check-in-previews},
 *       {@code POST /api/stores/{id}/check-ins}) when they carry the session cookie and no {@code Authorization}
 *       header.</li>
 * </ul>
 * Each request with the session asks the engine again whether the clerk may still use the page, and a session
 * ends at the latest {@code absolute-timeout} after it started ({@link StorePageClerkCheck}); a password changed or
 * a user deleted through the engine's identity service ends the user's sessions at once
 * ({@link StorePageIdentityChanges}).
 * Every change made with the cookie (the log-out included) needs the session's CSRF token in the
 * {@value #CSRF_HEADER} header, else 403 problem+json. API clients never send the cookie: their requests go on to
 * {@link SecurityConfig}'s chain, with their own credentials and no CSRF token.
 *
 * <p>Nobody gets a session before logging in: a visitor's requests write no row to the session tables, so no one
 * can fill them without a password. The log-in therefore carries no CSRF token; it must come from the page itself
 * instead ({@link SameOriginLogIn}).
 */
@Configuration
class StorePageSecurity {

    static final String SESSION_PATH = "/store/session";
    static final String LOGIN_PATH = SESSION_PATH + "/login";
    static final String LOGOUT_PATH = SESSION_PATH + "/logout";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    /** Spring Security's default name, said here because the page and its tests depend on it. */
    static final String CSRF_HEADER = "X-CSRF-TOKEN";

    /**
     * The counter's calls the session cookie opens, as method and path pattern ({@code *} one segment); the API's
     * description lists the cookie on these operations ({@link ApiDocumentation}).
     */
    static final List<CounterCall> COUNTER_CALLS = List.of(
            new CounterCall(HttpMethod.GET, "/api/store-clerks/me"),
            new CounterCall(HttpMethod.POST, "/api/stores/*/check-in-previews"),
            new CounterCall(HttpMethod.POST, "/api/stores/*/check-ins"));

    record CounterCall(HttpMethod method, String pathPattern) {
    }

    private static final Set<String> PAGE_ROLES = Set.of("ROLE_" + STORE_CLERK, "ROLE_" + ADMIN);

    @Bean
    @Order(0)
    SecurityFilterChain storePageChain(HttpSecurity http, IdentityService identityService,
                                          PlatformTransactionManager transactionManager, ObjectMapper json,
                                          StorePageProperties properties, ProcessEngine engine,
                                          Clock clock) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        RequestMatcher counter = new OrRequestMatcher(COUNTER_CALLS.stream()
                .map(call -> (RequestMatcher) path.matcher(call.method(), call.pathPattern())).toList());
        String cookieName = properties.session().cookieName();
        RequestMatcher withTheSessionCookie = new AndRequestMatcher(counter,
                request -> carries(request, cookieName),
                request -> request.getHeader(HttpHeaders.AUTHORIZATION) == null);
        HttpSessionCsrfTokenRepository sessionTokens = new HttpSessionCsrfTokenRepository();
        sessionTokens.setHeaderName(CSRF_HEADER);
        CsrfTokenRepository csrfTokens = new LoggedInSessionsOnly(sessionTokens);
        RequestMatcher login = path.matcher(HttpMethod.POST, LOGIN_PATH);
        int loginMaxAttempts = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getLoginMaxAttempts();
        StorePageClerkCheck clerkCheck = new StorePageClerkCheck(identityService, loginMaxAttempts,
                properties.session().absoluteTimeout(), clock, counter,
                new OrRequestMatcher(path.matcher(SESSION_PATH), path.matcher(SESSION_PATH + "/**")), json);
        return http
                .securityMatcher(new OrRequestMatcher(path.matcher("/store"), path.matcher("/store/**"),
                        withTheSessionCookie))
                .authenticationManager(new ProviderManager(new ClerksOnly(
                        new CamundaIdentityAuthenticationProvider(identityService, transactionManager))))
                // the log-in comes from the page itself instead: a visitor has no session to hold a token
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens).ignoringRequestMatchers(login))
                .addFilterBefore(new SameOriginLogIn(login, json), UsernamePasswordAuthenticationFilter.class)
                // once the session's log-in is known, before its CSRF token is checked: an ended session's call is
                // answered 401 (log in again), not 403 for the token the ended session took with it
                .addFilterAfter(clerkCheck, SecurityContextHolderFilter.class)
                // an anonymous visitor's request is not kept in a session for after the log-in
                .requestCache(cache -> cache.disable())
                .sessionManagement(sessions -> sessions.sessionFixation(fixation -> fixation.changeSessionId()))
                .formLogin(form -> form
                        .loginPage("/store/")
                        .loginProcessingUrl(LOGIN_PATH)
                        .usernameParameter(USERNAME)
                        .passwordParameter(PASSWORD)
                        .successHandler((request, response, who) -> loggedIn(request, response, who, json))
                        .failureHandler((request, response, e) -> loginFailed(request, response, e, json)))
                .logout(logout -> logout
                        .logoutUrl(LOGOUT_PATH)
                        .invalidateHttpSession(true)
                        .clearAuthentication(true)
                        .logoutSuccessHandler((request, response, who) ->
                                response.setStatus(HttpServletResponse.SC_NO_CONTENT)))
                .exceptionHandling(ex -> ex
                        // no WWW-Authenticate: the page's own form logs in, never the browser's dialog
                        .authenticationEntryPoint((request, response, e) -> ProblemAnswers.write(response, json,
                                ProblemAnswers.problem(ProblemType.UNAUTHORIZED,
                                        "Log in on the clerk's page: POST " + LOGIN_PATH + ".", List.of())))
                        .accessDeniedHandler((request, response, e) -> ProblemAnswers.write(response, json,
                                e instanceof CsrfException ? csrfRefusal(request) : ProblemAnswers.problem(
                                        ProblemType.FORBIDDEN, "Your user has no role that may do this.",
                                        List.of()))))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(counter).hasAnyRole(STORE_CLERK, ADMIN)
                        // the page's files and GET /store/session; log-in and log-out are their filters'
                        .anyRequest().permitAll())
                .build();
    }

    private static boolean carries(HttpServletRequest request, String cookieName) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return false;
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(cookieName)) {
                return true;
            }
        }
        return false;
    }

    /** 200 with who logged in and the new session's CSRF token (the log-in replaced the old one). */
    private static void loggedIn(HttpServletRequest request, HttpServletResponse response, Authentication who,
                                 ObjectMapper json) throws IOException {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), StorePageSessionResource.PageSession.of(who.getName(), token));
    }

    private static void loginFailed(HttpServletRequest request, HttpServletResponse response,
                                    AuthenticationException e, ObjectMapper json) throws IOException {
        List<ApiProblem.FieldError> missing = new ArrayList<>();
        String username = request.getParameter(USERNAME);
        if (username == null || username.isBlank()) {
            missing.add(new ApiProblem.FieldError(USERNAME, "required"));
        }
        String password = request.getParameter(PASSWORD);
        if (password == null || password.isEmpty()) {
            missing.add(new ApiProblem.FieldError(PASSWORD, "required"));
        }
        if (!missing.isEmpty()) {
            ProblemAnswers.write(response, json, ProblemAnswers.problem(ProblemType.VALIDATION,
                    "Send the user name and the password as form fields " + USERNAME + " and " + PASSWORD + ".",
                    missing));
        } else if (e instanceof NotAStoreClerk) {
            ProblemAnswers.write(response, json, ProblemAnswers.problem(ProblemType.NOT_A_STORE_CLERK,
                    ProblemType.NOT_A_STORE_CLERK.exampleDetail(), List.of()));
        } else {
            ProblemAnswers.write(response, json, ProblemAnswers.problem(ProblemType.LOGIN_FAILED,
                    ProblemType.LOGIN_FAILED.exampleDetail(), List.of()));
        }
    }

    private static ProblemDetail csrfRefusal(HttpServletRequest request) {
        String message = request.getHeader(CSRF_HEADER) == null
                ? "missing; get the token from GET " + SESSION_PATH
                : "not this session's token (the session ended or was renewed); get it again from GET " + SESSION_PATH;
        return ProblemAnswers.problem(ProblemType.CSRF_TOKEN, CSRF_HEADER + ": " + message,
                List.of(new ApiProblem.FieldError(CSRF_HEADER, message)));
    }

    /**
     * The CSRF tokens of sessions, never a session for a token: a token generated for a request without a session
     * (a visitor's change, refused all the same for want of a token the session holds) is not kept. The log-in's
     * new session gets its token once the log-in has started it.
     */
    private record LoggedInSessionsOnly(CsrfTokenRepository sessions) implements CsrfTokenRepository {

        @Override
        public CsrfToken generateToken(HttpServletRequest request) {
            return sessions.generateToken(request);
        }

        @Override
        public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
            if (token != null && request.getSession(false) == null) {
                return;
            }
            sessions.saveToken(token, request, response);
        }

        @Override
        public CsrfToken loadToken(HttpServletRequest request) {
            return sessions.loadToken(request);
        }
    }

    /** The identity service's password check, for store clerks and admins only. */
    private record ClerksOnly(AuthenticationProvider identity) implements AuthenticationProvider {

        @Override
        public Authentication authenticate(Authentication authentication) {
            Authentication who = identity.authenticate(authentication);
            boolean mayUseThePage = who.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority).anyMatch(PAGE_ROLES::contains);
            if (!mayUseThePage) {
                throw new NotAStoreClerk();
            }
            return who;
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return identity.supports(authentication);
        }
    }

    /** A right password of a user the clerk's page is not for. */
    private static final class NotAStoreClerk extends AuthenticationException {

        NotAStoreClerk() {
            super("Not a store clerk");
        }
    }
}
