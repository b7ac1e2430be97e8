package io.returnflow.returns;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Claims against carriers for parcels closed as lost ({@code carrier_claims}): one per return. */
@Repository
public class CarrierClaims {

    private final JdbcClient jdbc;

    public CarrierClaims(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
