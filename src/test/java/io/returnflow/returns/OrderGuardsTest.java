package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.platform.ApiProblem;
import io.returnflow.support.MigratedDatabase;

/** The order's payment is fixed by its first return, on the order's guard row (V33). */
class OrderGuardsTest {

    static final OrderGuards.OrderPayment PAID_100 =
            new OrderGuards.OrderPayment("sandbox", "ch_1", "CNY", new BigDecimal("100.00"));
    static final OrderGuards.OrderPayment PAID_300 =
            new OrderGuards.OrderPayment("sandbox", "ch_1", "CNY", new BigDecimal("300.00"));

    MigratedDatabase db;
    OrderGuards guards;

    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }

    /** An empty database of the same kind, for a migration run step by step. */
    protected DataSource emptyDatabase() {
        return new DriverManagerDataSource("jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    @BeforeEach
    void setUp() {
        db = database();
        guards = new OrderGuards(db.jdbc(), db.dataSource());
    }

    <T> T inTransaction(Supplier<T> work) {
        return new TransactionTemplate(db.transactions()).execute(status -> work.get());
    }

    @Test
    void theFirstReturnFixesThePaymentAndALaterOneIsHeldToIt() {
        assertThat(guards.payment("SO-1")).isEmpty();
        assertThat(inTransaction(() -> guards.lock("SO-1", PAID_100))).isEqualTo(PAID_100);

        OrderGuards.OrderPayment fixed = inTransaction(() -> guards.lock("SO-1", PAID_300));

        assertThat(fixed).as("the first return's figure, not this request's").isEqualTo(PAID_100);
        assertThat(guards.payment("SO-1")).contains(PAID_100);
        assertThat(inTransaction(() -> guards.lock("SO-1"))).contains(PAID_100);
        assertThatThrownBy(() -> fixed.requireSame(PAID_300, "SO-1"))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(problem.type().toString()).endsWith("/" + OrderGuards.PAYMENT_DIFFERS);
                    assertThat(problem.errors()).extracting(ApiProblem.FieldError::field)
                            .containsExactly("payment.amountPaid");
                    assertThat(problem.errors().get(0).message()).contains("100.00 CNY", "SO-1");
                });
    }

    @Test
    void everyPartOfThePaymentIsHeldToTheFirstReturnsAndAmountsCompareByValue() {
        OrderGuards.OrderPayment other = new OrderGuards.OrderPayment("stripe", "ch_2", "JPY", new BigDecimal("100"));

        assertThat(PAID_100.differences(other, "SO-1")).extracting(ApiProblem.FieldError::field)
                .containsExactly("payment.provider", "payment.chargeId", "payment.currency");
        assertThat(PAID_100.differences(new OrderGuards.OrderPayment("sandbox", "ch_1", "CNY", new BigDecimal("100")),
                "SO-1")).isEmpty();
    }

    @Test
    void aFirstReturnThatIsRolledBackFixesNothing() {
        assertThatThrownBy(() -> inTransaction(() -> {
            guards.lock("SO-2", PAID_300);
            throw new IllegalStateException("the return was refused after the lock");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(guards.payment("SO-2")).isEmpty();
        assertThat(inTransaction(() -> guards.lock("SO-2", PAID_100))).isEqualTo(PAID_100);
    }

    @Test
    void aGuardRowWithoutAPaymentTakesTheFirstReturnsStated() {
        // a row locked for a change of an order without a payment on record
        inTransaction(() -> guards.lock("SO-3"));
        assertThat(guards.payment("SO-3")).isEmpty();

        assertThat(inTransaction(() -> guards.lock("SO-3", PAID_300))).isEqualTo(PAID_300);
        assertThat(guards.payment("SO-3")).contains(PAID_300);
    }

    @Test
    void ordersReturnedBeforeArePaidAsTheirEarliestReturnStated() {
        DataSource dataSource = emptyDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("32").load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        ReturnRepository returns = new ReturnRepository(jdbc);
        OffsetDateTime first = OffsetDateTime.parse("2026-11-20T10:00:00+08:00");
        // SO-A: two returns stating different figures, the later one recorded first in the table
        returns.insert(returnOf("R-A2", "SO-A", "300.00", first.plusDays(1)));
        returns.insert(returnOf("R-A1", "SO-A", "100.00", first));
        // SO-B: its guard row was there already (a return accepted since V4)
        returns.insert(returnOf("R-B1", "SO-B", "50.00", first));
        jdbc.sql("insert into order_guards (order_id) values ('SO-B')").update();

        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

        OrderGuards migrated = new OrderGuards(jdbc, dataSource);
        assertThat(migrated.payment("SO-A")).contains(
                new OrderGuards.OrderPayment("sandbox", "ch_R-A1", "CNY", new BigDecimal("100.00")));
        assertThat(migrated.payment("SO-B")).contains(
                new OrderGuards.OrderPayment("sandbox", "ch_R-B1", "CNY", new BigDecimal("50.00")));
        assertThat(migrated.payment("SO-NONE")).isEmpty();
    }

    static CustomerReturn returnOf(String id, String orderId, String amountPaid, OffsetDateTime createdAt) {
        return new CustomerReturn(id, orderId, ReturnStatus.AWAITING_DROP_OFF, false,
                ReturnMethod.STORE_DROPOFF, ReturnReason.DEFECTIVE,
                new CustomerReturn.Customer("C-1", "张三", "13800000000", null, "STANDARD"), null,
                createdAt.minusDays(3),
                new CustomerReturn.Payment("sandbox", "ch_" + id, "CNY", new BigDecimal(amountPaid)), null, null, null,
                "S-SZ-001",
                new CustomerReturn.Freight(new BigDecimal("10.00"), "CNY", CustomerReturn.FreightPayer.BUYER, "flat"),
                new CustomerReturn.RefundPlan("AT_WAREHOUSE_RECEIPT", new BigDecimal("40.00"), new BigDecimal("10.00"),
                        new BigDecimal("0.00"), new BigDecimal("30.00")),
                List.of(), null, createdAt, createdAt,
                List.of(new ReturnItem("L1", "SKU-1", "T 恤", "apparel", 1, new BigDecimal("40.00"))));
    }
}
