package io.returnflow.returns;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.DatabaseKind;
import io.returnflow.platform.Money;

/**
 * Serialises the acceptance of returns of one order (a row lock on the order's guard row, held to
 * the end of the transaction), so the refund ceiling "paid minus what other returns take" is read
 * and written by one request at a time. The guard row also keeps the order's payment as the order's
 * first return stated it (V33): the one figure every return of the order is capped by.
 */
@Repository
public class OrderGuards {

    /** The problem a request of an order gets when it states another payment than the order's first return. */
    public static final String PAYMENT_DIFFERS = "order-payment-differs";

    private static final String PAYMENT_COLUMNS = "payment_provider, charge_id, currency, amount_paid";

    private final JdbcClient jdbc;
    private final String ensureRow;
    private final String ensureRowWithPayment;

    public OrderGuards(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        // both statements insert the row once and never fail on a concurrent insert; a row there already keeps
        // the payment it has
        boolean postgres = DatabaseKind.of(dataSource) == DatabaseKind.POSTGRES;
        this.ensureRow = postgres
                ? "insert into order_guards (order_id) values (?) on conflict do nothing"
                : "merge into order_guards (order_id) key (order_id) values (?)";
        this.ensureRowWithPayment = postgres
                ? "insert into order_guards (order_id, " + PAYMENT_COLUMNS + ") values (?, ?, ?, ?, ?)"
                        + " on conflict do nothing"
                : "merge into order_guards g using (values (?, ?, ?, ?, ?))"
                        + " v (order_id, payment_provider, charge_id, currency, amount_paid) on g.order_id = v.order_id"
                        + " when not matched then insert (order_id, " + PAYMENT_COLUMNS + ")"
                        + " values (v.order_id, v.payment_provider, v.charge_id, v.currency, v.amount_paid)";
    }

    /**
     * Blocks until no other transaction holds the order; holds it until this transaction ends.
     *
     * @return the order's payment as its first return fixed it; empty for an order without returns
     */
    public Optional<OrderPayment> lock(String orderId) {
        jdbc.sql(ensureRow).param(orderId).update();
        return jdbc.sql("select " + PAYMENT_COLUMNS + " from order_guards where order_id = ? for update")
                .param(orderId).query(OrderGuards::payment).single();
    }

    /**
     * Locks the order as {@link #lock} does and answers its payment: the one fixed by its first return, or, for the
     * order's first return, the one stated (fixed from now on, in this transaction). Two first returns of an order
     * at once fix one payment: the second waits for the first's lock and reads what it fixed.
     */
    public OrderPayment lock(String orderId, OrderPayment stated) {
        jdbc.sql(ensureRowWithPayment)
                .params(orderId, stated.provider(), stated.chargeId(), stated.currency(), stated.amountPaid())
                .update();
        Optional<OrderPayment> fixed = jdbc.sql("select " + PAYMENT_COLUMNS
                        + " from order_guards where order_id = ? for update")
                .param(orderId).query(OrderGuards::payment).single();
        if (fixed.isPresent()) {
            return fixed.get();
        }
        // a guard row that never had a return (locked by an earlier version without its payment)
        jdbc.sql("update order_guards set payment_provider = ?, charge_id = ?, currency = ?, amount_paid = ?"
                        + " where order_id = ?")
                .params(stated.provider(), stated.chargeId(), stated.currency(), stated.amountPaid(), orderId)
                .update();
        return stated;
    }

    /** The order's payment as its first return fixed it, without locking; empty before the order's first return. */
    public Optional<OrderPayment> payment(String orderId) {
        return jdbc.sql("select " + PAYMENT_COLUMNS + " from order_guards where order_id = ?")
                .param(orderId).query(OrderGuards::payment).optional().flatMap(p -> p);
    }

    private static Optional<OrderPayment> payment(ResultSet rs, int row) throws SQLException {
        BigDecimal amountPaid = rs.getBigDecimal("amount_paid");
        return amountPaid == null ? Optional.empty() : Optional.of(new OrderPayment(rs.getString("payment_provider"),
                rs.getString("charge_id"), rs.getString("currency"), amountPaid));
    }

    /**
     * How an order was paid, as its returns state it ({@code payment} of the request).
     *
     * @param amountPaid what the order paid, in {@code currency}
     */
    public record OrderPayment(String provider, String chargeId, String currency, BigDecimal amountPaid) {

        public static OrderPayment of(ReturnRequest.Payment payment) {
            return new OrderPayment(payment.provider(), payment.chargeId(), payment.currency(), payment.amountPaid());
        }

        /**
         * The fields of {@code stated} that differ from this payment (the order's), by their path in a request
         * ({@code payment.amountPaid}); empty when it states this payment. Amounts compare by value
         * ({@code 100} is {@code 100.00}).
         */
        public List<ApiProblem.FieldError> differences(OrderPayment stated, String orderId) {
            List<ApiProblem.FieldError> errors = new ArrayList<>();
            String why = ", as the first return of order " + orderId + " stated";
            if (!provider.equals(stated.provider())) {
                errors.add(new ApiProblem.FieldError("payment.provider", "must be " + provider + why));
            }
            if (!chargeId.equals(stated.chargeId())) {
                errors.add(new ApiProblem.FieldError("payment.chargeId", "must be " + chargeId + why));
            }
            if (!currency.equals(stated.currency())) {
                errors.add(new ApiProblem.FieldError("payment.currency", "must be " + currency + why));
            }
            if (stated.amountPaid() == null || amountPaid.compareTo(stated.amountPaid()) != 0) {
                errors.add(new ApiProblem.FieldError("payment.amountPaid", "must be " + Money.text(amountPaid)
                        + " " + currency + why));
            }
            return errors;
        }

        /**
         * 409 {@value #PAYMENT_DIFFERS} when {@code stated} is not this payment: the request is well formed, but the
         * order's earlier return recorded another payment, and every return of an order is capped by one.
         */
        public void requireSame(OrderPayment stated, String orderId) {
            List<ApiProblem.FieldError> errors = differences(stated, orderId);
            if (!errors.isEmpty()) {
                throw new ApiProblem(HttpStatus.CONFLICT, "order-payment-differs", "Conflict",
                        "Order " + orderId + " was paid as its first return stated; this request states another "
                                + "payment (" + errors.get(0).field() + ").", errors, java.util.Map.of());
            }
        }
    }
}
