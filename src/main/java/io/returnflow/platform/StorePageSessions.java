package io.returnflow.platform;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The clerk's page's sessions live in the database (Spring Session JDBC, tables {@code spring_session*}), not in
 * one node's memory: whichever node the load balancer sends a clerk's next request to knows the clerk, a restart
 * or a deployment logs nobody out, and logging out ends the session on every node.
 *
 * <p>Only the page's paths use them: {@code /store/*} (the page, its log-in and log-out) and {@code /api/*}, where
 * {@link StorePageSecurity} lets the session cookie authenticate the counter's calls. The Camunda webapps keep the
 * servlet container's sessions (Boot's own Spring Session set-up, which would take every path, is off).
 *
 * <p>The cookie: HttpOnly (the page's scripts never see it), {@code SameSite} as configured, {@code Secure} when the
 * request came over HTTPS (behind a TLS-terminating proxy: with {@code server.forward-headers-strategy}), path
 * {@code /} (the page and the API), no expiry (gone when the browser closes); the session itself ends after
 * {@link StorePageProperties.Session#idleTimeout()} without a request, and at the latest
 * {@link StorePageProperties.Session#absoluteTimeout()} after it started ({@link StorePageClerkCheck}).
 */
@Configuration
@EnableConfigurationProperties(StorePageProperties.class)
class StorePageSessions {

    /** Where a request may carry the page's session (servlet URL patterns). */
    static final String[] PATHS = {"/store/*", "/api/*"};

    @Bean
    JdbcIndexedSessionRepository storePageSessionRepository(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                                                            StorePageProperties properties) {
        // the session's writes commit on their own, never inside (or rolled back with) a request's business work
        TransactionTemplate ownTransaction = new TransactionTemplate(transactions);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        JdbcIndexedSessionRepository sessions = new JdbcIndexedSessionRepository(jdbc, ownTransaction);
        sessions.setDefaultMaxInactiveInterval(properties.session().idleTimeout());
        sessions.setCleanupCron(properties.session().cleanupCron());
        return sessions;
    }

    /** Registered for the page's paths only; a filter bean of its own would be registered for every path. */
    @Bean
    FilterRegistrationBean<SessionRepositoryFilter<?>> storePageSessionFilter(
            JdbcIndexedSessionRepository sessions, StorePageProperties properties) {
        SessionRepositoryFilter<?> filter = new SessionRepositoryFilter<>(sessions);
        CookieHttpSessionIdResolver cookies = new CookieHttpSessionIdResolver();
        cookies.setCookieSerializer(cookieSerializer(properties.session()));
        filter.setHttpSessionIdResolver(cookies);
        FilterRegistrationBean<SessionRepositoryFilter<?>> registration = new FilterRegistrationBean<>(filter);
        registration.setName("store-page-sessions");
        registration.addUrlPatterns(PATHS);
        // before Spring Security, which keeps the security context and the CSRF token in the session
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER);
        return registration;
    }

    static DefaultCookieSerializer cookieSerializer(StorePageProperties.Session session) {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(session.cookieName());
        cookie.setCookiePath("/");
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite(session.sameSite());
        // Secure is left to the request: set over HTTPS (request.isSecure()), not over plain HTTP on localhost
        return cookie;
    }
}
