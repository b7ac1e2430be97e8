package io.returnflow.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;

/**
 * The clerk's page {@code /store/} ({@code returnflow.store-page}).
 *
 * @param session its log-in session
 */
@ConfigurationProperties("returnflow.store-page")
record StorePageProperties(Session session) {

    public StorePageProperties {
        if (session == null) {
            throw new IllegalArgumentException("returnflow.store-page.session is required");
        }
    }

    /**
     * The clerk's log-in session, kept in the database ({@link StorePageSessions}).
     *
     * @param cookieName  the session cookie's name; not the servlet container's (the Camunda webapps use that one)
     * @param sameSite    {@code Strict} or {@code Lax}: whether a link from another site arrives logged in
     *                    ({@code Lax}) or not ({@code Strict}); the page's own calls carry it either way
     * @param idleTimeout how long a session lives without a request; the clerk then logs in again
     * @param absoluteTimeout how long a session lives at most from its log-in, however busy; the clerk then logs
     *                    in again. At least the idle timeout, at most 7 days
     * @param cleanupCron when each node deletes the expired sessions (Spring's six-field cron); {@code -} for
     *                    never on this node (another node's cleanup then deletes them)
     */
    public record Session(String cookieName, String sameSite, Duration idleTimeout, String cleanupCron,
                          Duration absoluteTimeout) {

        public Session {
            if (cookieName == null || !cookieName.matches("[A-Za-z0-9_]+")) {
                throw new IllegalArgumentException(
                        "returnflow.store-page.session.cookie-name must be letters, digits and _: " + cookieName);
            }
            if (!"Strict".equals(sameSite) && !"Lax".equals(sameSite)) {
                throw new IllegalArgumentException(
                        "returnflow.store-page.session.same-site must be Strict or Lax: " + sameSite);
            }
            if (idleTimeout == null || idleTimeout.compareTo(Duration.ofMinutes(1)) < 0
                    || idleTimeout.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(
                        "returnflow.store-page.session.idle-timeout must lie between 1m and 1d: " + idleTimeout);
            }
            if (absoluteTimeout == null || absoluteTimeout.compareTo(idleTimeout) < 0
                    || absoluteTimeout.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("returnflow.store-page.session.absolute-timeout must lie between "
                        + "the idle timeout (" + idleTimeout + ") and 7d: " + absoluteTimeout);
            }
            if (cleanupCron == null
                    || !(Scheduled.CRON_DISABLED.equals(cleanupCron) || CronExpression.isValidExpression(cleanupCron))) {
                throw new IllegalArgumentException(
                        "returnflow.store-page.session.cleanup-cron is not a cron expression: " + cleanupCron);
            }
        }
    }
}
