package io.returnflow.settlement;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.returns.FreightProperties;
import io.returnflow.settlement.FreightLedger.Entry;
import io.returnflow.settlement.ReconciliationReport.Line;
import io.returnflow.settlement.ReconciliationReport.MalformedRow;
import io.returnflow.settlement.ReconciliationReport.Pushed;
import io.returnflow.settlement.StatementCsv.Charge;

/**
 * 对账: matches a carrier statement against the freight ledger by waybill and keeps the report.
 * <ul>
 *   <li>weight discrepancy: a charge for one of our shipments whose weight (the carrier's, on the statement),
 *       priced by our rate table on the shipment's route, comes to another amount than the weight we declared,
 *       whatever the statement charged: the carrier weighed the parcel into another price. The line shows both
 *       weights and what the carrier's weight costs ({@code weightPricedAmount}) beside the charge and our
 *       quote. A weight that differs but costs the same is no discrepancy; a shipment no rate row prices (it
 *       was expected as quoted) cannot be one;</li>
 *   <li>matched: otherwise, a charge for one of our shipments at the expected amount;</li>
 *   <li>amount mismatch: otherwise, a charge for one of our shipments at another amount (both amounts, and the
 *       difference): the weights agree on the price, so the rate table or the bill is off;</li>
 *   <li>unknown waybill: a charge for a waybill we never booked;</li>
 *   <li>not charged: a shipment of ours with a waybill, booked in the period and not cancelled, that the
 *       statement does not list. The period is the one asked for, else the statement's first to last
 *       charge date, in the settlement zone.</li>
 * </ul>
 * Every line about one of our shipments also shows the weight we declared and, when the carrier pushed its
 * own figures for the shipment ({@link FreightLedger.CarrierFigures}: the settlement's, else the
 * collection's), its weight and total fee and how far that fee is from our quote. Orthogonal to those
 * outcomes, a charge is flagged {@code chargeDiffersFromCarrierFee} when the statement bills another amount
 * than the total fee the carrier itself pushed: the carrier billing other than it told us is a matter to take
 * up with the carrier, whereas an amount mismatch that is not flagged (it bills what it told us) points at our
 * rate table.
 */
