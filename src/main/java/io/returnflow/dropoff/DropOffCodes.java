package io.returnflow.dropoff;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.platform.ApiProblem;

/**
 * Drop-off codes ({@code drop_off_codes}): issued for one return at one store, single use, with an
 * expiry. Only the keyed hash is looked up; the readable code is stored sealed.
 */
@Repository
public class DropOffCodes {

    private final JdbcClient jdbc;
    private final CodeVault vault;
    private final DropOffProperties properties;
    private final Clock clock;
    private final Supplier<DropOffCode> fresh;

    /** Draws of a code that is already stored before issuing gives up: with 44 random bits, never reached. */
    static final int MAX_DRAWS = 10;

    @Autowired
    public DropOffCodes(JdbcClient jdbc, CodeVault vault, DropOffProperties properties, Clock clock) {
        this(jdbc, vault, properties, clock, randomCodes());
    }

    DropOffCodes(JdbcClient jdbc, CodeVault vault, DropOffProperties properties, Clock clock,
                 Supplier<DropOffCode> fresh) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.properties = properties;
        this.clock = clock;
        this.fresh = fresh;
    }

    private static Supplier<DropOffCode> randomCodes() {
        SecureRandom random = new SecureRandom();
        return () -> DropOffCode.generate(random);
    }

    /** Issues a fresh code; a repeated call for the same return answers the code it already has. */
    public IssuedCode issue(String returnId, String storeId) {
        Optional<IssuedCode> existing = current(returnId).filter(c -> c.status() == Status.ISSUED);
        if (existing.isPresent()) {
            return existing.get();
        }
        DropOffCode code = unused();
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime expiresAt = now.plus(properties.codeValidity());
        jdbc.sql("""
                        insert into drop_off_codes (code_hash, return_id, store_id, code_sealed, status, issued_at,
                          expires_at) values (?, ?, ?, ?, ?, ?, ?)""")
                .params(vault.lookupHash(code), returnId, storeId, vault.seal(code), Status.ISSUED.name(), now,
                        expiresAt)
                .update();
        return new IssuedCode(returnId, storeId, code, Status.ISSUED, expiresAt, null, null);
    }

    /**
     * A code stored under none of the configured keys' hashes: the primary key only holds one hash per row, and the
     * same code stored under two keys' hashes would be found twice at the counter.
     */
    private DropOffCode unused() {
        for (int draw = 0; draw < MAX_DRAWS; draw++) {
            DropOffCode code = fresh.get();
            boolean stored = jdbc.sql("select count(*) from drop_off_codes where code_hash in (:hashes)")
                    .param("hashes", vault.lookupHashes(code)).query(Integer.class).single() > 0;
            if (!stored) {
                return code;
            }
        }
        throw new IllegalStateException("No unused drop-off code in " + MAX_DRAWS + " draws");
    }

    /** The return's newest code, whatever its state. */
    public Optional<IssuedCode> current(String returnId) {
        return jdbc.sql("select * from drop_off_codes where return_id = ? order by issued_at desc limit 1")
                .param(returnId).query(this::map).optional();
    }

    /**
     * The code, found by its hash under any configured key (a code issued before a key rotation too).
     *
     * @throws ApiProblem 409 concurrent-change when the code is stored twice, under two keys' hashes (issued before
     *                    {@link #issue} looked under every key): which return it names is not known, so it checks
     *                    in none
     */
    public Optional<IssuedCode> lookup(DropOffCode code) {
        List<IssuedCode> found = jdbc.sql("select * from drop_off_codes where code_hash in (:hashes)")
                .param("hashes", vault.lookupHashes(code))
                .query(this::map).list();
        if (found.size() > 1) {
            throw ApiProblem.conflict("concurrent-change", "This drop-off code was issued for more than one return, "
                    + "so it cannot be checked in; customer service can issue the return a new code.");
        }
        return found.stream().findFirst();
    }

    /**
     * Marks the code used, if it still is issued: the conditional update makes a code single use even
     * when two clerks scan it at the same moment.
     */
    public boolean redeem(DropOffCode code, String clerk, OffsetDateTime at) {
        return jdbc.sql("""
                        update drop_off_codes set status = :used, checked_in_at = :at, checked_in_by = :clerk
                        where code_hash in (:hashes) and status = :issued""")
                .param("used", Status.USED.name()).param("at", at).param("clerk", clerk)
                .param("hashes", vault.lookupHashes(code)).param("issued", Status.ISSUED.name())
                .update() == 1;
    }

    /**
     * Up to {@code limit} stored codes sealed with a retiring key ({@link CodeVault#retiringKeyIds}), or by an
     * older release when its key is configured: the codes that can be re-sealed now. Codes of keys this node lacks
     * are left out, so that they never hold up the others. In the order of issue (then hash), after {@code after}
     * when not null: how the re-sealing walks past codes it cannot re-seal instead of meeting them first on every
     * run.
     */
    public List<SealedCode> sealedWithOtherKeys(SealedCode after, int limit) {
        List<String> conditions = new ArrayList<>();
        var statement = new StringBuilder(
                "select code_hash, code_sealed, return_id, issued_at from drop_off_codes where ");
        List<String> others = vault.retiringKeyIds();
        for (int i = 0; i < others.size(); i++) {
            conditions.add("code_sealed like :key" + i);
        }
        if (vault.opensOlderReleaseCodes()) {
            conditions.add("code_sealed not like :anyKeyId");
        }
        if (conditions.isEmpty()) {
            return List.of();
        }
        statement.append('(').append(String.join(" or ", conditions)).append(')');
        if (after != null) {
            statement.append(" and (issued_at > :afterAt or (issued_at = :afterAt and code_hash > :afterHash))");
        }
        statement.append(" order by issued_at, code_hash fetch first :limit rows only");
        var query = jdbc.sql(statement.toString()).param("limit", limit);
        if (after != null) {
            query = query.param("afterAt", after.issuedAt()).param("afterHash", after.hash());
        }
        for (int i = 0; i < others.size(); i++) {
            query = query.param("key" + i, others.get(i) + CodeVault.KEY_ID_SEPARATOR + "%");
        }
        if (vault.opensOlderReleaseCodes()) {
            query = query.param("anyKeyId", "%" + CodeVault.KEY_ID_SEPARATOR + "%");
        }
        return query.query((rs, row) -> new SealedCode(rs.getString("code_hash"), rs.getString("code_sealed"),
                rs.getString("return_id"), rs.getObject("issued_at", OffsetDateTime.class))).list();
    }

    /**
     * Stores the code under the active key's hash and seal, unless the row changed since it was read (another
     * node re-sealed it first): the conditional update leaves every other column, e.g. a concurrent check-in's
     * status, as it is.
     *
     * @return whether this call re-sealed it
     */
    public boolean reseal(SealedCode stored) {
        DropOffCode code = vault.open(stored.sealed(), stored.hash());
        return jdbc.sql("""
                        update drop_off_codes set code_hash = :hash, code_sealed = :sealed
                        where code_hash = :oldHash and code_sealed = :oldSealed""")
                .param("hash", vault.lookupHash(code)).param("sealed", vault.seal(code))
                .param("oldHash", stored.hash()).param("oldSealed", stored.sealed())
                .update() == 1;
    }

    /** A stored code as kept at rest, with its return and when it was issued. */
    public record SealedCode(String hash, String sealed, String returnId, OffsetDateTime issuedAt) {
    }

    public void voidCodes(String returnId) {
        jdbc.sql("update drop_off_codes set status = ? where return_id = ? and status = ?")
                .params(Status.VOID.name(), returnId, Status.ISSUED.name()).update();
    }

    /** Marks the return's unused codes expired; answers how many there were. */
    public int expire(String returnId) {
        return jdbc.sql("update drop_off_codes set status = ? where return_id = ? and status = ?")
                .params(Status.EXPIRED.name(), returnId, Status.ISSUED.name()).update();
    }

    public void assignShipment(String returnId, String shipmentId) {
        jdbc.sql("update drop_off_codes set shipment_id = ? where return_id = ? and status = ?")
                .params(shipmentId, returnId, Status.USED.name()).update();
    }

    private IssuedCode map(ResultSet rs, int row) throws SQLException {
        return new IssuedCode(rs.getString("return_id"), rs.getString("store_id"),
                vault.open(rs.getString("code_sealed"), rs.getString("code_hash")), Status.valueOf(rs.getString("status")),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("checked_in_at", OffsetDateTime.class),
                rs.getString("shipment_id"));
    }

    public enum Status { ISSUED, USED, VOID, EXPIRED }

    public record IssuedCode(String returnId, String storeId, DropOffCode code, Status status,
                             OffsetDateTime expiresAt, OffsetDateTime checkedInAt, String shipmentId) {
    }
}
