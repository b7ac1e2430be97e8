package io.returnflow.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.operations.BusinessFigures.InboxFigure;
import io.returnflow.returns.Disposition;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnStatus;
import io.returnflow.support.MigratedDatabase;

/** The gauges' queries on the real migrations: H2 here, PostgreSQL in {@link BusinessFiguresPostgresTest}. */
class BusinessFiguresTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 28, 2, 0, 0, 0, ZoneOffset.UTC);

    private MigratedDatabase db;
    private BusinessFigures figures;

    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }

    @BeforeEach
    void setUp() {
        db = database();
        figures = new BusinessFigures(db.jdbc());
    }

    @Test
    void everyStatusIsCountedAndThoseWithoutReturnsAreZero() {
        aReturn("R-1", ReturnStatus.COMPLETED, ReturnMethod.HOME_PICKUP, null);
        aReturn("R-2", ReturnStatus.COMPLETED, ReturnMethod.STORE_DROPOFF, "S-1");
        aReturn("R-3", ReturnStatus.AWAITING_DROP_OFF, ReturnMethod.STORE_DROPOFF, "S-1");

        Map<ReturnStatus, Long> byStatus = figures.returnsByStatus();

        assertThat(byStatus).hasSize(ReturnStatus.values().length)
                .containsEntry(ReturnStatus.COMPLETED, 2L)
                .containsEntry(ReturnStatus.AWAITING_DROP_OFF, 1L)
                .containsEntry(ReturnStatus.EXPIRED, 0L);
    }

    @Test
    void theInboxCountsWaitingAndParkedEntriesPerCarrierOfTheirShipmentAndNeverTheProcessedOnes() {
        aReturn("R-1", ReturnStatus.IN_TRANSIT, ReturnMethod.HOME_PICKUP, null);
        db.jdbc().sql("""
                insert into pickup_bookings (order_code, return_id, attempt, purpose, carrier, status, booked_at)
                values ('RF-R-1-1', 'R-1', 1, 'PICKUP', 'SF', 'BOOKED', :t)""").param("t", T0).update();
        db.jdbc().sql("""
                insert into tracking_subscriptions (waybill, carrier, status, attempts, requested_at)
                values ('YT123', 'YTO', 'SUBSCRIBED', 0, :t)""").param("t", T0).update();
        inbox("a", "RF-R-1-1", "PENDING", T0.minusMinutes(5));
        inbox("b", "RF-R-1-1", "PENDING", T0.minusMinutes(1));
        inbox("c", "RF-R-1-1", "PARKED", T0.minusHours(3));
        inbox("d", "RF-R-1-1", "PROCESSED", T0.minusHours(9));
        inbox("e", "YT123", "PARKED", T0.minusHours(1));
        inbox("f", "NOT-OURS", "PENDING", T0.minusHours(2));

        assertThat(figures.carrierInbox()).containsExactly(
                new InboxFigure("SF", "PARKED", 1, T0.minusHours(3)),
                new InboxFigure("SF", "PENDING", 2, T0.minusMinutes(5)),
                new InboxFigure("YTO", "PARKED", 1, T0.minusHours(1)),
                new InboxFigure(BusinessFigures.UNKNOWN_CARRIER, "PENDING", 1, T0.minusHours(2)));
    }

    @Test
    void parkedSubscriptionsAreCountedPerCarrier() {
        subscription("W1", "SF", "PARKED");
        subscription("W2", "SF", "PARKED");
        subscription("W3", null, "PARKED");
        subscription("W4", "SF", "SUBSCRIBED");
        subscription("W5", "YTO", "REQUESTED");

        assertThat(figures.parkedSubscriptionsByCarrier())
                .containsExactly(Map.entry("SF", 2L), Map.entry(BusinessFigures.UNKNOWN_CARRIER, 1L));
    }

    @Test
    void returnedLinesAreCountedPerDispositionAndThoseWithoutLinesAreZero() {
        aReturn("R-1", ReturnStatus.COMPLETED, ReturnMethod.HOME_PICKUP, null);
        aReturn("R-2", ReturnStatus.REJECTED, ReturnMethod.HOME_PICKUP, null);
        disposition("R-1", "L1", "RESTOCK", "DEFAULT");
        disposition("R-1", "L2", "RESTOCK", "DEFAULT");
        disposition("R-2", "L1", "REFURBISH", "INSPECTION");

        assertThat(figures.linesByDisposition()).hasSize(Disposition.values().length)
                .containsEntry(Disposition.RESTOCK, 2L)
                .containsEntry(Disposition.REFURBISH, 1L)
                .containsEntry(Disposition.DISPOSE, 0L)
                .containsEntry(Disposition.RETURN_TO_VENDOR, 0L);
    }

    @Test
    void aReturnsRequestAndOutcomeAreReadWithItsRefund() {
        aReturn("R-1", ReturnStatus.COMPLETED, ReturnMethod.STORE_DROPOFF, "S-1");
        aReturn("R-2", ReturnStatus.CANCELLED, ReturnMethod.HOME_PICKUP, null);
        db.jdbc().sql("""
                insert into refunds (return_id, idempotency_key, charge_id, amount, currency, status, created_at,
                  updated_at, refunded_at)
                values ('R-1', 'refund:R-1', 'ch_1', 87.50, 'CNY', 'SUCCEEDED', :t, :t, :t)""")
                .param("t", T0).update();

        assertThat(figures.request("R-1")).contains(
                new BusinessFigures.RequestFacts(T0.minusDays(1), ReturnMethod.STORE_DROPOFF, "S-1"));
        assertThat(figures.request("R-404")).isEmpty();
        BusinessFigures.Outcome completed = figures.outcome("R-1").orElseThrow();
        assertThat(completed.status()).isEqualTo(ReturnStatus.COMPLETED);
        assertThat(completed.refundStatus()).isEqualTo("SUCCEEDED");
        assertThat(completed.refundAmount()).isEqualByComparingTo("87.50");
        assertThat(completed.refundAmount().toPlainString()).isEqualTo("87.50");
        assertThat(completed.refundCurrency()).isEqualTo("CNY");
        assertThat(figures.outcome("R-2")).contains(new BusinessFigures.Outcome(ReturnStatus.CANCELLED, null, null,
                null));
    }

    private void aReturn(String id, ReturnStatus status, ReturnMethod method, String storeId) {
        BigDecimal amount = new BigDecimal("99.00");
        db.jdbc().sql("""
                insert into returns (id, order_id, status, method, reason, customer_id, customer_name, customer_tier,
                  delivered_at, payment_provider, charge_id, currency, amount_paid, drop_off_store_id, freight_amount,
                  freight_payer, freight_rule, refund_due, items_total, freight_deducted, restocking_fee,
                  refund_amount, created_at, updated_at)
                values (:id, 'SO-1', :status, :method, 'DEFECTIVE', 'C-1', 'Buyer', 'STANDARD', :delivered,
                  'sandbox', 'ch_1', 'CNY', :amount, :store, 0, 'MERCHANT', 'flat', 'AFTER_INSPECTION', :amount, 0,
                  0, :amount, :created, :created)""")
                .param("id", id).param("status", status.name()).param("method", method.name())
                .param("delivered", T0.minusDays(3)).param("amount", amount).param("store", storeId)
                .param("created", T0.minusDays(1))
                .update();
    }

    private void disposition(String returnId, String lineId, String disposition, String source) {
        db.jdbc().sql("""
                insert into line_dispositions (return_id, line_id, disposition, source, recorded_by, recorded_at)
                values (?, ?, ?, ?, 'system', ?)""").params(returnId, lineId, disposition, source, T0).update();
    }

    private void inbox(String key, String orderCode, String status, OffsetDateTime since) {
        db.jdbc().sql("""
                insert into carrier_inbox (dedup_key, request_type, order_code, payload, status, received_at,
                  pending_since, next_attempt_at)
                values (:key, '103', :orderCode, '{}', :status, :since, :since, :since)""")
                .param("key", key).param("orderCode", orderCode).param("status", status).param("since", since)
                .update();
    }

    private void subscription(String waybill, String carrier, String status) {
        db.jdbc().sql("""
                insert into tracking_subscriptions (waybill, carrier, status, attempts, requested_at)
                values (:waybill, :carrier, :status, 0, :t)""")
                .param("waybill", waybill).param("carrier", carrier).param("status", status).param("t", T0)
                .update();
    }
}
