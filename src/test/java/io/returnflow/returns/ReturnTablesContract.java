package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;

/**
 * The return's repository and timeline on each database the product runs on: the whole return read in one
 * statement, the narrow reads the journey's steps use instead, the combined updates, and the timeline's
 * once-only events, whose check is part of their insert.
 */
abstract class ReturnTablesContract {

    private final MigratedDatabase db = database();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T02:20:00Z"));
    private final ReturnRepository returns = new ReturnRepository(db.jdbc());
    private final ReturnTimeline timeline = new ReturnTimeline(db.jdbc(), clock);

    protected abstract MigratedDatabase database();

    @Test
    void theWholeReturnComesWithItsItemsInLineOrder() {
        CustomerReturn written = insert("R-WHOLE1", List.of(item("L2", "SKU-2", "5.50"), item("L1", "SKU-1", "99.00"),
                item("L10", "SKU-10", "1.00")));

        CustomerReturn read = returns.get("R-WHOLE1");

        assertThat(read.items()).extracting(ReturnItem::lineId).containsExactly("L1", "L10", "L2");
        assertThat(read.items().get(0)).isEqualTo(item("L1", "SKU-1", "99.00"));
        assertThat(read.withItems(List.of())).usingRecursiveComparison()
                .withComparatorForType(Comparator.comparing(OffsetDateTime::toInstant), OffsetDateTime.class)
                .isEqualTo(written.withItems(List.of()));
        assertThat(returns.find("R-NONE")).isEmpty();
    }

    @Test
    void aReturnWithoutItemsIsFoundAllTheSame() {
        insert("R-EMPTY1", List.of());

        assertThat(returns.get("R-EMPTY1").items()).isEmpty();
        assertThat(returns.findSettled("R-EMPTY1").orElseThrow().lines()).isEmpty();
        assertThat(returns.settlement("R-EMPTY1").lines()).isEmpty();
    }

