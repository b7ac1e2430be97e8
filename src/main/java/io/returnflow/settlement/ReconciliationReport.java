package io.returnflow.settlement;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The reconciliation of one carrier statement against the freight ledger, as answered by
 * {@code POST /api/settlement/carrier-statements} and {@code GET .../{id}}. Money is text with the
 * currency's scale ({@code "12.00"}); {@code difference} = charged − expected.
 *
 * @param periodStart the period of the shipments the carrier should have charged (inclusive)
 * @param periodEnd   its end (inclusive); both {@code null} when the statement has no readable charge
 */
public record ReconciliationReport(long id, String fileName, String carrier, LocalDate periodStart,
                                   LocalDate periodEnd, String currency, String uploadedBy, OffsetDateTime uploadedAt,
                                   Summary summary, List<Line> matched, List<Line> amountMismatches,
                                   List<Line> unknownWaybills, List<Line> notCharged, List<MalformedRow> malformed) {

    /** How many lines fell in each part; {@code rows} counts the statement's data rows. */
    public record Summary(int rows, int matched, int amountMismatches, int unknownWaybills, int notCharged,
                          int malformed, String chargedTotal, String expectedTotal) {
    }

    /**
     * A charge of the statement and/or a shipment of ours. {@code line} and the charged values are
     * {@code null} for a shipment the statement does not list; the expected values, order code and
     * returns are {@code null} for a charge we know nothing of.
     */
    public record Line(Integer line, String waybill, String chargedAmount, String expectedAmount, String difference,
                       String weightKg, LocalDate date, String orderCode, String carrier, List<String> returnIds,
                       OffsetDateTime bookedAt) {
    }

    /** A row that could not be read: its line number in the file (header = 1), why, and its text. */
    public record MalformedRow(int line, String reason, String text) {
    }
}
