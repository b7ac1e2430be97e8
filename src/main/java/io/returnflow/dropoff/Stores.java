package io.returnflow.dropoff;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.platform.DatabaseKind;
import io.returnflow.returns.DropOffStoreDirectory;

/** The drop-off store network ({@code stores}). */
@Repository
public class Stores implements DropOffStoreDirectory {

    /** {@code updated_by} of a store the seed file still owns (operations never changed it). */
    static final String SEED = "seed";

    /** Inserts a store unless one with its id exists, without failing on another node's insert of it. */
    private static final String INSERT_POSTGRES = """
            insert into stores (id, name, province, city, district, address, post_code, phone, opening_hours,
              carrier_account, consolidation_parcels, consolidation_schedule, active, updated_at, updated_by)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do nothing""";
    private static final String INSERT_MERGE = """
            merge into stores t
            using (select cast(? as varchar(32)) as id) s on t.id = s.id
            when not matched then insert (id, name, province, city, district, address, post_code, phone,
              opening_hours, carrier_account, consolidation_parcels, consolidation_schedule, active, updated_at,
              updated_by)
            values (s.id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final String insertSql;

    public Stores(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        // every node seeds the stores at start: an insert never fails on a store another node inserted, so that
        // the seeding's transaction goes on (PostgreSQL aborts a transaction at its first failed statement)
        this.insertSql = DatabaseKind.of(dataSource) == DatabaseKind.POSTGRES ? INSERT_POSTGRES : INSERT_MERGE;
    }

    /** An active store: one buyers may choose and new returns may go to. */
    public Optional<Store> find(String id) {
        return jdbc.sql("select * from stores where id = ? and active = true").param(id)
                .query(Stores::map).optional();
    }

    @Override
    public boolean takesDropOffs(String storeId) {
        return find(storeId).isPresent();
    }

    /** A store whether active or not (operations, parcels already at a store that closed since). */
    public Optional<Store> findAny(String id) {
        return jdbc.sql("select * from stores where id = ?").param(id).query(Stores::map).optional();
    }

    /** The active stores, of one city or all. */
    public List<Store> inCity(String city) {
        if (city == null || city.isBlank()) {
            return jdbc.sql("select * from stores where active = true order by id").query(Stores::map).list();
        }
        return jdbc.sql("select * from stores where active = true and city = ? order by id").param(city)
                .query(Stores::map).list();
    }

    /** Several stores by id, active or not, in id order. */
    public List<Store> withIds(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from stores where id in (:ids) order by id").param("ids", ids)
                .query(Stores::map).list();
    }

    /** Adds a store; false when one with this id exists already (active or not). */
    public boolean create(Store s, String by, OffsetDateTime at) {
        if (findAny(s.id()).isPresent()) {
            return false;
        }
        return insert(s, by, at);
    }

    /** Marks a store as changed by {@code by} (its clerks, say), so that seeding leaves it alone from now on. */
    public void touch(String id, String by, OffsetDateTime at) {
        jdbc.sql("update stores set updated_at = ?, updated_by = ? where id = ?").params(at, by, id).update();
    }

    /** Whether this call inserted it (false: it exists, another node inserted it meanwhile). */
    private boolean insert(Store s, String by, OffsetDateTime at) {
        return jdbc.sql(insertSql)
                .params(s.id(), s.name(), s.province(), s.city(), s.district(), s.address(), s.postCode(), s.phone(),
                        s.openingHours(), s.carrierAccount(), s.consolidationParcels(), s.consolidationSchedule(),
                        s.active(), at, by)
                .update() == 1;
    }

    /** Replaces a store's data (including whether it is active); false when there is no such store. */
    public boolean update(Store s, String by, OffsetDateTime at) {
        return jdbc.sql("""
                        update stores set name = ?, province = ?, city = ?, district = ?, address = ?, post_code = ?,
                          phone = ?, opening_hours = ?, carrier_account = ?, consolidation_parcels = ?,
                          consolidation_schedule = ?, active = ?, updated_at = ?, updated_by = ? where id = ?""")
                .params(s.name(), s.province(), s.city(), s.district(), s.address(), s.postCode(), s.phone(),
                        s.openingHours(), s.carrierAccount(), s.consolidationParcels(), s.consolidationSchedule(),
                        s.active(), at, by, s.id())
                .update() == 1;
    }

    /** Takes a store out of the network; false when there is no such store. */
    public boolean deactivate(String id, String by, OffsetDateTime at) {
        return jdbc.sql("update stores set active = false, updated_at = ?, updated_by = ? where id = ?")
                .params(at, by, id).update() == 1;
    }

    /**
     * Inserts or updates a store from a seed file, so that seeding is repeatable; a store operations
     * changed through the API is left as they made it.
     *
     * @return whether the seed's version was written
     */
    public boolean seed(Store s, OffsetDateTime at) {
        int updated = jdbc.sql("""
                        update stores set name = ?, province = ?, city = ?, district = ?, address = ?, post_code = ?,
                          phone = ?, opening_hours = ?, carrier_account = ?, consolidation_parcels = ?,
                          consolidation_schedule = ?, active = ?, updated_at = ?, updated_by = ?
                        where id = ? and (updated_by is null or updated_by = ?)""")
                .params(s.name(), s.province(), s.city(), s.district(), s.address(), s.postCode(), s.phone(),
                        s.openingHours(), s.carrierAccount(), s.consolidationParcels(), s.consolidationSchedule(),
                        s.active(), at, SEED, s.id(), SEED)
                .update();
        return updated == 1 || create(s, SEED, at);
    }

    /** Inserts or updates a store as given (test fixtures, tools); prefer {@link #create} and {@link #update}. */
    public void save(Store s) {
        OffsetDateTime now = OffsetDateTime.now();
        if (!update(s, SEED, now)) {
            create(s, SEED, now);
        }
    }

    private static Store map(ResultSet rs, int row) throws SQLException {
        return new Store(rs.getString("id"), rs.getString("name"), rs.getString("province"), rs.getString("city"),
                rs.getString("district"), rs.getString("address"), rs.getString("post_code"), rs.getString("phone"),
                rs.getString("opening_hours"), rs.getString("carrier_account"), rs.getInt("consolidation_parcels"),
                rs.getString("consolidation_schedule"), rs.getBoolean("active"));
    }
}
