package io.returnflow.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.platform.Money;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnRepository;

/**
 * Computes a return's {@link RiskFacts} from the product's own tables: the buyer's returns, their return links
 * (orders and shipping address), their drop-offs' check-ins and the stores' cities, and the contact keys of
 * assessed returns ({@code risk_contacts}, which this writes for the return first). A handful of indexed queries
 * per request, each bounded by the buyer or by one key.
 */
@Component
@Transactional
public class RiskHistory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHARE_SCALE = 2;

    private final JdbcClient jdbc;
    private final ReturnRepository returns;
    private final RiskProperties properties;
    private final Clock clock;

    public RiskHistory(JdbcClient jdbc, ReturnRepository returns, RiskProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.returns = returns;
        this.properties = properties;
        this.clock = clock;
    }

    /** The facts of a return as of now; records the return's contact keys for the assessments that follow. */
    public RiskFacts of(String returnId) {
        CustomerReturn r = returns.get(returnId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime since = now.minus(properties.lookback());
        String customer = r.customer().id();
        recordContacts(r, now);

        Earlier earlier = jdbc.sql("""
                        select count(*) as returns_count, coalesce(sum(items_total), 0) as returned_value
                        from returns where customer_id = ? and id <> ? and created_at >= ?""")
                .params(customer, r.id(), since)
                .query((rs, row) -> new Earlier(rs.getInt("returns_count"), rs.getBigDecimal("returned_value")))
                .single();
        int knownOrders = count("""
                        select count(*) from (
                            select order_id from returns where customer_id = ? and created_at >= ?
                            union
                            select order_id from return_links where customer_id = ? and created_at >= ?) known""",
                customer, since, customer, since);
        int returnedOrders = count("""
                        select count(distinct order_id) from returns
                        where customer_id = ? and (created_at >= ? or id = ?)""", customer, since, r.id());
        // this return's order is known even when older links and returns are not
        knownOrders = Math.max(knownOrders, returnedOrders);
        boolean newCustomer = count("select count(*) from returns where customer_id = ? and id <> ?", customer,
                r.id()) == 0 && count("select count(*) from return_links where customer_id = ? and order_id <> ?",
                customer, r.orderId()) == 0;

        Optional<String> city = knownCity(r, since);
        boolean farStore = r.method() == ReturnMethod.STORE_DROPOFF && city.isPresent()
                && storeCity(r.dropOffStoreId()).map(store -> !store.equals(city.get())).orElse(false);
        int earlierFarDropOffs = city.map(home -> (int) jdbc.sql("""
                                select distinct r.id, s.city from returns r
                                join drop_off_codes c on c.return_id = r.id
                                join stores s on s.id = c.store_id
                                where r.customer_id = ? and r.id <> ? and r.created_at >= ?
                                  and c.checked_in_at is not null""")
                        .params(customer, r.id(), since)
                        .query((rs, row) -> ContactKeys.city(rs.getString("city"))).list().stream()
                        .filter(store -> !store.equals(home)).count())
                .orElse(0);

        return new RiskFacts((int) properties.lookback().toDays(), earlier.count(), Money.of(earlier.value()),
                knownOrders, returnedOrders,
                BigDecimal.valueOf(returnedOrders).divide(BigDecimal.valueOf(knownOrders), SHARE_SCALE,
                        RoundingMode.HALF_UP),
                Money.of(r.items().stream().map(ReturnItem::unitPrice).max(BigDecimal::compareTo)
                        .orElse(BigDecimal.ZERO)),
                Money.of(r.refundPlan().itemsTotal()), r.reason().name(), r.method().name(), newCustomer,
                city.isPresent(), farStore, earlierFarDropOffs,
                sharedBy("address_key", ContactKeys.addressKey(r.pickupAddress()), customer, since),
                sharedBy("phone_key", ContactKeys.phoneKey(r.customer().phone()), customer, since));
    }

    private void recordContacts(CustomerReturn r, OffsetDateTime now) {
        jdbc.sql("delete from risk_contacts where return_id = ?").param(r.id()).update();
        jdbc.sql("""
                        insert into risk_contacts (return_id, customer_id, phone_key, address_key, recorded_at)
                        values (?, ?, ?, ?, ?)""")
                .params(r.id(), r.customer().id(), ContactKeys.phoneKey(r.customer().phone()),
                        ContactKeys.addressKey(r.pickupAddress()), now)
                .update();
    }

    /** Other buyers whose assessed returns had the same key within the lookback. */
    private int sharedBy(String column, String key, String customer, OffsetDateTime since) {
        if (key == null) {
            return 0;
        }
        return count("select count(distinct customer_id) from risk_contacts where " + column
                + " = ? and recorded_at >= ? and customer_id <> ?", key, since, customer);
    }

    /**
     * The buyer's city within the lookback: where the order of a return link was delivered (this order's first),
     * else the city of their latest home pickup (this return's, for a pickup).
     */
    private Optional<String> knownCity(CustomerReturn r, OffsetDateTime since) {
        Optional<String> shipped = jdbc.sql("""
                        select shipping_address from return_links
                        where customer_id = ? and shipping_address is not null and created_at >= ?
                        order by case when order_id = ? then 0 else 1 end, created_at desc
                        fetch first 1 rows only""")
                .params(r.customer().id(), since, r.orderId())
                .query(String.class).optional()
                .flatMap(RiskHistory::cityOf);
        if (shipped.isPresent()) {
            return shipped;
        }
        if (r.pickupAddress() != null && r.pickupAddress().city() != null) {
            return Optional.of(ContactKeys.city(r.pickupAddress().city())).filter(city -> !city.isEmpty());
        }
        return jdbc.sql("""
                        select pickup_city from returns
                        where customer_id = ? and pickup_city is not null and created_at >= ?
                        order by created_at desc fetch first 1 rows only""")
                .params(r.customer().id(), since)
                .query(String.class).optional()
                .map(ContactKeys::city).filter(city -> !city.isEmpty());
    }

    private Optional<String> storeCity(String storeId) {
        if (storeId == null) {
            return Optional.empty();
        }
        return jdbc.sql("select city from stores where id = ?").param(storeId).query(String.class).optional()
                .map(ContactKeys::city);
    }

    private static Optional<String> cityOf(String address) {
        try {
            JsonNode city = JSON.readTree(address).path("city");
            return city.isTextual() && !ContactKeys.city(city.asText()).isEmpty()
                    ? Optional.of(ContactKeys.city(city.asText())) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private int count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }

    private record Earlier(int count, BigDecimal value) {
    }
}
