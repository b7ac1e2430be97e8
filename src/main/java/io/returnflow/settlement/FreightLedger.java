package io.returnflow.settlement;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import io.returnflow.settlement.RateTable.Priced;
import io.returnflow.platform.Money;

/**
 * The freight ledger ({@code freight_ledger}, {@code freight_ledger_returns}): what each carrier
 * shipment should cost and which returns it carries. A store's consolidated shipment is one entry whose
 * amount is shared out over its returns, to the cent.
 */
@Repository
public class FreightLedger implements ShipmentFreight {

    private static final Logger log = LoggerFactory.getLogger(FreightLedger.class);
    /** The rule of an entry no rate row priced: the freight quoted with the return. */
    static final String AS_QUOTED = "as quoted";
    private static final int IN_LIST_CHUNK = 500;

    private final JdbcClient jdbc;
    private final FreightQuotes quotes;

    public FreightLedger(JdbcClient jdbc, FreightQuotes quotes) {
        this.jdbc = jdbc;
        this.quotes = quotes;
    }

    @Override
    public void booked(BookedShipment s) {
        Optional<Entered> entered = enter(s.orderCode(), s.carrier(), s.waybill(), s.service(), s.fromProvince(),
                s.toProvince(), s.weightKg(), s.quotedAmount(), s.currency(), s.bookedAt());
        if (entered.isEmpty()) {
            return;
        }
        long id = entered.get().id();
        Priced priced = entered.get().priced();
        // a booking for one return: it bears the whole amount
        insertShare(id, s.returnId(), priced.amount(), s.payer());
        log.info("Return {}: freight ledger entry for {} ({} {}, expected {} {}, {} pays)", s.returnId(),
                s.orderCode(), s.carrier(), priced.rule(), priced.amount(), s.currency(), s.payer());
    }

