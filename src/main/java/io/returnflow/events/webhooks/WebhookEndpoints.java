package io.returnflow.events.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.platform.RandomIds;
import io.returnflow.platform.Text;

/**
 * The webhook endpoints ({@code webhook_endpoints}) and their signing secrets ({@code webhook_secrets}). A secret is
 * {@value #SECRET_PREFIX} and {@value #SECRET_LENGTH} random letters and digits (over 256 bits), kept so that it can
 * sign, shown only by the call that makes it.
 */
@Repository
class WebhookEndpoints {

    static final String SECRET_PREFIX = "whsec_";
    /** 44 characters of 62: 261 bits. */
    static final int SECRET_LENGTH = 44;
    static final int MAX_REASON_LENGTH = 500;
    private static final String ID_PREFIX = "we_";
    private static final int ID_LENGTH = 24;
    private static final String COLUMNS = "id, url, event_types, description, enabled, disabled_reason, disabled_at,"
            + " created_at, updated_at";

    private final JdbcClient jdbc;

    WebhookEndpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new endpoint, enabled, and its first secret (answered: not readable again). Runs in the caller's transaction. */
    Created create(String url, List<String> eventTypes, String description, OffsetDateTime now) {
        String id = RandomIds.next(ID_PREFIX, RandomIds.ALPHANUMERIC, ID_LENGTH);
        jdbc.sql("""
                        insert into webhook_endpoints (id, url, event_types, description, enabled, created_at, updated_at)
                        values (?, ?, ?, ?, true, ?, ?)""")
                .params(id, url, storedTypes(eventTypes), description, now, now)
                .update();
        String secret = newSecret(id, now);
        return new Created(find(id, now).orElseThrow(), secret);
    }

    record Created(WebhookEndpoint endpoint, String secret) {
    }

    Optional<WebhookEndpoint> find(String id, OffsetDateTime now) {
        return jdbc.sql("select " + COLUMNS + " from webhook_endpoints where id = ?").param(id)
                .query(this::row).optional().map(e -> withSecrets(e, now));
    }

    /** Every endpoint, oldest first. */
    List<WebhookEndpoint> all(OffsetDateTime now) {
        return jdbc.sql("select " + COLUMNS + " from webhook_endpoints order by created_at, id")
                .query(this::row).list().stream().map(e -> withSecrets(e, now)).toList();
    }

    /** Changes what is given (null: unchanged). */
    boolean update(String id, String url, List<String> eventTypes, String description, OffsetDateTime now) {
        return jdbc.sql("""
                        update webhook_endpoints set url = coalesce(:url, url), event_types = coalesce(:types, event_types),
                            description = coalesce(:description, description), updated_at = :now where id = :id""")
                .param("url", url, java.sql.Types.VARCHAR)
                .param("types", eventTypes == null ? null : storedTypes(eventTypes), java.sql.Types.VARCHAR)
                .param("description", description, java.sql.Types.VARCHAR)
                .param("now", now).param("id", id).update() == 1;
    }

    /**
     * Disables an enabled endpoint; its deliveries wait.
     *
     * @return whether this call disabled it (false: it was disabled already, or is gone)
     */
    boolean disable(String id, String reason, OffsetDateTime now) {
        return jdbc.sql("""
                        update webhook_endpoints set enabled = false, disabled_reason = ?, disabled_at = ?, updated_at = ?
                         where id = ? and enabled = true""")
                .params(Text.fit(reason, MAX_REASON_LENGTH), now, now, id).update() == 1;
    }

    /**
     * Enables a disabled endpoint: its waiting deliveries are due at once, in order, with a fresh allowance of
     * failures (the days before it was disabled do not count again).
     *
     * @return whether this call enabled it
     */
    boolean enable(String id, OffsetDateTime now) {
        boolean enabled = jdbc.sql("""
                        update webhook_endpoints set enabled = true, disabled_reason = null, disabled_at = null,
                            updated_at = ? where id = ? and enabled = false""")
                .params(now, id).update() == 1;
        if (enabled) {
            jdbc.sql("""
                            update webhook_deliveries set failures = 0, first_failed_at = null, next_attempt_at = ?
                             where endpoint_id = ? and status = 'PENDING'""")
                    .params(now, id).update();
        }
        return enabled;
    }

