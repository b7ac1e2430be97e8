package io.returnflow.exchange.sandbox;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.exchange.CommerceProperties;
import io.returnflow.platform.RandomIds;

/**
 * The sandbox shop's state and decisions: stock per sku, the orders it took, and the scenarios chosen by magic
 * values in a replacement sku ({@link Scenario}). Its answers are the protocol's (README, "Exchanges").
 */
@Component
@ConditionalOnProperty(prefix = "returnflow.commerce.sandbox", name = "enabled", havingValue = "true")
class SandboxShop {

    static final String CONFIRMED = "confirmed";
    static final String PENDING = "pending";
    static final String OUT_OF_STOCK = "out_of_stock";
    static final String REFUSED = "refused";

    /** {@code sandbox_commerce_orders.id} and {@code return_id}. */
    static final int ID_LENGTH = 64;
    /** {@code sandbox_commerce_stock.sku}. */
    static final int SKU_LENGTH = 128;
    /** {@code sandbox_commerce_orders.skus}: the skus out of stock, comma-separated. */
    static final int SKUS_LENGTH = 1000;

    private final JdbcClient jdbc;
    private final CommerceProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    SandboxShop(JdbcClient jdbc, CommerceProperties properties, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** The scenarios a replacement sku containing the magic value chooses. */
    enum Scenario {
        OUT_OF_STOCK("sandbox:out-of-stock"),
        PENDING_THEN_CONFIRMED("sandbox:pending-confirmed"),
        PENDING_THEN_OUT_OF_STOCK("sandbox:pending-out-of-stock"),
        UNAVAILABLE_TWICE("sandbox:unavailable-twice"),
        UNKNOWN_CODE("sandbox:unknown-code"),
        REFUSED("sandbox:refused"),
        ORDINARY("");

        final String magic;

        Scenario(String magic) {
            this.magic = magic;
        }

        static Scenario of(OrderRequest request) {
            for (Scenario scenario : values()) {
                if (scenario != ORDINARY && request.lines().stream()
                        .anyMatch(line -> line.sku() != null && line.sku().contains(scenario.magic))) {
                    return scenario;
                }
            }
            return ORDINARY;
        }
    }

    /** What the shop answers to a request: an order object (201/200) or a problem with its code. */
    sealed interface Answer {
    }

    record Taken(Map<String, Object> order, boolean replayed) implements Answer {
    }

    record Problem(int status, String code, String detail) implements Answer {
    }

    /**
     * Why the shop cannot take a request as the protocol defines it (400 {@code invalid_request}), or empty: the
     * order and return ids, and every line with a sku and a positive quantity. The sandbox keeps what it takes in
     * bounded columns: a key, return id or sku longer than those, or more skus than it can list, is refused too.
     */
    static Optional<Problem> invalid(String key, OrderRequest request) {
        if (key == null || key.isBlank() || key.length() > ID_LENGTH) {
            return invalidRequest("Idempotency-Key is required, at most " + ID_LENGTH + " characters");
        }
        if (request == null) {
            return invalidRequest("The order is required");
        }
        if (request.id() == null || request.id().isBlank()) {
            return invalidRequest("id is required: the exchange order's id");
        }
        if (request.returnId() == null || request.returnId().isBlank() || request.returnId().length() > ID_LENGTH) {
            return invalidRequest("returnId is required, at most " + ID_LENGTH + " characters");
        }
        if (request.lines() == null || request.lines().isEmpty()) {
            return invalidRequest("lines are required");
        }
        int skus = 0;
        for (int i = 0; i < request.lines().size(); i++) {
            OrderRequest.Line line = request.lines().get(i);
            if (line == null) {
                return invalidRequest("lines[" + i + "] is empty");
            }
            if (line.sku() == null || line.sku().isBlank() || line.sku().length() > SKU_LENGTH) {
                return invalidRequest("lines[" + i + "].sku is required, at most " + SKU_LENGTH + " characters");
            }
            if (line.quantity() <= 0) {
                return invalidRequest("lines[" + i + "].quantity must be positive, not " + line.quantity());
            }
            skus += line.sku().length() + 1;
        }
        if (skus - 1 > SKUS_LENGTH) {
            return invalidRequest("The sandbox shop lists at most " + SKUS_LENGTH + " characters of skus per order");
        }
        return Optional.empty();
    }

    private static Optional<Problem> invalidRequest(String detail) {
        return Optional.of(new Problem(400, "invalid_request", detail));
    }

    /** {@code POST /v1/exchange-orders}; the request passed {@link #invalid}. */
    @Transactional
    Answer place(String key, OrderRequest request) {
        String body = write(request);
        Optional<Map<String, Object>> row = jdbc.sql("select id from sandbox_commerce_orders where id = ? for update")
                .param(key).query(String.class).optional().map(this::row);
        Scenario scenario = Scenario.of(request);
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (row.isPresent()) {
            if (!body.equals(row.get().get("request"))) {
                return new Problem(409, "idempotency_conflict", "Another request was sent under " + key);
            }
            int tries = ((Number) row.get().get("tries")).intValue() + 1;
            jdbc.sql("update sandbox_commerce_orders set tries = ? where id = ?").params(tries, key).update();
            if ("FAILING".equals(row.get().get("status"))) {
                if (tries <= properties.sandbox().unavailableFailures()) {
                    return new Problem(503, "unavailable", "The sandbox shop fails this try (" + tries + ")");
                }
                decide(key, request, Scenario.ORDINARY, now);
                return new Taken(order(key), false);
            }
            return new Taken(order(key), true);
        }
        if (scenario == Scenario.UNKNOWN_CODE) {
            return new Problem(422, "sandbox_unknown_code", "The sandbox shop answers with a code the protocol "
                    + "does not define");
        }
        jdbc.sql("""
                        insert into sandbox_commerce_orders (id, return_id, request, status, tries, created_at)
                        values (?, ?, ?, 'FAILING', 1, ?)""")
                .params(key, request.returnId(), body, now).update();
        if (scenario == Scenario.UNAVAILABLE_TWICE && properties.sandbox().unavailableFailures() > 0) {
            return new Problem(503, "unavailable", "The sandbox shop fails this try (1)");
        }
        decide(key, request, scenario, now);
        return new Taken(order(key), false);
    }

    private void decide(String key, OrderRequest request, Scenario scenario, OffsetDateTime now) {
        String status;
        String becomes = null;
        List<String> skus = new ArrayList<>();
        switch (scenario) {
            case OUT_OF_STOCK -> {
                status = OUT_OF_STOCK;
                request.lines().stream().filter(l -> l.sku().contains(Scenario.OUT_OF_STOCK.magic))
                        .forEach(l -> skus.add(l.sku()));
            }
            case PENDING_THEN_CONFIRMED -> {
                status = PENDING;
                becomes = CONFIRMED;
            }
            case PENDING_THEN_OUT_OF_STOCK -> {
                status = PENDING;
                becomes = OUT_OF_STOCK;
                request.lines().forEach(l -> skus.add(l.sku()));
            }
            case REFUSED -> status = REFUSED;
            default -> {
                for (OrderRequest.Line line : request.lines()) {
                    if (stock(line.sku()) < line.quantity()) {
                        skus.add(line.sku());
                    }
                }
                status = skus.isEmpty() ? CONFIRMED : OUT_OF_STOCK;
                if (skus.isEmpty()) {
                    request.lines().forEach(line -> take(line.sku(), line.quantity()));
                }
            }
        }
        jdbc.sql("""
                        update sandbox_commerce_orders set status = ?, becomes = ?, skus = ?, shop_order_id = ?,
                               answered_at = ?
                         where id = ?""")
                .params(status, becomes, skus.isEmpty() ? null : String.join(",", skus),
                        status.equals(OUT_OF_STOCK) || status.equals(REFUSED) ? null
                                : RandomIds.next("SHOP-", RandomIds.ALPHANUMERIC, 10),
                        PENDING.equals(status) ? null : now, key)
                .update();
    }

    private int stock(String sku) {
        return jdbc.sql("select available from sandbox_commerce_stock where sku = ?").param(sku)
                .query(Integer.class).optional().orElse(properties.sandbox().defaultStock());
    }

    private void take(String sku, int quantity) {
        int left = stock(sku) - quantity;
        if (jdbc.sql("update sandbox_commerce_stock set available = ? where sku = ?").params(left, sku).update() == 0) {
            jdbc.sql("insert into sandbox_commerce_stock (sku, available) values (?, ?)").params(sku, left).update();
        }
    }

    /** Sets a sku's stock (the sandbox's own endpoint, and tests). */
    @Transactional
    void setStock(String sku, int available) {
        if (jdbc.sql("update sandbox_commerce_stock set available = ? where sku = ?").params(available, sku)
                .update() == 0) {
            jdbc.sql("insert into sandbox_commerce_stock (sku, available) values (?, ?)").params(sku, available)
                    .update();
        }
    }

    /** {@code GET /v1/exchange-orders/{id}}: empty when unknown or never decided (a failing first try). */
    Optional<Map<String, Object>> find(String id) {
        var found = jdbc.sql("select status from sandbox_commerce_orders where id = ?").param(id)
                .query(String.class).optional();
        return found.filter(status -> !"FAILING".equals(status)).map(status -> order(id));
    }

    /**
     * Decides the pending orders due (all of them when {@code all}): they become what their scenario says.
     *
     * @return the ids decided now, or decided earlier and not yet told to ReturnFlow
     */
    @Transactional
    List<String> decideDue(boolean all) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime createdBefore = all ? now.plusYears(100) : now.minus(properties.sandbox().pendingFor());
        List<String> due = jdbc.sql("""
                        select id from sandbox_commerce_orders where status = 'pending' and created_at <= ?
                         order by created_at, id""")
                .param(createdBefore).query(String.class).list();
        for (String id : due) {
            jdbc.sql("update sandbox_commerce_orders set status = becomes, answered_at = ? where id = ?")
                    .params(now, id).update();
        }
        return jdbc.sql("""
                        select id from sandbox_commerce_orders where told_at is null and becomes is not null
                           and status <> 'pending' order by created_at, id""")
                .query(String.class).list();
    }

