package io.returnflow.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * A return's risk facts from a history written into the product's tables (returns, return links, drop-off codes,
 * stores): counts, values and shares within the lookback only, the buyer's city from their links, far check-ins,
 * and contacts shared across buyers whatever their spelling, counted without being copied. On H2;
 * {@link RiskHistoryPostgresTest} runs the same on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camunda.bpm.job-execution.enabled=false", "returnflow.risk.lookback=90d"})
@ActiveProfiles("test")
@DirtiesContext
class RiskHistoryTest {

    static final String SHANGHAI_STORE = "RISK-SH-" + UUID.randomUUID().toString().substring(0, 6);
    static final String BEIJING_STORE = "RISK-BJ-" + UUID.randomUUID().toString().substring(0, 6);

    @Autowired
    RiskHistory history;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Clock clock;

    @Test
    void countsTheBuyersOtherReturnsAndOrdersWithinTheLookbackOnly() {
        String buyer = buyer();
        OffsetDateTime now = OffsetDateTime.now(clock);
        insertReturn(buyer, "HOME_PICKUP", null, now.minusDays(10), "400.00", null);
        insertReturn(buyer, "HOME_PICKUP", null, now.minusDays(80), "600.00", null);
        // two returns of one order count as two returns, one returned order
        String sameOrder = insertReturn(buyer, "HOME_PICKUP", null, now.minusDays(30), "100.00", null);
        insertReturnOfOrder(orderOf(sameOrder), buyer, now.minusDays(29), "50.00");
        // older than the lookback: neither a return nor a known order
        insertReturn(buyer, "HOME_PICKUP", null, now.minusDays(91), "9000.00", null);
        insertLink(buyer, "SO-" + UUID.randomUUID(), now.minusDays(5), null);
        insertLink(buyer, "SO-" + UUID.randomUUID(), now.minusDays(100), null);
        insertReturn(buyer(), "HOME_PICKUP", null, now.minusDays(1), "7000.00", null);
        String asked = insertReturn(buyer, "HOME_PICKUP", null, now, "2500.00", "1999.99");

        RiskFacts facts = history.of(asked);

        assertThat(facts.lookbackDays()).isEqualTo(90);
        assertThat(facts.returnCount()).isEqualTo(4);
        assertThat(facts.returnedValue()).isEqualByComparingTo("1150.00");
        // orders of this return and of three earlier ones, and one link's order
        assertThat(facts.knownOrders()).isEqualTo(5);
        assertThat(facts.returnedOrders()).isEqualTo(4);
        assertThat(facts.returnedShare()).isEqualByComparingTo("0.80");
        assertThat(facts.highestItemValue()).isEqualByComparingTo("1999.99");
        assertThat(facts.itemsTotal()).isEqualByComparingTo("2500.00");
        assertThat(facts.reason()).isEqualTo("DEFECTIVE");
        assertThat(facts.method()).isEqualTo("HOME_PICKUP");
        assertThat(facts.newCustomer()).isFalse();
        assertThat(facts.farStore()).isFalse();
    }

    @Test
    void aBuyerWithoutAnyOtherReturnOrOrderIsNew() {
        String buyer = buyer();
        OffsetDateTime now = OffsetDateTime.now(clock);
        String asked = insertReturn(buyer, "HOME_PICKUP", null, now, "80.00", null);
        // the link of this very order is no history
        insertLink(buyer, orderOf(asked), now.minusHours(1), null);

        RiskFacts facts = history.of(asked);
        assertThat(facts.newCustomer()).isTrue();
        assertThat(facts.returnCount()).isZero();
        assertThat(facts.knownOrders()).isEqualTo(1);
        assertThat(facts.returnedShare()).isEqualByComparingTo("1.00");

        // a link for another order, even an old one, is history
        insertLink(buyer, "SO-" + UUID.randomUUID(), now.minusDays(400), null);
        assertThat(history.of(asked).newCustomer()).isFalse();
    }

