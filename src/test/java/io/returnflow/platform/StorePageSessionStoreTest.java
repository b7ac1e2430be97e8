package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.support.MigratedDatabase;

/**
 * The clerk's page's sessions in the migrated tables ({@code spring_session*}), as two nodes share them: what one
 * node stores (the logged-in clerk, a renewed id) the other reads, and expired sessions are deleted. H2 here,
 * PostgreSQL in {@link StorePageSessionStorePostgresTest}.
 */
class StorePageSessionStoreTest {

    private static final Duration IDLE = Duration.ofMinutes(30);

    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }

    @Test
    void aSessionStoredByOneNodeIsReadByTheOther() {
        MigratedDatabase database = database();
        SessionRepository<Session> one = node(database);
        SessionRepository<Session> other = node(database);

        Session session = one.createSession();
        session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, new SecurityContextImpl(
                UsernamePasswordAuthenticationToken.authenticated("clerk", null,
                        List.of(new SimpleGrantedAuthority("ROLE_" + Roles.STORE_CLERK)))));
        one.save(session);
        // the log-in renews the id (no session fixation): the old one then finds nothing on any node
        String before = session.getId();
        String after = session.changeSessionId();
        one.save(session);

        assertThat(other.findById(before)).isNull();
        Session found = other.findById(after);
        assertThat(found).isNotNull();
        assertThat(found.getMaxInactiveInterval()).isEqualTo(IDLE);
        SecurityContext context = found.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        assertThat(context.getAuthentication().getName()).isEqualTo("clerk");
        assertThat(context.getAuthentication().getAuthorities()).extracting(Object::toString)
                .containsExactly("ROLE_" + Roles.STORE_CLERK);

        // the log-out on the other node ends it for the first
        other.deleteById(after);
        assertThat(one.findById(after)).isNull();
    }

    @Test
    void expiredSessionsAreNotFoundAndAreDeleted() {
        MigratedDatabase database = database();
        JdbcIndexedSessionRepository store = store(database);
        SessionRepository<Session> node = node(store);
        Session idle = node.createSession();
        idle.setAttribute("any", "value");
        idle.setLastAccessedTime(Instant.now().minus(IDLE).minusSeconds(1));
        node.save(idle);
        Session active = node.createSession();
        node.save(active);

        store.cleanUpExpiredSessions();

        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        assertThat(jdbc.queryForList("select session_id from spring_session", String.class))
                .containsExactly(active.getId());
        assertThat(jdbc.queryForObject("select count(*) from spring_session_attributes", Integer.class)).isZero();
        assertThat(node.findById(idle.getId())).isNull();
    }

    private static SessionRepository<Session> node(MigratedDatabase database) {
        return node(store(database));
    }

    /** The repository is typed by its own session class, which is not public: used through the interface. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SessionRepository<Session> node(JdbcIndexedSessionRepository store) {
        return (SessionRepository) store;
    }

    /** A node's session store, set up as {@link StorePageSessions} does, without its cleanup schedule. */
    private static JdbcIndexedSessionRepository store(MigratedDatabase database) {
        TransactionTemplate ownTransaction = new TransactionTemplate(database.transactions());
        JdbcIndexedSessionRepository sessions =
                new JdbcIndexedSessionRepository(new JdbcTemplate(database.dataSource()), ownTransaction);
        sessions.setDefaultMaxInactiveInterval(IDLE);
        return sessions;
    }
}