    /** Claims the telling of a decided order: false when a step or a tick on another thread claimed it first. */
    @Transactional
    boolean claimTelling(String id) {
        return jdbc.sql("update sandbox_commerce_orders set told_at = ? where id = ? and told_at is null")
                .params(OffsetDateTime.now(clock), id).update() == 1;
    }

    /** The telling failed without an answer (no connection, 5xx): the next step or tick tells again. */
    @Transactional
    void notTold(String id) {
        jdbc.sql("update sandbox_commerce_orders set told_at = null where id = ?").param(id).update();
    }

    /** Every order, newest first. */
    List<Map<String, Object>> all() {
        return jdbc.sql("select id from sandbox_commerce_orders where status <> 'FAILING' order by created_at desc, id")
                .query(String.class).list().stream().map(this::order).toList();
    }

    /** The protocol's order object. */
    Map<String, Object> order(String id) {
        Map<String, Object> row = row(id);
        Map<String, Object> order = new LinkedHashMap<>();
        String status = (String) row.get("status");
        order.put("id", id);
        order.put("status", status);
        order.put("shopOrderId", row.get("shop_order_id"));
        String skus = (String) row.get("skus");
        order.put("outOfStockSkus", OUT_OF_STOCK.equals(status) && skus != null ? List.of(skus.split(",")) : List.of());
        order.put("refusal", REFUSED.equals(status)
                ? Map.of("code", "item_discontinued", "reason", "The replacement is no longer sold") : null);
        return order;
    }

    private Map<String, Object> row(String id) {
        Map<String, Object> raw = jdbc.sql("select * from sandbox_commerce_orders where id = ?").param(id)
                .query().singleRow();
        Map<String, Object> row = new LinkedHashMap<>();
        raw.forEach((column, value) -> row.put(column.toLowerCase(java.util.Locale.ROOT), value));
        return row;
    }

    private String write(OrderRequest request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The sandbox shop could not keep a request", e);
        }
    }

    /** The protocol's request body as the sandbox reads it. */
    record OrderRequest(String id, String returnId, String orderId, String customerId, boolean instant,
                        List<Line> lines) {

        record Line(String lineId, String sku, String name, int quantity, String unitPrice) {
        }
    }
}
