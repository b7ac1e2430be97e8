package io.returnflow.returns;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.platform.DatabaseKind;

/**
 * Serialises the acceptance of returns of one order (a row lock on the order's guard row, held to
 * the end of the transaction), so the refund ceiling "paid minus what other returns take" is read
 * and written by one request at a time.
 */
@Repository
public class OrderGuards {

    private final JdbcClient jdbc;
    private final String ensureRow;

    public OrderGuards(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        // both statements insert the row once and never fail on a concurrent insert
        this.ensureRow = DatabaseKind.of(dataSource) == DatabaseKind.POSTGRES
                ? "insert into order_guards (order_id) values (?) on conflict do nothing"
                : "merge into order_guards key (order_id) values (?)";
    }

    /** Blocks until no other transaction holds the order; holds it until this transaction ends. */
    public void lock(String orderId) {
        jdbc.sql(ensureRow).param(orderId).update();
        jdbc.sql("select order_id from order_guards where order_id = ? for update").param(orderId)
                .query(String.class).single();
    }
}
