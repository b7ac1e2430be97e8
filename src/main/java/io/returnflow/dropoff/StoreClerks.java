package io.returnflow.dropoff;

import java.time.OffsetDateTime;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.platform.DatabaseKind;

/**
 * Which clerk works at which store ({@code store_clerks}): a clerk checks parcels in only at the
 * stores bound to them. Bindings outlive a store's deactivation, so that its last codes can still be
 * checked in; operations remove them explicitly.
 */
@Repository
public class StoreClerks {

    private static final String INSERT_POSTGRES = """
            insert into store_clerks (store_id, user_id, bound_at, bound_by) values (?, ?, ?, ?)
            on conflict do nothing""";
    private static final String INSERT_MERGE = """
            merge into store_clerks t
            using (select cast(? as varchar(32)) as store_id, cast(? as varchar(64)) as user_id) s
              on t.store_id = s.store_id and t.user_id = s.user_id
            when not matched then insert (store_id, user_id, bound_at, bound_by) values (s.store_id, s.user_id, ?, ?)""";

    private final JdbcClient jdbc;
    private final String insertSql;

    public StoreClerks(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        // every node binds the seeded clerks at start: a binding another node inserted meanwhile is no failure, so
        // that the seeding's transaction goes on (PostgreSQL aborts a transaction at its first failed statement)
        this.insertSql = DatabaseKind.of(dataSource) == DatabaseKind.POSTGRES ? INSERT_POSTGRES : INSERT_MERGE;
    }

    public boolean isBound(String storeId, String userId) {
        return jdbc.sql("select count(*) from store_clerks where store_id = ? and user_id = ?")
                .params(storeId, userId).query(Long.class).single() > 0;
    }

    /** Binds the clerk to the store; answers false when they were bound already. */
    public boolean bind(String storeId, String userId, String by, OffsetDateTime at) {
        if (isBound(storeId, userId)) {
            return false;
        }
        return jdbc.sql(insertSql).params(storeId, userId, at, by).update() == 1;
    }

    /** Unbinds the clerk from the store; answers false when they were not bound. */
    public boolean unbind(String storeId, String userId) {
        return jdbc.sql("delete from store_clerks where store_id = ? and user_id = ?").params(storeId, userId)
                .update() == 1;
    }

    /** The ids of the stores the clerk is bound to, in id order. */
    public List<String> storesOf(String userId) {
        return jdbc.sql("select store_id from store_clerks where user_id = ? order by store_id").param(userId)
                .query(String.class).list();
    }

    /** The clerks bound to the store, in id order. */
    public List<String> clerksOf(String storeId) {
        return jdbc.sql("select user_id from store_clerks where store_id = ? order by user_id").param(storeId)
                .query(String.class).list();
    }
}
