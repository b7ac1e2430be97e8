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
import org.springframework.security.authentication.AnonymousAuthenticationToken;
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
 */
final class StorePageClerkCheck extends OncePerRequestFilter {

    private final IdentityService identity;
    private final int loginMaxAttempts;
    private final Duration absoluteTimeout;
    private final Clock clock;
    private final RequestMatcher counter;
    private final ObjectMapper json;

    StorePageClerkCheck(IdentityService identity, int loginMaxAttempts, Duration absoluteTimeout, Clock clock,
                        RequestMatcher counter, ObjectMapper json) {
        this.identity = identity;
        this.loginMaxAttempts = loginMaxAttempts;
        this.absoluteTimeout = absoluteTimeout;
        this.clock = clock;
        this.counter = counter;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (session == null || who == null || !who.isAuthenticated() || who instanceof AnonymousAuthenticationToken
                || mayStay(session, who.getName())) {
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
        return identity.createGroupQuery().groupMember(userId).groupIdIn(STORE_CLERK, ADMIN).count() > 0;
    }

    /** The engine's own delay after a wrong password passes by itself and ends no session; its final lock does. */
    private boolean lockedForGood(User user) {
        return user instanceof UserEntity entity && loginMaxAttempts > 0 && entity.getAttempts() >= loginMaxAttempts;
    }
}