    @Test
    void theNarrowReadsSayWhatTheWholeReturnSays() {
        insert("R-NARROW1", List.of(item("L1", "SKU-1", "99.00")));
        returns.setRejectionReasons("R-NARROW1", List.of("L1: too late", "L1: worn"), now());
        CustomerReturn whole = returns.get("R-NARROW1");

        assertThat(returns.status("R-NARROW1")).isEqualTo(whole.status());
        assertThat(returns.dropOffStoreId("R-NARROW1")).isEqualTo("S-SZ-001").isEqualTo(whole.dropOffStoreId());
        assertThat(returns.rejectionReasons("R-NARROW1")).containsExactly("L1: too late", "L1: worn")
                .isEqualTo(whole.rejectionReasons());
        assertThat(returns.refundTerms("R-NARROW1")).isEqualTo(new CustomerReturn.RefundTerms("ch_R-NARROW1", "CNY",
                new BigDecimal("89.00")));
        assertThat(returns.get("R-NARROW1", whole.items())).isEqualTo(whole);
        for (var read : List.<Runnable>of(() -> returns.status("R-NONE"), () -> returns.dropOffStoreId("R-NONE"),
                () -> returns.refundTerms("R-NONE"), () -> returns.get("R-NONE", List.of()))) {
            assertThatThrownBy(read::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("R-NONE");
        }
    }

    @Test
    void aMoveCanEndTheWaitOnAPersonInTheSameUpdate() {
        insert("R-MOVE1", List.of(item("L1", "SKU-1", "99.00")));
        returns.setActionRequired("R-MOVE1", true, now());

        returns.updateStatus("R-MOVE1", ReturnStatus.IN_TRANSIT, false, now());

        CustomerReturn moved = returns.get("R-MOVE1");
        assertThat(moved.status()).isEqualTo(ReturnStatus.IN_TRANSIT);
        assertThat(moved.actionRequired()).isFalse();
    }

    @Test
    void aRejectionKeepsItsReasons() {
        insert("R-REJECT1", List.of(item("L1", "SKU-1", "99.00")));

        returns.reject("R-REJECT1", List.of("L1: damaged by the buyer"), now());

        CustomerReturn rejected = returns.get("R-REJECT1");
        assertThat(rejected.status()).isEqualTo(ReturnStatus.REJECTED);
        assertThat(rejected.rejectionReasons()).containsExactly("L1: damaged by the buyer");
    }

    @Test
    void anEventWithAKeyIsRecordedOnce() {
        insert("R-ONCE1", List.of(item("L1", "SKU-1", "99.00")));
        insert("R-ONCE2", List.of(item("L1", "SKU-1", "99.00")));
        OffsetDateTime at = OffsetDateTime.parse("2026-11-26T10:00:00+08:00");

        assertThat(timeline.recordOnce("R-ONCE1", at, "TRACKING_COLLECTED", "Collected", "carrier", "k:1")).isTrue();
        assertThat(timeline.recordOnce("R-ONCE1", at.plusMinutes(1), "TRACKING_COLLECTED", "Again", "carrier", "k:1"))
                .isFalse();
        assertThat(timeline.recordOnce("R-ONCE1", null, "TRACKING_SIGNED", null, null, "k:2")).isTrue();
        assertThat(timeline.recordOnce("R-ONCE2", at, "TRACKING_COLLECTED", "Collected", "carrier", "k:1")).isTrue();
        String longKey = "tracking:" + "x".repeat(200);
        assertThat(timeline.recordOnce("R-ONCE1", at, "TRACKING_CHARGED", "Charged", "carrier", longKey)).isTrue();
        assertThat(timeline.recordOnce("R-ONCE1", at, "TRACKING_CHARGED", "Charged", "carrier", longKey)).isFalse();

        assertThat(timeline.list("R-ONCE1")).extracting(ReturnTimeline.TimelineEvent::type)
                .containsExactly("TRACKING_COLLECTED", "TRACKING_CHARGED", "TRACKING_SIGNED");
        assertThat(timeline.list("R-ONCE1").get(0).detail()).isEqualTo("Collected");
        assertThat(timeline.list("R-ONCE1").get(2).at()).isAtSameInstantAs(OffsetDateTime.now(clock));
        assertThat(timeline.list("R-ONCE2")).hasSize(1);
    }

    @Test
    void eachLineKeepsHowItIsSettledAndTheReturnItsPlannedCredit() {
        CustomerReturn r = insert("R-RESOLVE1", List.of(item("L1", "SKU-1", "99.00"), item("L2", "SKU-2", "50.00")));
        assertThat(returns.resolutions("R-RESOLVE1").values()).as("a return written as before: every line refunded")
                .extracting(LineResolution::resolution).containsExactly(Resolution.REFUND, Resolution.REFUND);
        assertThat(returns.plannedCredit("R-RESOLVE1")).isEqualTo(new ReturnRepository.PlannedCredit(
                new BigDecimal("0.00"), new BigDecimal("0.00"), false));

        LineResolution exchanged = new LineResolution("L1", Resolution.EXCHANGE,
                new LineResolution.Replacement("SKU-1-L", "Item SKU-1 L", new BigDecimal("89.50")),
                new BigDecimal("7.50"), Resolution.STORE_CREDIT, ResolutionPolicy.Fallback.CUSTOMER_SERVICE,
                "size-fit", false);
        returns.updateResolution("R-RESOLVE1", exchanged);
        returns.updateResolution("R-RESOLVE1", new LineResolution("L2", Resolution.STORE_CREDIT, null,
                new BigDecimal("10"), Resolution.REFUND, ResolutionPolicy.Fallback.REFUND, "refund-or-credit", false)
                .awaitingFallback());
        returns.updateSettlement("R-RESOLVE1", r.refundPlan(), new BigDecimal("59.50"), new BigDecimal("5.00"), now());
        returns.setInstantExchangeRequested("R-RESOLVE1", true);

        var lines = returns.resolutions("R-RESOLVE1");
        assertThat(lines.get("L1")).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo,
                BigDecimal.class).isEqualTo(exchanged);
        assertThat(lines.get("L2").fallbackPending()).isTrue();
        assertThat(lines.get("L2").rule()).isEqualTo("refund-or-credit");
        assertThat(returns.plannedCredit("R-RESOLVE1")).isEqualTo(new ReturnRepository.PlannedCredit(
                new BigDecimal("59.50"), new BigDecimal("5.00"), true));
        assertThat(returns.get("R-RESOLVE1").refundPlan()).isEqualTo(r.refundPlan());
        // the resource's reads say the same in one statement each: with the return, or for a caller that holds it
        ReturnRepository.Settled settled = returns.findSettled("R-RESOLVE1").orElseThrow();
        assertThat(settled.ret()).isEqualTo(returns.get("R-RESOLVE1"));
        assertThat(settled.credit()).isEqualTo(returns.plannedCredit("R-RESOLVE1"));
        assertThat(settled.lines()).isEqualTo(lines).containsOnlyKeys("L1", "L2");
        assertThat(returns.settlement("R-RESOLVE1"))
                .isEqualTo(new ReturnRepository.Settlement(returns.plannedCredit("R-RESOLVE1"), lines));
        assertThat(returns.findSettled("R-NONE")).isEmpty();
        assertThatThrownBy(() -> returns.settlement("R-NONE")).hasMessageContaining("R-NONE");

        // what the order's other returns take back counts their credit (not its bonus) with their refund
        insert("R-RESOLVE2", List.of(item("L3", "SKU-3", "10.00")));
        jdbc().sql("update returns set order_id = 'SO-R-RESOLVE1' where id = 'R-RESOLVE2'").update();
        assertThat(returns.plannedRefundsOfOrder("SO-R-RESOLVE1", "R-RESOLVE2")).isEqualByComparingTo("148.50");
        assertThatThrownBy(() -> returns.updateResolution("R-RESOLVE1", LineResolution.refund("L9")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("L9");
    }

    private org.springframework.jdbc.core.simple.JdbcClient jdbc() {
        return db.jdbc();
    }

    private CustomerReturn insert(String id, List<ReturnItem> items) {
        CustomerReturn r = new CustomerReturn(id, "SO-" + id, ReturnStatus.AWAITING_DROP_OFF, false,
                ReturnMethod.STORE_DROPOFF, ReturnReason.DEFECTIVE,
                new CustomerReturn.Customer("C-1", "张三", "13800000000", null, "STANDARD"), null,
                OffsetDateTime.parse("2026-11-20T10:00:00+08:00"),
                new CustomerReturn.Payment("sandbox", "ch_" + id, "CNY", new BigDecimal("199.00")), null, null, null,
                "S-SZ-001",
                new CustomerReturn.Freight(new BigDecimal("10.00"), "CNY", CustomerReturn.FreightPayer.BUYER, "flat"),
                new CustomerReturn.RefundPlan("AT_WAREHOUSE_RECEIPT", new BigDecimal("99.00"), new BigDecimal("10.00"),
                        new BigDecimal("0.00"), new BigDecimal("89.00")),
                List.of(), null, now(), now(), items);
        returns.insert(r);
        return r;
    }

    private static ReturnItem item(String lineId, String sku, String unitPrice) {
        return new ReturnItem(lineId, sku, "Item " + sku, "apparel", 1, new BigDecimal(unitPrice));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
