package io.returnflow.exchange;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.platform.Text;

/** The exchange orders ({@code exchange_orders} and their lines). */
@Repository
public class ExchangeOrders {

    private final JdbcClient jdbc;

    public ExchangeOrders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The return's exchange order, if it has one. */
    public Optional<ExchangeOrder> ofReturn(String returnId) {
        return jdbc.sql("select * from exchange_orders where return_id = ?").param(returnId)
                .query(this::map).optional();
    }

    Optional<ExchangeOrder> find(String id) {
        return jdbc.sql("select * from exchange_orders where id = ?").param(id).query(this::map).optional();
    }

    /**
     * The order, its row locked until the caller's transaction ends: the outcome API and the journey's look-up
     * both take it, so that neither misses what the other did.
     */
    Optional<ExchangeOrder> lock(String id) {
        return jdbc.sql("select * from exchange_orders where id = ? for update").param(id).query(this::map).optional();
    }

    void insert(ExchangeOrder order) {
        jdbc.sql("""
                        insert into exchange_orders (id, return_id, order_id, customer_id, status, instant, placed_at,
                                                     updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(order.id(), order.returnId(), order.orderId(), order.customerId(), order.status().name(),
                        order.instant(), order.placedAt(), order.placedAt())
                .update();
        for (ExchangeOrder.Line line : order.lines()) {
            jdbc.sql("""
                            insert into exchange_order_lines (exchange_order_id, line_id, sku, name, quantity,
                                                              unit_price)
                            values (?, ?, ?, ?, ?, ?)""")
                    .params(order.id(), line.lineId(), line.sku(), line.name(), line.quantity(), line.unitPrice())
                    .update();
        }
    }

    /**
     * Records where the order stands. The reason (the shop's words, a list of skus: any length) is cut to its column
     * with a marker; a shop order id is an identity and never cut: a longer one is refused before it gets here.
     */
    void update(String id, ExchangeStatus status, String shopOrderId, String reason, OffsetDateTime answeredAt,
                OffsetDateTime now) {
        if (shopOrderId != null && shopOrderId.length() > ExchangeOrder.SHOP_ORDER_ID_LENGTH) {
            throw new IllegalArgumentException("Exchange order " + id + ": a shop order id of " + shopOrderId.length()
                    + " characters does not fit (" + ExchangeOrder.SHOP_ORDER_ID_LENGTH + " at most)");
        }
        jdbc.sql("""
                        update exchange_orders set status = ?, shop_order_id = coalesce(?, shop_order_id), reason = ?,
                               answered_at = ?, updated_at = ?
                         where id = ?""")
                .params(status.name(), shopOrderId, Text.fit(reason, ExchangeOrder.REASON_LENGTH), answeredAt, now, id)
                .update();
    }

    private ExchangeOrder map(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        List<ExchangeOrder.Line> lines = jdbc.sql("""
                        select * from exchange_order_lines where exchange_order_id = ? order by line_id""")
                .param(id)
                .query((l, n) -> new ExchangeOrder.Line(l.getString("line_id"), l.getString("sku"),
                        l.getString("name"), l.getInt("quantity"), l.getBigDecimal("unit_price")))
                .list();
        return new ExchangeOrder(id, rs.getString("return_id"), rs.getString("order_id"), rs.getString("customer_id"),
                ExchangeStatus.valueOf(rs.getString("status")), rs.getBoolean("instant"), rs.getString("shop_order_id"),
                rs.getString("reason"), rs.getObject("placed_at", OffsetDateTime.class),
                rs.getObject("answered_at", OffsetDateTime.class), lines);
    }
}