    /** Deletes the endpoint, its secrets and its deliveries. */
    boolean delete(String id) {
        return jdbc.sql("delete from webhook_endpoints where id = ?").param(id).update() == 1;
    }

    /**
     * A new current secret; the secrets that signed until now keep signing until {@code oldExpireAt} (or until their
     * own earlier expiry). Runs in the caller's transaction.
     */
    String rotate(String id, OffsetDateTime oldExpireAt, OffsetDateTime now) {
        jdbc.sql("delete from webhook_secrets where endpoint_id = ? and expires_at <= ?").params(id, now).update();
        jdbc.sql("""
                        update webhook_secrets set expires_at = ?
                         where endpoint_id = ? and (expires_at is null or expires_at > ?)""")
                .params(oldExpireAt, id, oldExpireAt).update();
        return newSecret(id, now);
    }

    /** The secrets that sign at {@code now}, newest first. */
    List<String> signingSecrets(String id, OffsetDateTime now) {
        return jdbc.sql("""
                        select secret from webhook_secrets where endpoint_id = ? and (expires_at is null or expires_at > ?)
                         order by id desc""")
                .params(id, now).query(String.class).list();
    }

    /** How many endpoints are disabled now. */
    long disabledCount() {
        return jdbc.sql("select count(*) from webhook_endpoints where enabled = false").query(Long.class).single();
    }

    private String newSecret(String id, OffsetDateTime now) {
        String secret = RandomIds.next(SECRET_PREFIX, RandomIds.ALPHANUMERIC, SECRET_LENGTH);
        jdbc.sql("insert into webhook_secrets (endpoint_id, secret, created_at) values (?, ?, ?)")
                .params(id, secret, now).update();
        return secret;
    }

    private WebhookEndpoint withSecrets(WebhookEndpoint endpoint, OffsetDateTime now) {
        List<WebhookEndpoint.SigningSecret> secrets = jdbc.sql("""
                        select created_at, expires_at from webhook_secrets
                         where endpoint_id = ? and (expires_at is null or expires_at > ?) order by id desc""")
                .params(endpoint.id(), now)
                .query((rs, n) -> new WebhookEndpoint.SigningSecret(rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("expires_at", OffsetDateTime.class)))
                .list();
        return new WebhookEndpoint(endpoint.id(), endpoint.url(), endpoint.eventTypes(), endpoint.description(),
                endpoint.enabled(), endpoint.disabledReason(), endpoint.disabledAt(), secrets, endpoint.createdAt(),
                endpoint.updatedAt());
    }

    private WebhookEndpoint row(ResultSet rs, int n) throws SQLException {
        return new WebhookEndpoint(rs.getString("id"), rs.getString("url"), types(rs.getString("event_types")),
                rs.getString("description"), rs.getBoolean("enabled"), rs.getString("disabled_reason"),
                rs.getObject("disabled_at", OffsetDateTime.class), List.of(),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }

    /** {@code *}, or the types each between commas, so that one is found by {@code ,type,}. */
    static String storedTypes(List<String> types) {
        return types.contains(WebhookEndpoint.ALL_TYPES) ? WebhookEndpoint.ALL_TYPES : "," + String.join(",", types) + ",";
    }

    private static List<String> types(String stored) {
        if (stored.equals(WebhookEndpoint.ALL_TYPES)) {
            return List.of(WebhookEndpoint.ALL_TYPES);
        }
        return new ArrayList<>(Arrays.stream(stored.split(",")).filter(t -> !t.isEmpty()).toList());
    }
}
