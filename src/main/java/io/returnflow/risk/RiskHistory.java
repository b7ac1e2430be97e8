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
 * per request, each bounded by the buyer or by one key: the buyer's returns and links are counted in one, the
 * shared contact keys in another.
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

        // the buyer's returns and return links, counted in one statement
        History history = jdbc.sql("""
                        select count(case when id <> :id and created_at >= :since then 1 end) as returns_count,
                               coalesce(sum(case when id <> :id and created_at >= :since then items_total end), 0)
                                   as returned_value,
                               count(distinct case when created_at >= :since or id = :id then order_id end)
                                   as returned_orders,
                               count(case when id <> :id then 1 end) as other_returns,
                               (select count(*) from (
                                   select order_id from returns where customer_id = :customer and created_at >= :since
                                   union
                                   select order_id from return_links
                                    where customer_id = :customer and created_at >= :since) known) as known_orders,
                               (select count(*) from return_links
                                 where customer_id = :customer and order_id <> :orderId) as other_links
                        from returns where customer_id = :customer""")
                .param("id", r.id()).param("since", since).param("customer", customer).param("orderId", r.orderId())
                .query((rs, row) -> new History(rs.getInt("returns_count"), rs.getBigDecimal("returned_value"),
                        rs.getInt("returned_orders"), rs.getInt("known_orders"),
                        rs.getInt("other_returns") == 0 && rs.getInt("other_links") == 0))
                .single();
        int returnedOrders = history.returnedOrders();
        // this return's order is known even when older links and returns are not
        int knownOrders = Math.max(history.knownOrders(), returnedOrders);
        boolean newCustomer = history.newCustomer();

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

        Shared shared = shared(ContactKeys.addressKey(r.pickupAddress()), ContactKeys.phoneKey(r.customer().phone()),
                customer, since);
        return new RiskFacts((int) properties.lookback().toDays(), history.count(), Money.of(history.value()),
                knownOrders, returnedOrders,
                BigDecimal.valueOf(returnedOrders).divide(BigDecimal.valueOf(knownOrders), SHARE_SCALE,
                        RoundingMode.HALF_UP),
                Money.of(r.items().stream().map(ReturnItem::unitPrice).max(BigDecimal::compareTo)
                        .orElse(BigDecimal.ZERO)),
                Money.of(r.refundPlan().itemsTotal()), r.reason().name(), r.method().name(), newCustomer,
                city.isPresent(), farStore, earlierFarDropOffs,
                shared.address(), shared.phone());
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

    /**
     * Other buyers whose assessed returns had the same address key, and the same phone key, within the lookback, in
     * one statement (a null key matches no one).
     */
    private Shared shared(String addressKey, String phoneKey, String customer, OffsetDateTime since) {
        if (addressKey == null && phoneKey == null) {
            return new Shared(0, 0);
        }
        return jdbc.sql("""
                        select (select count(distinct customer_id) from risk_contacts
                                 where address_key = :address and recorded_at >= :since and customer_id <> :customer)
                                   as address_shared,
                               (select count(distinct customer_id) from risk_contacts
                                 where phone_key = :phone and recorded_at >= :since and customer_id <> :customer)
                                   as phone_shared""")
                .param("address", addressKey).param("phone", phoneKey).param("since", since)
                .param("customer", customer)
                .query((rs, row) -> new Shared(rs.getInt("address_shared"), rs.getInt("phone_shared")))
                .single();
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

    /** The buyer's history: other returns in the lookback and their value, orders returned and known. */
    private record History(int count, BigDecimal value, int returnedOrders, int knownOrders, boolean newCustomer) {
    }

    private record Shared(int address, int phone) {
    }
}
