package io.returnflow.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Service;

/**
 * The API keys merchant systems and other integrations authenticate with ({@code Authorization: Bearer <key>}),
 * instead of a person's password: a wrong key is refused without asking the engine's identity service, so it
 * neither costs an identity lookup nor counts towards the login throttling that locks a user out.
 *
 * <p>A key reads {@code rfk_<id>_<secret>}: the id (64 random bits, hex) finds the row, the secret (256 random bits,
 * Base64url) makes it unguessable. Only the SHA-256 of the whole key is stored: a key of that much randomness cannot
 * be found back from its hash, so a slow password hash would add nothing but CPU per request. Hashes are compared
 * in constant time.
 */
@Service
class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    static final String KEY_PREFIX = "rfk_";
    private static final int ID_BYTES = 8;
    private static final int SECRET_BYTES = 32;
    private static final int ID_LENGTH = ID_BYTES * 2;
    private static final int SECRET_LENGTH = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(new byte[SECRET_BYTES]).length();
    private static final int KEY_LENGTH = KEY_PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH;
    private static final char SEPARATOR = '_';
    private static final String ROLE_SEPARATOR = " ";
    /** What an unknown id is compared with, so that it takes as long as a known one. */
    private static final byte[] NO_HASH = new byte[256 / Byte.SIZE];

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApiKeyProperties properties;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(JdbcClient jdbc, Clock clock, ApiKeyProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Creates a key with these roles.
     *
     * @throws ApiProblem 400 naming {@code roles[i]} for a role a key may not carry ({@link Roles#API_KEY_ROLES})
     */
    public ApiKeyCreated create(String name, List<String> roles, String createdBy) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            // a JSON null in the list is no role (and List.of(...).contains(null) would throw)
            if (role == null || !Roles.API_KEY_ROLES.contains(role)) {
                errors.add(new ApiProblem.FieldError("roles[" + i + "]",
                        "is not a role an API key may carry: one of " + String.join(", ", Roles.API_KEY_ROLES)));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        String id = HexFormat.of().formatHex(randomBytes(ID_BYTES));
        String key = KEY_PREFIX + id + SEPARATOR
                + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(SECRET_BYTES));
        List<String> distinct = roles.stream().distinct().toList();
        OffsetDateTime now = now();
        jdbc.sql("""
                        insert into api_keys (id, name, key_hash, roles, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(id, name.strip(), HexFormat.of().formatHex(sha256(key)), String.join(ROLE_SEPARATOR, distinct),
                        now, createdBy)
                .update();
        log.info("API key {} ({}) created by {} with roles {}", id, name.strip(), createdBy, distinct);
        return ApiKeyCreated.of(new ApiKey(id, name.strip(), distinct, now, createdBy, null, null, null), key);
    }

    /** Every key, revoked ones included, newest first. */
    public List<ApiKey> all() {
        return jdbc.sql("select * from api_keys order by created_at desc, id").query(ApiKeys::map).list();
    }

    public Optional<ApiKey> find(String id) {
        return jdbc.sql("select * from api_keys where id = ?").param(id).query(ApiKeys::map).optional();
    }

    /**
     * Revokes a key: the next request with it is refused. Revoking a revoked key changes nothing (it keeps its
     * first revocation).
     *
     * @return the key as it is now; empty when there is no such key
     */
    public Optional<ApiKey> revoke(String id, String revokedBy) {
        int revoked = jdbc.sql("update api_keys set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null")
                .params(now(), revokedBy, id).update();
        if (revoked == 1) {
            log.info("API key {} revoked by {}", id, revokedBy);
        }
        return find(id);
    }

    /**
     * The authentication a presented key stands for: empty when it is malformed, unknown, wrong or revoked. Reads
     * the key's row only (never the engine's identity service) and writes its use at most once per
     * {@link ApiKeyProperties#lastUsedPrecision()}.
     */
    public Optional<ApiKeyAuthentication> authenticate(String presented) {
        if (presented == null || presented.length() != KEY_LENGTH || !presented.startsWith(KEY_PREFIX)
                || presented.charAt(KEY_PREFIX.length() + ID_LENGTH) != SEPARATOR) {
            return Optional.empty();
        }
        String id = presented.substring(KEY_PREFIX.length(), KEY_PREFIX.length() + ID_LENGTH);
        Optional<StoredKey> stored = jdbc.sql(
                        "select key_hash, roles, revoked_at, last_used_at from api_keys where id = ?")
                .param(id)
                .query((rs, n) -> new StoredKey(HexFormat.of().parseHex(rs.getString("key_hash")),
                        rs.getString("roles"), rs.getObject("revoked_at", OffsetDateTime.class) != null,
                        rs.getObject("last_used_at", OffsetDateTime.class)))
                .optional();
        boolean matches = MessageDigest.isEqual(sha256(presented), stored.map(StoredKey::hash).orElse(NO_HASH));
        if (stored.isEmpty() || !matches || stored.get().revoked()) {
            log.debug("Refused API key {}: {}", id, stored.isEmpty() ? "unknown" : matches ? "revoked" : "wrong");
            return Optional.empty();
        }
        OffsetDateTime now = now();
        OffsetDateTime stale = now.minus(properties.lastUsedPrecision());
        OffsetDateTime lastUsed = stored.get().lastUsedAt();
        // most requests find a recent use and write nothing; the update stays conditional for concurrent requests
        if (lastUsed == null || lastUsed.isBefore(stale)) {
            jdbc.sql("update api_keys set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)")
                    .params(now, id, stale).update();
        }
        return Optional.of(new ApiKeyAuthentication(id, roles(stored.get().roles()).stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList()));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static List<String> roles(String column) {
        return Arrays.stream(column.split(ROLE_SEPARATOR)).filter(r -> !r.isBlank()).toList();
    }

    private static ApiKey map(ResultSet rs, int row) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("name"), roles(rs.getString("roles")),
                utc(rs.getObject("created_at", OffsetDateTime.class)), rs.getString("created_by"),
                utc(rs.getObject("last_used_at", OffsetDateTime.class)),
                utc(rs.getObject("revoked_at", OffsetDateTime.class)), rs.getString("revoked_by"));
    }

    private static OffsetDateTime utc(OffsetDateTime at) {
        return at == null ? null : at.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private record StoredKey(byte[] hash, String roles, boolean revoked, OffsetDateTime lastUsedAt) {
    }
}
