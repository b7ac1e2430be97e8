package io.returnflow.returns;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code Idempotency-Key} of {@code POST /api/returns}: the key (per calling user) remembers the
 * request's hash and the return it created, so a repeated request answers the first result.
 */
@Repository
public class IdempotencyKeys {

    private final JdbcClient jdbc;
    private final Clock clock;

    public IdempotencyKeys(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Entry> find(String principal, String key) {
        return jdbc.sql("select request_hash, return_id, response_status from idempotency_keys where idem_key = ?")
                .param(scoped(principal, key))
                .query((rs, n) -> new Entry(rs.getString("request_hash"), rs.getString("return_id"),
                        rs.getInt("response_status")))
                .optional();
    }

    /**
     * Claims the key for a new return. A concurrent request with the same key fails here with
     * {@link KeyInUse}, its transaction rolls back, and it can then replay the first answer.
     */
    public void claim(String principal, String key, String requestHash, String returnId, int responseStatus) {
        try {
            jdbc.sql("""
                            insert into idempotency_keys (idem_key, principal, request_hash, return_id, response_status,
                              created_at) values (?, ?, ?, ?, ?, ?)""")
                    .params(scoped(principal, key), principal, requestHash, returnId, responseStatus,
                            OffsetDateTime.now(clock))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new KeyInUse(key);
        }
    }

    public void settle(String principal, String key, int responseStatus) {
        jdbc.sql("update idempotency_keys set response_status = ? where idem_key = ?")
                .params(responseStatus, scoped(principal, key)).update();
    }

    private static String scoped(String principal, String key) {
        return principal + ":" + key;
    }

    public record Entry(String requestHash, String returnId, int responseStatus) {
    }

    /** Another request with the same key got there first. */
    public static class KeyInUse extends RuntimeException {
        public KeyInUse(String key) {
            super("Idempotency-Key " + key + " is already in use");
        }
    }
}
