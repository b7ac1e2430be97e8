package io.returnflow.inspection;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What inspectors found, one row per returned line ({@code inspection_results}). */
@Repository
class InspectionResults {

    private final JdbcClient jdbc;

    public InspectionResults(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores an inspection, replacing an earlier record of the same return (a step run again). */
    public void save(String returnId, InspectionSheet.Verdict verdict, String inspector, OffsetDateTime at) {
        jdbc.sql("delete from inspection_results where return_id = ?").param(returnId).update();
        for (InspectionLine line : verdict.lines()) {
            jdbc.sql("""
                            insert into inspection_results (return_id, line_id, item_condition, returned_quantity,
                              accepted_quantity, unit_price, deduction, deduction_reason, outcome, inspected_by,
                              inspected_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(returnId, line.lineId(), line.condition(), line.quantity(), line.acceptedQuantity(),
                            line.unitPrice(), line.deduction(), line.deductionReason(), verdict.outcome().name(),
                            inspector, at)
                    .update();
        }
    }

    public List<Result> of(String returnId) {
        return jdbc.sql("select * from inspection_results where return_id = ? order by line_id").param(returnId)
                .query((rs, n) -> new Result(rs.getString("line_id"), rs.getString("item_condition"),
                        rs.getInt("returned_quantity"), rs.getInt("accepted_quantity"), rs.getBigDecimal("unit_price"),
                        rs.getBigDecimal("deduction"), rs.getString("deduction_reason"),
                        InspectionOutcome.valueOf(rs.getString("outcome")), rs.getString("inspected_by"),
                        rs.getObject("inspected_at", OffsetDateTime.class)))
                .list();
    }

    /** One stored line. */
    public record Result(String lineId, String condition, int returnedQuantity, int acceptedQuantity,
                         java.math.BigDecimal unitPrice, java.math.BigDecimal deduction, String deductionReason,
                         InspectionOutcome outcome, String inspectedBy, OffsetDateTime inspectedAt) {
    }
}
