package io.returnflow.platform;

import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.STORE_CLERK;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request that a page session authenticates asks again whether the clerk may still use the page: the
 * session started no longer than {@link StorePageProperties.Session#absoluteTimeout()} ago, the user still exists,
 * is not locked for good (the engine's lock after too many wrong passwords, lifted only by an admin), and is still
 * in {@code store-clerk} or {@code camunda-admin}. Else the session ends (on every node: it lives in the database)
 * and the counter's call is answered 401 problem+json, as without a log-in; the page's own paths go on as a
 * visitor's, so that {@code GET /store/session} says nobody is logged in and the page shows its log-in form.
 *
 * <p>The roles taken at log-in are kept in the session, but the engine is asked on each request instead of
 * trusting them: two indexed queries, no cache, so that a clerk removed from the group, deleted or locked by an
 * admin loses the page with their next call on whichever node. The counter makes a handful of calls per parcel, so
 * a cache would save little and delay the removal by its lifetime.
 *
 * <p>Only the counter's calls and the session's own paths ({@code GET /store/session}, the log-in and the
 * log-out) are checked: the page's files need no clerk, and checking each of them would cost the queries per file.
 * A session that may no longer stay is ended by the page's next call to one of those paths.
 */
final class StorePageClerkCheck extends OncePerRequestFilter {

    private final IdentityService identity;
    private final int loginMaxAttempts;
    private final Duration absoluteTimeout;
    private final Clock clock;
    private final RequestMatcher counter;
    private final RequestMatcher sessionPaths;
    private final ObjectMapper json;
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

    StorePageClerkCheck(IdentityService identity, int loginMaxAttempts, Duration absoluteTimeout, Clock clock,
                        RequestMatcher counter, RequestMatcher sessionPaths, ObjectMapper json) {
        this.identity = identity;
        this.loginMaxAttempts = loginMaxAttempts;
        this.absoluteTimeout = absoluteTimeout;
        this.clock = clock;
        this.counter = counter;
        this.sessionPaths = sessionPaths;
        this.json = json;
    }

    /**
     * Whether the user is in {@code store-clerk} or {@code camunda-admin}, the groups that may use the page: one
     * indexed query.
     */
    static boolean inPageGroup(IdentityService identity, String userId) {
        return identity.createGroupQuery().groupMember(userId).groupIdIn(STORE_CLERK, ADMIN).count() > 0;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !counter.matches(request) && !sessionPaths.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (session == null || !trust.isAuthenticated(who) || mayStay(session, who.getName())) {
            chain.doFilter(request, response);
            return;
        }
        session.invalidate();
        SecurityContextHolder.clearContext();
        if (counter.matches(request)) {
            ProblemAnswers.write(response, json, ProblemAnswers.problem(ProblemType.UNAUTHORIZED,
                    "Log in on the clerk's page again: POST " + StorePageSecurity.LOGIN_PATH + ".", List.of()));
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean mayStay(HttpSession session, String userId) {
        if (clock.millis() - session.getCreationTime() >= absoluteTimeout.toMillis()) {
            return false;
        }
        User user = identity.createUserQuery().userId(userId).singleResult();
        if (user == null || lockedForGood(user)) {
            return false;
        }
        return inPageGroup(identity, userId);
    }

    /** The engine's own delay after a wrong password passes by itself and ends no session; its final lock does. */
    private boolean lockedForGood(User user) {
        return user instanceof UserEntity entity && loginMaxAttempts > 0 && entity.getAttempts() >= loginMaxAttempts;
    }
}
