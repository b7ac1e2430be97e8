package io.returnflow.settlement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import io.returnflow.settlement.ReconciliationReport.CarrierReported;
import io.returnflow.settlement.ReconciliationReport.Line;
import io.returnflow.settlement.ReconciliationReport.MalformedRow;
import io.returnflow.settlement.ReconciliationReport.Pushed;
import io.returnflow.settlement.ReconciliationReport.Summary;
import io.returnflow.platform.Money;

/** Stored reconciliation reports ({@code carrier_statements}, {@code carrier_statement_lines}). */
@Repository
class CarrierStatements {

    enum Outcome { MATCHED, AMOUNT_MISMATCH, WEIGHT_DISCREPANCY, UNKNOWN_WAYBILL, NOT_CHARGED, MALFORMED }

    private final JdbcClient jdbc;

    public CarrierStatements(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a report and answers its id. */
    long insert(Header header, List<Line> matched, List<Line> mismatches, List<Line> weightDiscrepancies,
                List<Line> unknown, List<Line> notCharged, List<MalformedRow> malformed) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into carrier_statements (file_name, carrier, period_start, period_end, currency, data_rows,
                          uploaded_by, uploaded_at) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(header.fileName(), header.carrier(), header.periodStart(), header.periodEnd(), header.currency(),
                        header.rows(), header.uploadedBy(), header.uploadedAt())
                .update(key, "id");
        long id = key.getKeyAs(Number.class).longValue();
        matched.forEach(l -> insertLine(id, Outcome.MATCHED, l));
        mismatches.forEach(l -> insertLine(id, Outcome.AMOUNT_MISMATCH, l));
        weightDiscrepancies.forEach(l -> insertLine(id, Outcome.WEIGHT_DISCREPANCY, l));
        unknown.forEach(l -> insertLine(id, Outcome.UNKNOWN_WAYBILL, l));
        notCharged.forEach(l -> insertLine(id, Outcome.NOT_CHARGED, l));
        malformed.forEach(m -> jdbc.sql("""
                        insert into carrier_statement_lines (statement_id, outcome, line_no, problem, raw_text)
                        values (?, ?, ?, ?, ?)""")
                .params(id, Outcome.MALFORMED.name(), m.line(), m.reason(), m.text()).update());
        return id;
    }

