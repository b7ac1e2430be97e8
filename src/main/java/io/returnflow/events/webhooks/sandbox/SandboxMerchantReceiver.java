package io.returnflow.events.webhooks.sandbox;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.returnflow.events.webhooks.WebhookProperties;
import io.returnflow.events.webhooks.WebhookSignature;

/**
 * A merchant's webhook receiver simulated inside the application (the local run), doing what a real one should:
 * it verifies each delivery's signature with its secret (a timestamp within
 * {@code returnflow.webhooks.sandbox-receiver.signature-tolerance}), keeps each event once by its id (a duplicate
 * is counted, not kept again), and can be taken down (503) to watch the retries and the order they keep. Its
 * tables are the sandbox's ({@code sandbox_merchant_*}).
 */
@Component
@ConditionalOnProperty(prefix = "returnflow.webhooks.sandbox-receiver", name = "enabled", havingValue = "true")
class SandboxMerchantReceiver {

    private static final Logger log = LoggerFactory.getLogger(SandboxMerchantReceiver.class);
    /** The longest values the receiver's tables keep (its columns' sizes): longer ones are refused, not cut. */
    static final int MAX_SECRET = 100;
    static final int MAX_EVENT_ID = 40;
    static final int MAX_EVENT_TYPE = 64;
    static final int MAX_RETURN_ID = 32;

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final WebhookProperties properties;
    private final Clock clock;

    SandboxMerchantReceiver(JdbcClient jdbc, ObjectMapper json, WebhookProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    record Settings(String name, boolean down, boolean secretSet) {
    }

    /** Sets the receiver's secret (null: keeps the one it has) and whether it is down; creates it if new. */
    Settings configure(String name, String secret, boolean down) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int updated = jdbc.sql("update sandbox_merchant_receivers set secret = coalesce(:secret, secret), down = :down,"
                        + " updated_at = :now where name = :name")
                .param("secret", secret, java.sql.Types.VARCHAR).param("down", down).param("now", now)
                .param("name", name).update();
        if (updated == 0) {
            try {
                jdbc.sql("insert into sandbox_merchant_receivers (name, secret, down, updated_at) values (?, ?, ?, ?)")
                        .params(name, secret, down, now).update();
            } catch (DuplicateKeyException concurrent) {
                return configure(name, secret, down);
            }
        }
        log.info("Sandbox merchant receiver {} configured: {}", name, down ? "down" : "up");
        return settings(name).orElseThrow();
    }

    Optional<Settings> settings(String name) {
        return jdbc.sql("select name, down, secret from sandbox_merchant_receivers where name = ?").param(name)
                .query((rs, n) -> new Settings(rs.getString("name"), rs.getBoolean("down"),
                        rs.getString("secret") != null))
                .optional();
    }

    /** What the receiver answers to a delivery. */
    enum Answer { RECEIVED, BAD_SIGNATURE, DOWN, UNKNOWN_RECEIVER, NOT_AN_EVENT, ID_TOO_LONG, TYPE_TOO_LONG,
        RETURN_ID_TOO_LONG }

    Answer receive(String name, String signature, byte[] body) {
        Optional<Receiver> receiver = jdbc.sql("select down, secret from sandbox_merchant_receivers where name = ?")
                .param(name).query((rs, n) -> new Receiver(rs.getBoolean("down"), rs.getString("secret"))).optional();
        if (receiver.isEmpty()) {
            return Answer.UNKNOWN_RECEIVER;
        }
        if (receiver.get().down()) {
            return Answer.DOWN;
        }
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (java.io.IOException e) {
            return Answer.NOT_AN_EVENT;
        }
        String id = event == null ? "" : event.path("id").asText("");
        if (id.isEmpty()) {
            return Answer.NOT_AN_EVENT;
        }
        String type = event.path("type").asText("");
        String returnId = event.path("returnId").asText(null);
        if (id.length() > MAX_EVENT_ID) {
            return Answer.ID_TOO_LONG;
        }
        if (type.length() > MAX_EVENT_TYPE) {
            return Answer.TYPE_TOO_LONG;
        }
        if (returnId != null && returnId.length() > MAX_RETURN_ID) {
            return Answer.RETURN_ID_TOO_LONG;
        }
        boolean valid = WebhookSignature.verify(signature, body, receiver.get().secret(), clock.instant(),
                properties.sandboxReceiver().signatureTolerance());
        record(name, id, type, returnId, valid);
        return valid ? Answer.RECEIVED : Answer.BAD_SIGNATURE;
    }

    private record Receiver(boolean down, String secret) {
    }

    private void record(String name, String eventId, String type, String returnId, boolean valid) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int updated = jdbc.sql("""
                        update sandbox_merchant_receipts set times_received = times_received + 1, last_received_at = ?,
                            signature_valid = (signature_valid or ?) where receiver = ? and event_id = ?""")
                .params(now, valid, name, eventId).update();
        if (updated == 0) {
            try {
                jdbc.sql("""
                                insert into sandbox_merchant_receipts (receiver, event_id, event_type, return_id,
                                    signature_valid, times_received, first_received_at, last_received_at)
                                values (?, ?, ?, ?, ?, 1, ?, ?)""")
                        .params(name, eventId, type, returnId, valid, now, now).update();
            } catch (DuplicateKeyException concurrent) {
                record(name, eventId, type, returnId, valid);
            }
        }
    }

    /** One event as the receiver kept it. */
    record Receipt(String eventId, String type, String returnId, boolean signatureValid, int timesReceived,
                   OffsetDateTime firstReceivedAt, OffsetDateTime lastReceivedAt) {
    }

    /** What arrived, in the order it first arrived. */
    List<Receipt> receipts(String name) {
        return jdbc.sql("""
                        select event_id, event_type, return_id, signature_valid, times_received, first_received_at,
                               last_received_at from sandbox_merchant_receipts where receiver = ? order by seq""")
                .param(name)
                .query((rs, n) -> new Receipt(rs.getString("event_id"), rs.getString("event_type"),
                        rs.getString("return_id"), rs.getBoolean("signature_valid"), rs.getInt("times_received"),
                        rs.getObject("first_received_at", OffsetDateTime.class),
                        rs.getObject("last_received_at", OffsetDateTime.class)))
                .list();
    }
}
