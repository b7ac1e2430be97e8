package io.returnflow.dropoff;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which clerk works at which store ({@code store_clerks}): a clerk checks parcels in only at the
 * stores bound to them. Bindings outlive a store's deactivation, so that its last codes can still be
 * checked in; operations remove them explicitly.
 */
@Repository
public class StoreClerks {

    private final JdbcClient jdbc;

    public StoreClerks(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        try {
            jdbc.sql("insert into store_clerks (store_id, user_id, bound_at, bound_by) values (?, ?, ?, ?)")
                    .params(storeId, userId, at, by).update();
            return true;
        } catch (DuplicateKeyException boundMeanwhile) {
            return false;
        }
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