    @Test
    void aDropOffAtAStoreInAnotherCityThanTheBuyersIsFarAndEarlierFarCheckInsAreCounted() {
        String buyer = buyer();
        OffsetDateTime now = OffsetDateTime.now(clock);
        // the city is spelt as the merchant sent it: 上海市 is the stores' 上海
        insertLink(buyer, "SO-" + UUID.randomUUID(), now.minusDays(20), "上海市");
        String near = insertReturn(buyer, "STORE_DROPOFF", SHANGHAI_STORE, now.minusDays(15), "10.00", null);
        checkIn(near, SHANGHAI_STORE, now.minusDays(14));
        for (int day = 12; day >= 10; day--) {
            String far = insertReturn(buyer, "STORE_DROPOFF", BEIJING_STORE, now.minusDays(day), "10.00", null);
            if (day > 10) {
                checkIn(far, BEIJING_STORE, now.minusDays(day).plusHours(2));
            }
        }
        String asked = insertReturn(buyer, "STORE_DROPOFF", BEIJING_STORE, now, "10.00", null);

        RiskFacts facts = history.of(asked);
        assertThat(facts.buyerCityKnown()).isTrue();
        assertThat(facts.farStore()).isTrue();
        // checked in far twice; the third far code was never used
        assertThat(facts.earlierFarDropOffs()).isEqualTo(2);

        String home = insertReturn(buyer, "STORE_DROPOFF", SHANGHAI_STORE, now, "10.00", null);
        assertThat(history.of(home).farStore()).isFalse();
    }

    @Test
    void aDropOffOfABuyerWhoseCityIsUnknownIsNotFar() {
        String asked = insertReturn(buyer(), "STORE_DROPOFF", BEIJING_STORE, OffsetDateTime.now(clock), "10.00",
                null);
        RiskFacts facts = history.of(asked);
        assertThat(facts.buyerCityKnown()).isFalse();
        assertThat(facts.farStore()).isFalse();
    }