    private void insertLine(long statementId, Outcome outcome, Line l) {
        CarrierReported pushed = l.carrierReported();
        jdbc.sql("""
                        insert into carrier_statement_lines (statement_id, outcome, line_no, waybill, charged_amount,
                          expected_amount, difference, weight_kg, charge_date, order_code, carrier, return_ids,
                          booked_at, declared_weight_kg, weight_priced_amount, carrier_fee_kind, carrier_weight_kg,
                          carrier_total_fee, carrier_reported_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(statementId, outcome.name(), l.line(), l.waybill(), decimal(l.chargedAmount()),
                        decimal(l.expectedAmount()), decimal(l.difference()), decimal(l.weightKg()), l.date(),
                        l.orderCode(), l.carrier(), l.returnIds() == null ? null : String.join(",", l.returnIds()),
                        l.bookedAt(), decimal(l.declaredWeightKg()), decimal(l.weightPricedAmount()),
                        pushed == null ? null : pushed.kind(),
                        decimal(pushed == null ? null : pushed.weightKg()),
                        decimal(pushed == null ? null : pushed.totalFee()), pushed == null ? null : pushed.reportedAt())
                .update();
    }

    public Optional<ReconciliationReport> find(long id) {
        Optional<Header> header = jdbc.sql("select * from carrier_statements where id = ?").param(id)
                .query((rs, row) -> new Header(rs.getString("file_name"), rs.getString("carrier"),
                        rs.getObject("period_start", LocalDate.class), rs.getObject("period_end", LocalDate.class),
                        rs.getString("currency"), rs.getInt("data_rows"), rs.getString("uploaded_by"),
                        rs.getObject("uploaded_at", OffsetDateTime.class)))
                .optional();
        if (header.isEmpty()) {
            return Optional.empty();
        }
        List<Line> matched = lines(id, Outcome.MATCHED);
        List<Line> mismatches = lines(id, Outcome.AMOUNT_MISMATCH);
        List<Line> weightDiscrepancies = lines(id, Outcome.WEIGHT_DISCREPANCY);
        List<Line> unknown = lines(id, Outcome.UNKNOWN_WAYBILL);
        List<Line> notCharged = lines(id, Outcome.NOT_CHARGED);
        List<MalformedRow> malformed = jdbc.sql("""
                        select line_no, problem, raw_text from carrier_statement_lines
                        where statement_id = ? and outcome = ? order by line_no, id""")
                .params(id, Outcome.MALFORMED.name())
                .query((rs, row) -> new MalformedRow(rs.getInt("line_no"), rs.getString("problem"),
                        rs.getString("raw_text")))
                .list();
        return Optional.of(report(id, header.get(), matched, mismatches, weightDiscrepancies, unknown, notCharged,
                malformed));
    }

    static ReconciliationReport report(long id, Header h, List<Line> matched, List<Line> mismatches,
                                       List<Line> weightDiscrepancies, List<Line> unknown, List<Line> notCharged,
                                       List<MalformedRow> malformed) {
        List<Line> charged = new ArrayList<>(matched);
        charged.addAll(mismatches);
        charged.addAll(weightDiscrepancies);
        charged.addAll(unknown);
        BigDecimal chargedTotal = charged.stream().map(l -> decimal(l.chargedAmount())).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        List<Line> ours = new ArrayList<>(matched);
        ours.addAll(mismatches);
        ours.addAll(weightDiscrepancies);
        ours.addAll(notCharged);
        BigDecimal expectedTotal = ours.stream().map(l -> decimal(l.expectedAmount())).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        int differing = (int) charged.stream().filter(l -> Boolean.TRUE.equals(l.chargeDiffersFromCarrierFee()))
                .count();
        Summary summary = new Summary(h.rows(), matched.size(), mismatches.size(), weightDiscrepancies.size(),
                unknown.size(), notCharged.size(), malformed.size(), Money.text(chargedTotal), Money.text(expectedTotal),
                differing);
        return new ReconciliationReport(id, h.fileName(), h.carrier(), h.periodStart(), h.periodEnd(), h.currency(),
                h.uploadedBy(), h.uploadedAt(), summary, matched, mismatches, weightDiscrepancies, unknown, notCharged,
                malformed);
    }

    private List<Line> lines(long statementId, Outcome outcome) {
        // shipments the statement does not list have no line number: they come last, by booking time
        return jdbc.sql("""
                        select * from carrier_statement_lines where statement_id = ? and outcome = ?
                        order by case when line_no is null then 1 else 0 end, line_no, booked_at, id""")
                .params(statementId, outcome.name()).query(CarrierStatements::line).list();
    }

    private static Line line(ResultSet rs, int row) throws SQLException {
        int lineNo = rs.getInt("line_no");
        Integer line = rs.wasNull() ? null : lineNo;
        String returnIds = rs.getString("return_ids");
        String feeKind = rs.getString("carrier_fee_kind");
        // a line kept before the carrier's figures were recorded (V12) has none
        Pushed pushed = feeKind == null ? null : new Pushed(feeKind, rs.getBigDecimal("carrier_weight_kg"),
                rs.getBigDecimal("carrier_total_fee"), rs.getObject("carrier_reported_at", OffsetDateTime.class));
        return Line.of(line, rs.getString("waybill"), rs.getBigDecimal("charged_amount"),
                rs.getBigDecimal("expected_amount"), rs.getBigDecimal("weight_kg"),
                rs.getObject("charge_date", LocalDate.class), rs.getString("order_code"), rs.getString("carrier"),
                returnIds == null ? null : returnIds.isEmpty() ? List.of() : Arrays.asList(returnIds.split(",")),
                rs.getObject("booked_at", OffsetDateTime.class), rs.getBigDecimal("declared_weight_kg"),
                rs.getBigDecimal("weight_priced_amount"), pushed);
    }


    static String weight(BigDecimal kg) {
        return kg == null ? null : kg.setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    /** What a report says about its statement. */
    record Header(String fileName, String carrier, LocalDate periodStart, LocalDate periodEnd, String currency,
                  int rows, String uploadedBy, OffsetDateTime uploadedAt) {
    }
}