    @Override
    public void bookedConsolidated(ConsolidatedShipment s) {
        BigDecimal quoted = s.riders().stream().map(Rider::quotedAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        Optional<Entered> entered = enter(s.orderCode(), s.carrier(), s.waybill(), s.service(), s.fromProvince(),
                s.toProvince(), s.weightKg(), quoted, s.currency(), s.bookedAt());
        if (entered.isEmpty()) {
            return;
        }
        long id = entered.get().id();
        Priced priced = entered.get().priced();
        List<BigDecimal> shares = shareOut(priced.amount(), s.riders().stream().map(Rider::weightKg).toList());
        for (int i = 0; i < shares.size(); i++) {
            Rider rider = s.riders().get(i);
            insertShare(id, rider.returnId(), shares.get(i), rider.payer());
        }
        log.info("Freight ledger entry for consolidated shipment {} ({} {}, expected {} {}, shared by {} returns)",
                s.orderCode(), s.carrier(), priced.rule(), priced.amount(), s.currency(), s.riders().size());
    }

    /**
     * Prices the shipment by the rate table (else as quoted with its returns) and writes its entry, unless
     * it has one already: a retried booking job books the same order code again.
     *
     * @return the new entry, or empty when the shipment was entered before
     */
    private Optional<Entered> enter(String orderCode, String carrier, String waybill, FreightService service,
                                    String fromProvince, String toProvince, BigDecimal weightKg, BigDecimal quoted,
                                    String currency, OffsetDateTime bookedAt) {
        if (jdbc.sql("select count(*) from freight_ledger where order_code = ?").param(orderCode)
                .query(Long.class).single() > 0) {
            return Optional.empty();
        }
        Priced priced = quotes.quote(carrier, service, fromProvince, toProvince, weightKg)
                .orElseGet(() -> new Priced(Money.of(quoted), AS_QUOTED));
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into freight_ledger (order_code, carrier, waybill, service, from_province, to_province,
                          weight_kg, expected_amount, currency, rate_rule, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(orderCode, carrier, waybill, service.name(), fromProvince, toProvince, weightKg,
                        priced.amount(), currency, priced.rule(), bookedAt)
                .update(key, "id");
        return Optional.of(new Entered(key.getKeyAs(Number.class).longValue(), priced));
    }

    /** A shipment's new entry and what it was priced at. */
    private record Entered(long id, Priced priced) {
    }

    /** Writes a return's share of an entry. */
    private void insertShare(long ledgerId, String returnId, BigDecimal amount, String payer) {
        jdbc.sql("insert into freight_ledger_returns (ledger_id, return_id, amount, payer) values (?, ?, ?, ?)")
                .params(ledgerId, returnId, amount, payer).update();
    }

    @Override
    public void waybillNamed(String orderCode, String waybill) {
        if (waybill == null || waybill.isBlank()) {
            return;
        }
        jdbc.sql("update freight_ledger set waybill = ? where order_code = ? and waybill is null")
                .params(waybill.trim(), orderCode).update();
    }

    /**
     * Shares an amount out in proportion to the weights, to the cent, so that the shares add up to the
     * amount exactly: each share is rounded down, and the cents left over go one each to the largest
     * remainders (the earlier one first on a tie). All weights zero share equally.
     */
    @Override
    public void carrierCharged(String orderCode, String waybill, io.returnflow.carrier.CarrierCharge charge,
                               OffsetDateTime at) {
        // MERGE-PLACEHOLDER: the carrier-figures branch records these
    }

    public static List<BigDecimal> shareOut(BigDecimal amount, List<BigDecimal> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("Nothing to share " + amount + " out over");
        }
        BigDecimal total = Money.of(amount);
        if (total.signum() < 0 || weights.stream().anyMatch(w -> w == null || w.signum() < 0)) {
            throw new IllegalArgumentException("Cannot share " + amount + " out over " + weights);
        }
        List<BigDecimal> by = weights.stream().allMatch(w -> w.signum() == 0)
                ? java.util.Collections.nCopies(weights.size(), BigDecimal.ONE) : weights;
        BigDecimal sum = by.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        long cents = total.movePointRight(Money.SCALE).longValueExact();
        long[] shares = new long[by.size()];
        BigDecimal[] remainders = new BigDecimal[by.size()];
        long handedOut = 0;
        for (int i = 0; i < by.size(); i++) {
            BigDecimal exact = BigDecimal.valueOf(cents).multiply(by.get(i))
                    .divide(sum, 12, java.math.RoundingMode.DOWN);
            shares[i] = exact.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
            remainders[i] = exact.subtract(BigDecimal.valueOf(shares[i]));
            handedOut += shares[i];
        }
        List<Integer> byRemainder = new ArrayList<>(java.util.stream.IntStream.range(0, by.size()).boxed().toList());
        byRemainder.sort((a, b) -> {
            int larger = remainders[b].compareTo(remainders[a]);
            return larger != 0 ? larger : Integer.compare(a, b);
        });
        for (int k = 0; k < cents - handedOut; k++) {
            shares[byRemainder.get(k % by.size())]++;
        }
        List<BigDecimal> result = new ArrayList<>(by.size());
        for (long share : shares) {
            result.add(BigDecimal.valueOf(share, Money.SCALE));
        }
        return result;
    }

    public Optional<Entry> find(String orderCode) {
        return entries("l.order_code = ?", List.of(orderCode)).stream().findFirst();
    }

    /** The entries of these waybills (the entry's own, or the booking's once the carrier named it). */
    public Map<String, Entry> byWaybill(Collection<String> waybills) {
        Map<String, Entry> found = new LinkedHashMap<>();
        List<String> all = List.copyOf(waybills);
        for (int from = 0; from < all.size(); from += IN_LIST_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_LIST_CHUNK));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            List<Object> params = new ArrayList<>(chunk);
            params.addAll(chunk);
            entries("(l.waybill in (" + marks + ") or (l.waybill is null and b.waybill in (" + marks + ")))", params)
                    .forEach(e -> found.putIfAbsent(e.waybill(), e));
        }
        return found;
    }

    /**
     * Entries with a known waybill booked in {@code [from, to)} whose booking was not cancelled:
     * the shipments a carrier should charge for that period.
     *
     * @param carrier only this carrier's, or every carrier's when {@code null}
     */
    public List<Entry> shippedBetween(OffsetDateTime from, OffsetDateTime to, String carrier) {
        List<Object> params = new ArrayList<>(List.of(from, to));
        String where = "l.created_at >= ? and l.created_at < ? and coalesce(l.waybill, b.waybill) is not null"
                + " and (b.status is null or b.status <> 'CANCELLED')";
        if (carrier != null) {
            where += " and upper(l.carrier) = upper(?)";
            params.add(carrier);
        }
        return entries(where, params);
    }

    private List<Entry> entries(String where, List<Object> params) {
        List<Entry> entries = jdbc.sql("""
                        select l.id, l.order_code, l.carrier, coalesce(l.waybill, b.waybill) as waybill,
                          l.expected_amount, l.currency, l.rate_rule, l.created_at
                        from freight_ledger l left join pickup_bookings b on b.order_code = l.order_code
                        where\s""" + where + " order by l.created_at, l.id")
                .params(params).query(FreightLedger::map).list();
        if (entries.isEmpty()) {
            return entries;
        }
        Map<Long, List<Allocation>> allocations = new LinkedHashMap<>();
        List<Long> ids = entries.stream().map(Entry::id).toList();
        for (int from = 0; from < ids.size(); from += IN_LIST_CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST_CHUNK));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            jdbc.sql("select ledger_id, return_id, amount, payer from freight_ledger_returns where ledger_id in ("
                            + marks + ") order by return_id")
                    .params(new ArrayList<Object>(chunk))
                    .query((rs, row) -> Map.entry(rs.getLong("ledger_id"), new Allocation(rs.getString("return_id"),
                            rs.getBigDecimal("amount"), rs.getString("payer"))))
                    .list()
                    .forEach(e -> allocations.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        }
        return entries.stream().map(e -> e.withReturns(allocations.getOrDefault(e.id(), List.of()))).toList();
    }

    private static Entry map(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getString("order_code"), rs.getString("carrier"), rs.getString("waybill"),
                rs.getBigDecimal("expected_amount"), rs.getString("currency"), rs.getString("rate_rule"),
                rs.getObject("created_at", OffsetDateTime.class), List.of());
    }

    /** A shipment in the ledger; {@code waybill} is {@code null} until the carrier names it. */
    public record Entry(long id, String orderCode, String carrier, String waybill, BigDecimal expectedAmount,
                        String currency, String rateRule, OffsetDateTime createdAt, List<Allocation> returns) {

        Entry withReturns(List<Allocation> allocations) {
            return new Entry(id, orderCode, carrier, waybill, expectedAmount, currency, rateRule, createdAt,
                    List.copyOf(allocations));
        }

        public List<String> returnIds() {
            return returns.stream().map(Allocation::returnId).toList();
        }
    }

    /** A return's share of a shipment's freight. */
    public record Allocation(String returnId, BigDecimal amount, String payer) {
    }
}