@Service
class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final FreightLedger ledger;
    private final RateTable rates;
    private final CarrierStatements statements;
    private final SettlementProperties settlement;
    private final FreightProperties freight;
    private final Clock clock;

    public Reconciliation(FreightLedger ledger, CarrierStatements statements, SettlementProperties settlement,
                          FreightProperties freight, Clock clock) {
        this.ledger = ledger;
        this.rates = new RateTable(settlement.rates());
        this.statements = statements;
        this.settlement = settlement;
        this.freight = freight;
        this.clock = clock;
    }

    /**
     * @param carrier     the statement's carrier: only its shipments can be "not charged"; {@code null} for every carrier
     * @param periodStart with {@code periodEnd}, the period the statement covers; both {@code null} to take it
     *                    from the statement's charge dates
     */
    @Transactional
    public ReconciliationReport reconcile(String fileName, byte[] content, String carrier, LocalDate periodStart,
                                          LocalDate periodEnd, String uploadedBy) {
        StatementCsv.Parsed parsed = StatementCsv.parse(content, settlement.maxStatementRows());
        List<Charge> charges = parsed.charges();
        if (periodStart == null && !charges.isEmpty()) {
            periodStart = charges.stream().map(Charge::date).min(LocalDate::compareTo).orElseThrow();
            periodEnd = charges.stream().map(Charge::date).max(LocalDate::compareTo).orElseThrow();
        }

        Map<String, Entry> ours = ledger.byWaybill(charges.stream().map(Charge::waybill).toList());
        List<Line> matched = new ArrayList<>();
        List<Line> mismatches = new ArrayList<>();
        List<Line> weightDiscrepancies = new ArrayList<>();
        List<Line> unknown = new ArrayList<>();
        for (Charge c : charges) {
            Entry e = ours.get(c.waybill());
            if (e == null) {
                unknown.add(Line.of(c.line(), c.waybill(), c.amount(), null, c.weightKg(), c.date(), null, null, null,
                        null, null, null, null));
                continue;
            }
            BigDecimal byCarrierWeight = priced(e, c.weightKg());
            BigDecimal byDeclaredWeight = priced(e, e.weightKg());
            Line line = line(c, e, byCarrierWeight);
            if (byCarrierWeight != null && byDeclaredWeight != null && byCarrierWeight.compareTo(byDeclaredWeight) != 0) {
                weightDiscrepancies.add(line);
            } else if (e.expectedAmount().compareTo(c.amount()) == 0) {
                matched.add(line);
            } else {
                mismatches.add(line);
            }
        }
        List<Line> notCharged = new ArrayList<>();
        if (periodStart != null) {
            Set<String> charged = charges.stream().map(Charge::waybill)
                    .collect(Collectors.toCollection(java.util.HashSet::new));
            // a waybill on a row that could not be read was still billed: it is listed as malformed, not missing
            parsed.malformed().forEach(m -> charged.addAll(java.util.Arrays.stream(m.text().split(","))
                    .map(cell -> cell.trim().replace("\"", "")).toList()));
            OffsetDateTime from = periodStart.atStartOfDay(settlement.zone()).toOffsetDateTime();
            OffsetDateTime to = periodEnd.plusDays(1).atStartOfDay(settlement.zone()).toOffsetDateTime();
            ledger.shippedBetween(from, to, carrier).stream()
                    .filter(e -> !charged.contains(e.waybill()))
                    .map(e -> Line.of(null, e.waybill(), null, e.expectedAmount(), null, null, e.orderCode(),
                            e.carrier(), e.returnIds(), e.createdAt(), e.weightKg(), null,
                            Pushed.of(e.carrierFigures())))
                    .forEach(notCharged::add);
        }
        List<MalformedRow> malformed = parsed.malformed().stream()
                .map(m -> new MalformedRow(m.line(), m.reason(), m.text())).toList();

        CarrierStatements.Header header = new CarrierStatements.Header(fileName, carrier, periodStart, periodEnd,
                freight.currency(), charges.size() + malformed.size(), uploadedBy, OffsetDateTime.now(clock));
        long id = statements.insert(header, matched, mismatches, weightDiscrepancies, unknown, notCharged, malformed);
        ReconciliationReport report = statements.find(id).orElseThrow();
        log.info("Carrier statement {} reconciled: {} matched, {} amount mismatches, {} weight discrepancies, {} unknown"
                        + " waybills, {} not charged, {} malformed rows; {} charges differ from the carrier's own total fee",
                id, matched.size(), mismatches.size(), weightDiscrepancies.size(), unknown.size(), notCharged.size(),
                malformed.size(), report.summary().chargesDifferingFromCarrierFee());
        return report;
    }

    private static Line line(Charge c, Entry e, BigDecimal weightPriced) {
        return Line.of(c.line(), c.waybill(), c.amount(), e.expectedAmount(), c.weightKg(), c.date(), e.orderCode(),
                e.carrier(), e.returnIds(), e.createdAt(), e.weightKg(), weightPriced, Pushed.of(e.carrierFigures()));
    }

    /**
     * What a weight costs on the shipment's route by our rate table as it stands; {@code null} without a weight
     * or a rate row. Both weights are priced by the same table, so a change of the rates since the booking is
     * never mistaken for a weight discrepancy.
     */
    private BigDecimal priced(Entry e, BigDecimal weightKg) {
        if (weightKg == null) {
            return null;
        }
        return rates.price(e.carrier(), e.service(), e.fromProvince(), e.toProvince(), weightKg)
                .map(RateTable.Priced::amount).orElse(null);
    }

}
