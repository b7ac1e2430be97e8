package io.returnflow.selfservice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.returns.ReturnRequest;

/**
 * The table {@code return_links} (V25). The order's lines are kept as JSON in {@code items}, each with the exchange
 * options the shop offers for it ({@code exchangeOptions}; absent in links made before, read as none).
 */
@Repository
class ReturnLinks {

    private static final TypeReference<List<ReturnLinkRequest.Line>> ITEMS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ReturnLinks(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(ReturnLink link) {
        var c = link.customer();
        var p = link.payment();
        jdbc.sql("""
                        insert into return_links (id, order_id, ordered_at, delivered_at, customer_id, customer_name,
                            customer_phone, customer_email, customer_tier, customer_language, payment_provider,
                            payment_charge_id, payment_currency, amount_paid, items, shipping_address, created_by,
                            created_at, expires_at)
                        values (:id, :orderId, :orderedAt, :deliveredAt, :customerId, :customerName, :phone, :email,
                            :tier, :language, :provider, :chargeId, :currency, :amountPaid, :items, :address, :by,
                            :createdAt, :expiresAt)""")
                .param("id", link.id()).param("orderId", link.orderId())
                .param("orderedAt", link.orderedAt()).param("deliveredAt", link.deliveredAt())
                .param("customerId", c.id()).param("customerName", c.name()).param("phone", c.phone())
                .param("email", c.email()).param("tier", c.tier()).param("language", c.language())
                .param("provider", p.provider()).param("chargeId", p.chargeId()).param("currency", p.currency())
                .param("amountPaid", p.amountPaid()).param("items", write(link.items()))
                .param("address", link.shippingAddress() == null ? null : write(link.shippingAddress()))
                .param("by", link.createdBy()).param("createdAt", link.createdAt())
                .param("expiresAt", link.expiresAt())
                .update();
    }

    Optional<ReturnLink> find(String id) {
        return jdbc.sql("select * from return_links where id = :id").param("id", id).query(this::map).optional();
    }

    /** The link, its row locked until the transaction ends: one confirmation of a link at a time. */
    Optional<ReturnLink> lock(String id) {
        return jdbc.sql("select * from return_links where id = :id for update").param("id", id)
                .query(this::map).optional();
    }

    void startedReturn(String id, String returnId, String confirmationHash) {
        jdbc.sql("""
                        update return_links set return_id = :returnId, confirmation_hash = :hash,
                            returns_started = returns_started + 1 where id = :id""")
                .param("id", id).param("returnId", returnId).param("hash", confirmationHash).update();
    }

    /**
     * Counts one call against the link's allowance, in one statement (so on every node alike): a new window
     * starts with the first call after the last one ended.
     *
     * @return the calls of the current window, this one included, and when the window started
     */
    Spent spend(String id, OffsetDateTime now, Duration window) {
        OffsetDateTime windowOpenedAfter = now.minus(window);
        jdbc.sql("""
                        update return_links set
                            calls = case when calls_since > :after then calls + 1 else 1 end,
                            calls_since = case when calls_since > :after then calls_since else :now end
                        where id = :id""")
                .param("id", id).param("after", windowOpenedAfter).param("now", now).update();
        return jdbc.sql("select calls, calls_since from return_links where id = :id").param("id", id)
                .query((rs, n) -> new Spent(rs.getInt("calls"), rs.getObject("calls_since", OffsetDateTime.class)))
                .single();
    }

    record Spent(int calls, OffsetDateTime since) {
    }

    private ReturnLink map(ResultSet rs, int row) throws SQLException {
        String address = rs.getString("shipping_address");
        return new ReturnLink(rs.getString("id"), rs.getString("order_id"),
                rs.getObject("ordered_at", OffsetDateTime.class), rs.getObject("delivered_at", OffsetDateTime.class),
                new ReturnRequest.Customer(rs.getString("customer_id"), rs.getString("customer_name"),
                        rs.getString("customer_phone"), rs.getString("customer_email"), rs.getString("customer_tier"),
                        rs.getString("customer_language")),
                new ReturnRequest.Payment(rs.getString("payment_provider"), rs.getString("payment_charge_id"),
                        rs.getString("payment_currency"), rs.getBigDecimal("amount_paid")),
                read(rs.getString("items"), ITEMS),
                address == null ? null : read(address, new TypeReference<ReturnRequest.Address>() {
                }),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getString("return_id"),
                rs.getString("confirmation_hash"), rs.getInt("returns_started"));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a return link's order as JSON", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A return link's order is not the JSON it was written as", e);
        }
    }
}
