package io.returnflow.settlement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.carrier.CarrierCharge;
import io.returnflow.carrier.CarrierCharge.Kind;
import io.returnflow.settlement.RateTable.Priced;
import io.returnflow.platform.Money;
import io.returnflow.platform.Text;

/**
 * The freight ledger ({@code freight_ledger}, {@code freight_ledger_returns}): what each carrier
 * shipment should cost and which returns it carries. A store's consolidated shipment is one entry whose
 * amount is shared out over its returns, to the cent. Beside each entry, what the carrier itself reported
 * the shipment weighed and costs ({@code freight_carrier_charges}, {@code freight_carrier_charge_fees}).
 */
@Repository
public class FreightLedger implements ShipmentFreight {

    private static final Logger log = LoggerFactory.getLogger(FreightLedger.class);
    /** The rule of an entry no rate row priced: the freight quoted with the return. */
    static final String AS_QUOTED = "as quoted";
    private static final int IN_LIST_CHUNK = 500;
    private static final int KG_SCALE = 3;
    /** The decimals {@code freight_carrier_charges.volume} keeps. */
    private static final int VOLUME_SCALE = 6;
    private static final int MAX_WAYBILL = 64;
    private static final int MAX_FEE_NAME = 128;

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
        if (hasEntry(orderCode)) {
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
     * {@inheritDoc}
     *
     * <p>One row per order code and kind, so that a collection never touches a settlement's row. Another
     * report of the same kind replaces the row only where the stored one was reported earlier, checked in
     * the update itself, so that of two concurrent reports the later one stands. The very first report of a
     * kind is an insert: of two concurrent first reports one fails on the primary key, and its retry finds
     * the row.
     */
    @Override
    @Transactional
    public void carrierCharged(String orderCode, String waybill, CarrierCharge charge, OffsetDateTime at) {
        String code = Text.trimToNull(orderCode);
        if (code == null || charge == null || at == null) {
            throw new IllegalArgumentException("A carrier charge needs an order code, its figures and when it was"
                    + " reported: " + orderCode + ", " + charge + ", " + at);
        }
        if (charge.isEmpty()) {
            log.info("Freight ledger {}: the carrier's {} report has no figures, nothing recorded", code,
                    charge.kind());
            return;
        }
        String kind = charge.kind().name();
        CarrierFigures figures = CarrierFigures.of(charge, at);
        String named = Text.fit(Text.trimToNull(waybill), MAX_WAYBILL);
        Report stored = reports(List.of(code)).getOrDefault(code, Map.of()).get(charge.kind());
        if (stored == null) {
            jdbc.sql("""
                            insert into freight_carrier_charges (order_code, kind, waybill, weight_kg, volume,
                              total_fee, cost, reported_at) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(code, kind, named, figures.weightKg(), figures.volume(), figures.totalFee(),
                            figures.cost(), at)
                    .update();
        } else if (stored.figures().sameFiguresAs(figures)) {
            if (stored.waybill() == null && named != null) {
                jdbc.sql("update freight_carrier_charges set waybill = ? where order_code = ? and kind = ?")
                        .params(named, code, kind).update();
            }
            return;
        } else {
            // only over an earlier report, checked by the update itself: the later of two concurrent ones stands
            int replaced = jdbc.sql("""
                            update freight_carrier_charges set waybill = ?, weight_kg = ?, volume = ?, total_fee = ?,
                              cost = ?, reported_at = ?
                            where order_code = ? and kind = ? and reported_at < ?""")
                    .params(named != null ? named : stored.waybill(), figures.weightKg(), figures.volume(),
                            figures.totalFee(), figures.cost(), at, code, kind, at)
                    .update();
            if (replaced == 0) {
                log.info("Freight ledger {}: the carrier's other {} figures reported at {} are not later than those"
                        + " recorded, which stand", code, charge.kind(), at);
                return;
            }
            jdbc.sql("delete from freight_carrier_charge_fees where order_code = ? and kind = ?")
                    .params(code, kind).update();
        }
        figures.feeLines().forEach((name, amount) -> jdbc.sql(
                        "insert into freight_carrier_charge_fees (order_code, kind, name, amount) values (?, ?, ?, ?)")
                .params(code, kind, name, amount).update());
        log.info("Freight ledger {}: the carrier's {} figures {} (weight {} kg, total fee {}, cost {})", code,
                charge.kind(), stored == null ? "recorded" : "replaced", figures.weightKg(), figures.totalFee(),
                figures.cost());
    }

    private boolean hasEntry(String orderCode) {
        return jdbc.sql("select count(*) from freight_ledger where order_code = ?").param(orderCode)
                .query(Long.class).single() > 0;
    }

    /**
     * Shares an amount out in proportion to the weights, to the cent, so that the shares add up to the
     * amount exactly: each share is rounded down, and the cents left over go one each to the largest
     * remainders (the earlier one first on a tie). All weights zero share equally.
     */
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
                          l.service, l.from_province, l.to_province, l.weight_kg, l.expected_amount, l.currency,
                          l.rate_rule, l.created_at
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
        Map<String, Map<Kind, Report>> reports = reports(entries.stream().map(Entry::orderCode).toList());
        return entries.stream().map(e -> {
            Map<Kind, Report> carrier = reports.getOrDefault(e.orderCode(), Map.of());
            return e.with(allocations.getOrDefault(e.id(), List.of()), CarrierFigures.standing(
                    figures(carrier.get(Kind.COLLECTION)), figures(carrier.get(Kind.SETTLEMENT))));
        }).toList();
    }

    private static CarrierFigures figures(Report report) {
        return report == null ? null : report.figures();
    }

    /** The carrier's reports for these order codes, by order code and kind. */
    private Map<String, Map<Kind, Report>> reports(List<String> orderCodes) {
        Map<String, Map<Kind, Report>> reports = new LinkedHashMap<>();
        for (int from = 0; from < orderCodes.size(); from += IN_LIST_CHUNK) {
            List<String> chunk = orderCodes.subList(from, Math.min(orderCodes.size(), from + IN_LIST_CHUNK));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            Map<String, Map<Kind, Map<String, BigDecimal>>> fees = new LinkedHashMap<>();
            jdbc.sql("select order_code, kind, name, amount from freight_carrier_charge_fees where order_code in ("
                            + marks + ")")
                    .params(new ArrayList<Object>(chunk))
                    .query(rs -> {
                        fees.computeIfAbsent(rs.getString("order_code"), k -> new java.util.EnumMap<>(Kind.class))
                                .computeIfAbsent(Kind.valueOf(rs.getString("kind")), k -> new TreeMap<>())
                                .put(rs.getString("name"), rs.getBigDecimal("amount"));
                    });
            jdbc.sql("""
                            select order_code, kind, waybill, weight_kg, volume, total_fee, cost, reported_at
                            from freight_carrier_charges where order_code in (""" + marks + ")")
                    .params(new ArrayList<Object>(chunk))
                    .query(rs -> {
                        String orderCode = rs.getString("order_code");
                        Kind kind = Kind.valueOf(rs.getString("kind"));
                        reports.computeIfAbsent(orderCode, k -> new java.util.EnumMap<>(Kind.class)).put(kind,
                                new Report(rs.getString("waybill"), new CarrierFigures(kind,
                                        rs.getBigDecimal("weight_kg"), rs.getBigDecimal("volume"),
                                        rs.getBigDecimal("total_fee"), rs.getBigDecimal("cost"),
                                        fees.getOrDefault(orderCode, Map.of()).getOrDefault(kind, Map.of()),
                                        rs.getObject("reported_at", OffsetDateTime.class))));
                    });
        }
        return reports;
    }

    private static Entry map(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getString("order_code"), rs.getString("carrier"), rs.getString("waybill"),
                FreightService.valueOf(rs.getString("service")), rs.getString("from_province"),
                rs.getString("to_province"), rs.getBigDecimal("weight_kg"), rs.getBigDecimal("expected_amount"),
                rs.getString("currency"), rs.getString("rate_rule"), rs.getObject("created_at", OffsetDateTime.class),
                List.of(), null);
    }

    /**
     * A shipment in the ledger.
     *
     * @param waybill        {@code null} until the carrier names it
     * @param service        with the provinces, the route the rate table priced it for
     * @param weightKg       the weight we declared when booking it (what it was priced by)
     * @param carrierFigures what the carrier itself reported it weighed and costs; {@code null} until it reports
     */
    public record Entry(long id, String orderCode, String carrier, String waybill, FreightService service,
                        String fromProvince, String toProvince, BigDecimal weightKg, BigDecimal expectedAmount,
                        String currency, String rateRule, OffsetDateTime createdAt, List<Allocation> returns,
                        CarrierFigures carrierFigures) {

        Entry with(List<Allocation> allocations, CarrierFigures figures) {
            return new Entry(id, orderCode, carrier, waybill, service, fromProvince, toProvince, weightKg,
                    expectedAmount, currency, rateRule, createdAt, List.copyOf(allocations), figures);
        }

        public List<String> returnIds() {
            return returns.stream().map(Allocation::returnId).toList();
        }
    }

    /** A return's share of a shipment's freight. */
    public record Allocation(String returnId, BigDecimal amount, String payer) {
    }

    /**
     * What the carrier itself reported a shipment weighed and costs, as it stands: the settlement's report
     * when the carrier sent one (Kdniao 601), else the collection's (301). A settlement replaces the
     * collection's money wholesale (total fee, cost, fee lines: a fee it does not repeat is no longer
     * charged); the weight and volume were weighed at collection, so they stay the collection's where the
     * settlement states none. Amounts have the currency's scale, kilograms three decimals; any figure is
     * {@code null} when the carrier did not state it.
     *
     * @param kind       whose fees these are
     * @param totalFee   the total the carrier said it will charge (the settlement basis)
     * @param cost       the freight alone
     * @param feeLines   every other fee it itemised, by its own name for it, in name order
     * @param reportedAt when the carrier reported the fees
     */
    public record CarrierFigures(Kind kind, BigDecimal weightKg, BigDecimal volume, BigDecimal totalFee,
                                 BigDecimal cost, Map<String, BigDecimal> feeLines, OffsetDateTime reportedAt) {

        public CarrierFigures {
            feeLines = java.util.Collections.unmodifiableSortedMap(
                    new TreeMap<>(feeLines == null ? Map.of() : feeLines));
        }

        /** A report as the ledger keeps it: amounts to the cent, kilograms to the gram, fee names that fit. */
        static CarrierFigures of(CarrierCharge charge, OffsetDateTime at) {
            SortedMap<String, BigDecimal> fees = new TreeMap<>();
            // two names alike once cut to the column are one fee line of their sum
            charge.feeLines().forEach((name, amount) -> fees.merge(Text.fit(name.trim(), MAX_FEE_NAME),
                    Money.of(amount), BigDecimal::add));
            return new CarrierFigures(charge.kind(),
                    charge.weightKg() == null ? null : charge.weightKg().setScale(KG_SCALE, RoundingMode.HALF_UP),
                    charge.volume() == null || charge.volume().scale() <= VOLUME_SCALE ? charge.volume()
                            : charge.volume().setScale(VOLUME_SCALE, RoundingMode.HALF_UP),
                    charge.totalFee() == null ? null : Money.of(charge.totalFee()),
                    charge.cost() == null ? null : Money.of(charge.cost()), fees, at);
        }

        /** The figures that stand, from the collection's and the settlement's report (either may be missing). */
        static CarrierFigures standing(CarrierFigures collection, CarrierFigures settlement) {
            if (settlement == null || collection == null) {
                return settlement == null ? collection : settlement;
            }
            return new CarrierFigures(Kind.SETTLEMENT,
                    settlement.weightKg() != null ? settlement.weightKg() : collection.weightKg(),
                    settlement.volume() != null ? settlement.volume() : collection.volume(),
                    settlement.totalFee(), settlement.cost(), settlement.feeLines(), settlement.reportedAt());
        }

        /** The same figures of the same kind, whenever reported (numbers compared by value, not by scale). */
        boolean sameFiguresAs(CarrierFigures other) {
            return kind == other.kind && same(weightKg, other.weightKg) && same(volume, other.volume)
                    && same(totalFee, other.totalFee) && same(cost, other.cost)
                    && feeLines.keySet().equals(other.feeLines.keySet())
                    && feeLines.entrySet().stream().allMatch(e -> same(e.getValue(), other.feeLines.get(e.getKey())));
        }

        private static boolean same(BigDecimal a, BigDecimal b) {
            return a == null ? b == null : b != null && a.compareTo(b) == 0;
        }
    }

    /** One report of the carrier as stored, with the waybill it named. */
    private record Report(String waybill, CarrierFigures figures) {
    }
}
