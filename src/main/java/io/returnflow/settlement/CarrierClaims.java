package io.returnflow.settlement;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.returnflow.platform.Money;
import io.returnflow.returns.CarrierLeg;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnLegs;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnRepository;

/**
 * Claims against carriers for parcels closed as lost ({@code carrier_claims}): one per return. What a
 * claim is worth, and against whom, is decided here and nowhere else.
 */
@Service
public class CarrierClaims {

    private final JdbcClient jdbc;
    private final ReturnRepository returns;
    private final ReturnLegs legs;
    private final ReturnProgress progress;
    private final Clock clock;

    public CarrierClaims(JdbcClient jdbc, ReturnRepository returns, ReturnLegs legs, ReturnProgress progress,
                         Clock clock) {
        this.jdbc = jdbc;
        this.returns = returns;
        this.legs = legs;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * Claims a lost parcel from the carrier that carried it: its declared value is the value of the
     * return's items (what the buyer is refunded does not lower what the carrier owes), in the currency the
     * buyer paid; the carrier leg is the store's shipment the parcel rode in after a drop-off, else the home
     * pickup. The claim is noted on the return's timeline. A return that has its claim already keeps it
     * (a retried step): nothing is written twice.
     *
     * @param claimedBy who closed the parcel as lost
     * @return the return's claim
     */
    public Claim claimLostParcel(String returnId, String claimedBy) {
        Optional<Claim> existing = find(returnId);
        if (existing.isPresent()) {
            return existing.get();
        }
        CustomerReturn r = returns.get(returnId);
        Optional<CarrierLeg> leg = legs.carrying(returnId);
        Claim claim = new Claim(returnId, leg.map(CarrierLeg::orderCode).orElse(null),
                leg.map(CarrierLeg::carrier).orElse(null), leg.map(CarrierLeg::waybill).orElse(null),
                declaredValue(r), r.payment().currency(), claimedBy, OffsetDateTime.now(clock));
        record(claim);
        progress.note(returnId, "CARRIER_CLAIM", "Parcel closed as lost; claim of " + Money.text(claim.declaredValue())
                + " " + claim.currency() + " against carrier " + leg.map(CarrierLeg::carrier).orElse("?") + " (order "
                + leg.map(CarrierLeg::orderCode).orElse("?") + leg.map(b -> b.waybill() == null ? ""
                : ", waybill " + b.waybill()).orElse("") + ")", claimedBy);
        return claim;
    }

    /** What a lost parcel is worth: the value of every item in it, whatever the refund deducts. */
    static BigDecimal declaredValue(CustomerReturn r) {
        return Money.of(r.items().stream().map(ReturnItem::total).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    /** Records the claim; a second claim for the same return is ignored (a retried step). */
    public void record(Claim claim) {
        if (find(claim.returnId()).isPresent()) {
            return;
        }
        jdbc.sql("""
                        insert into carrier_claims (return_id, order_code, carrier, waybill, declared_value, currency,
                          claimed_by, claimed_at) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(claim.returnId(), claim.orderCode(), claim.carrier(), claim.waybill(), claim.declaredValue(),
                        claim.currency(), claim.claimedBy(), claim.claimedAt())
                .update();
    }

    public Optional<Claim> find(String returnId) {
        return jdbc.sql("select * from carrier_claims where return_id = ?").param(returnId)
                .query((rs, n) -> new Claim(rs.getString("return_id"), rs.getString("order_code"),
                        rs.getString("carrier"), rs.getString("waybill"), rs.getBigDecimal("declared_value"),
                        rs.getString("currency"), rs.getString("claimed_by"),
                        rs.getObject("claimed_at", OffsetDateTime.class)))
                .optional();
    }

    /** What the carrier owes for a lost parcel: the declared value of its items. */
    public record Claim(String returnId, String orderCode, String carrier, String waybill, BigDecimal declaredValue,
                        String currency, String claimedBy, OffsetDateTime claimedAt) {
    }
}