    @Test
    void otherBuyersWithTheSamePhoneOrAddressAreCountedHoweverTheyWroteItAndNeitherIsInTheFacts()
            throws Exception {
        String number = "139" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(),
                100_000_000L));
        String street = "Risk Road " + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(clock);
        String[] phones = {"+86 " + number.substring(0, 3) + "-" + number.substring(3, 7) + "-" + number.substring(7),
                number, "0086" + number};
        String[] lines = {street + ", Room 5", street.toUpperCase() + " room 5", " " + street + "  Room5 "};
        for (int i = 0; i < 3; i++) {
            String other = insertReturn(buyer(), "HOME_PICKUP", null, now.minusDays(3 + i), "20.00", null);
            jdbc.sql("update returns set customer_phone = ?, pickup_line = ? where id = ?")
                    .params(phones[i], lines[i], other).update();
            history.of(other);
        }
        String buyer = buyer();
        // the buyer's own earlier return with the same phone is no other buyer
        String own = insertReturn(buyer, "HOME_PICKUP", null, now.minusDays(2), "20.00", null);
        jdbc.sql("update returns set customer_phone = ? where id = ?").params(number, own).update();
        history.of(own);
        String asked = insertReturn(buyer, "HOME_PICKUP", null, now, "20.00", null);
        jdbc.sql("update returns set customer_phone = ?, pickup_line = ? where id = ?")
                .params(number, street + " Room 5", asked).update();

        RiskFacts facts = history.of(asked);
        assertThat(facts.sharedPhoneCustomers()).isEqualTo(3);
        assertThat(facts.sharedAddressCustomers()).isEqualTo(3);

        String written = new ObjectMapper().writeValueAsString(facts.byName());
        assertThat(written).doesNotContain(number.substring(3)).doesNotContain(street).doesNotContain("Risk Road");
        assertThat(jdbc.sql("select phone_key from risk_contacts where return_id = ?").param(asked)
                .query(String.class).single()).doesNotContain(number).hasSize(64);
    }

    @Test
    void anOtherBuyersContactOlderThanTheLookbackIsNotCounted() {
        String number = "137" + String.format("%08d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(),
                100_000_000L));
        OffsetDateTime now = OffsetDateTime.now(clock);
        String other = insertReturn(buyer(), "HOME_PICKUP", null, now.minusDays(100), "20.00", null);
        jdbc.sql("update returns set customer_phone = ? where id = ?").params(number, other).update();
        history.of(other);
        jdbc.sql("update risk_contacts set recorded_at = ? where return_id = ?").params(now.minusDays(100), other)
                .update();
        String asked = insertReturn(buyer(), "HOME_PICKUP", null, now, "20.00", null);
        jdbc.sql("update returns set customer_phone = ? where id = ?").params(number, asked).update();

        assertThat(history.of(asked).sharedPhoneCustomers()).isZero();
    }

    // ---- the history, written as the product writes it

    static String buyer() {
        return "C-RISK-" + UUID.randomUUID().toString().substring(0, 12);
    }

    String insertReturn(String buyer, String method, String store, OffsetDateTime at, String itemsTotal,
                        String highestUnitPrice) {
        return insertReturnOfOrder("SO-" + UUID.randomUUID(), buyer, method, store, at, itemsTotal, highestUnitPrice);
    }

    String insertReturnOfOrder(String order, String buyer, OffsetDateTime at, String itemsTotal) {
        return insertReturnOfOrder(order, buyer, "HOME_PICKUP", null, at, itemsTotal, null);
    }

    private String insertReturnOfOrder(String order, String buyer, String method, String store, OffsetDateTime at,
                                       String itemsTotal, String highestUnitPrice) {
        ensureStores();
        String id = "R-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        boolean pickup = "HOME_PICKUP".equals(method);
        jdbc.sql("""
                        insert into returns (id, order_id, status, method, reason, customer_id, customer_name,
                            customer_tier, delivered_at, payment_provider, charge_id, currency, amount_paid,
                            pickup_province, pickup_city, pickup_district, pickup_line, drop_off_store_id,
                            freight_amount, freight_payer, freight_rule, refund_due, items_total, freight_deducted,
                            restocking_fee, refund_amount, created_at, updated_at)
                        values (?, ?, 'REQUESTED', ?, 'DEFECTIVE', ?, 'Risk Buyer', 'STANDARD', ?, 'sandbox', 'ch_1',
                            'CNY', ?, ?, ?, ?, ?, ?, 0, 'MERCHANT', 'rule', 'AT_WAREHOUSE_RECEIPT', ?, 0, 0, ?, ?, ?)""")
                .params(id, order, method, buyer, at.minusDays(3), new BigDecimal(itemsTotal),
                        pickup ? "上海市" : null, pickup ? "上海市" : null, pickup ? "徐汇区" : null,
                        pickup ? "Some Street 1" : null, store, new BigDecimal(itemsTotal), new BigDecimal(itemsTotal),
                        at, at)
                .update();
        BigDecimal total = new BigDecimal(itemsTotal);
        BigDecimal highest = highestUnitPrice == null ? total : new BigDecimal(highestUnitPrice);
        jdbc.sql("insert into return_items (return_id, line_id, sku, name, category, quantity, unit_price) "
                        + "values (?, 'L1', 'SKU-1', 'Item', 'apparel', 1, ?)").params(id, highest).update();
        if (total.compareTo(highest) > 0) {
            jdbc.sql("insert into return_items (return_id, line_id, sku, name, category, quantity, unit_price) "
                    + "values (?, 'L2', 'SKU-2', 'Item', 'apparel', 1, ?)").params(id, total.subtract(highest)).update();
        }
        return id;
    }

    String orderOf(String returnId) {
        return jdbc.sql("select order_id from returns where id = ?").param(returnId).query(String.class).single();
    }

    void insertLink(String buyer, String order, OffsetDateTime at, String city) {
        jdbc.sql("""
                        insert into return_links (id, order_id, delivered_at, customer_id, customer_name, customer_tier,
                            payment_provider, payment_charge_id, payment_currency, amount_paid, items,
                            shipping_address, created_by, created_at, expires_at)
                        values (?, ?, ?, ?, 'Risk Buyer', 'STANDARD', 'sandbox', 'ch_1', 'CNY', 10, '[]', ?, 'merchant',
                            ?, ?)""")
                .params("RL-" + UUID.randomUUID().toString().substring(0, 12), order, at.minusDays(2), buyer,
                        city == null ? null : "{\"province\":\"" + city + "\",\"city\":\"" + city
                                + "\",\"district\":\"徐汇区\",\"line\":\"Some Street 1\"}",
                        at, at.plus(Duration.ofDays(30)))
                .update();
    }

    void checkIn(String returnId, String store, OffsetDateTime at) {
        jdbc.sql("""
                        insert into drop_off_codes (code_hash, return_id, store_id, code_sealed, status, issued_at,
                            expires_at, checked_in_at, checked_in_by)
                        values (?, ?, ?, 'sealed', 'CHECKED_IN', ?, ?, ?, 'clerk')""")
                .params(UUID.randomUUID().toString(), returnId, store, at.minusDays(1), at.plusDays(6), at)
                .update();
    }

    private void ensureStores() {
        if (jdbc.sql("select count(*) from stores where id = ?").param(SHANGHAI_STORE).query(Integer.class)
                .single() == 0) {
            jdbc.sql("insert into stores (id, name, province, city, address) values (?, 'Risk SH', '上海市', '上海', 'A 1')")
                    .param(SHANGHAI_STORE).update();
            jdbc.sql("insert into stores (id, name, province, city, address) values (?, 'Risk BJ', '北京市', '北京', 'B 1')")
                    .param(BEIJING_STORE).update();
        }
    }
}
