package io.returnflow.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import io.returnflow.platform.Money;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The reconciliation of one carrier statement against the freight ledger, as answered by
 * {@code POST /api/settlement/carrier-statements} and {@code GET .../{id}}. Money is text with the
 * currency's scale ({@code "12.00"}); {@code difference} = charged − expected. Each charge for a shipment of
 * ours is in exactly one of {@code matched}, {@code amountMismatches} and {@code weightDiscrepancies}.
 *
 * @param periodStart the period of the shipments the carrier should have charged (inclusive)
 * @param periodEnd   its end (inclusive); both {@code null} when the statement has no readable charge
 */
@Schema(description = "A carrier statement reconciled against the freight ledger; money as decimal strings.")
record ReconciliationReport(long id, String fileName, String carrier, LocalDate periodStart,
                                   LocalDate periodEnd, String currency, String uploadedBy, OffsetDateTime uploadedAt,
                                   Summary summary, List<Line> matched, List<Line> amountMismatches,
                                   List<Line> weightDiscrepancies, List<Line> unknownWaybills, List<Line> notCharged,
                                   List<MalformedRow> malformed) {

    /**
     * How many lines fell in each part; {@code rows} counts the statement's data rows.
     *
     * @param weightDiscrepancies            charges whose weight, priced by our rate table, comes to another
     *                                       amount than the weight we declared ({@link Line#weightPricedAmount()})
     * @param chargesDifferingFromCarrierFee how many charges (matched or not) are flagged
     *                                       {@link Line#chargeDiffersFromCarrierFee()}
     */
    @Schema(name = "ReconciliationSummary", description = "How many lines fell in each part.")
    public record Summary(int rows, int matched, int amountMismatches, int weightDiscrepancies, int unknownWaybills,
                          int notCharged, int malformed, String chargedTotal, String expectedTotal,
                          int chargesDifferingFromCarrierFee) {
    }

    /**
     * A charge of the statement and/or a shipment of ours. {@code line} and the charged values are
     * {@code null} for a shipment the statement does not list; the expected values, order code, returns,
     * declared weight and carrier's figures are {@code null} for a charge we know nothing of.
     *
     * @param weightKg                    the weight the statement charged by (the carrier's weight)
     * @param declaredWeightKg            the weight we declared when booking the shipment (what we priced it by)
     * @param weightPricedAmount          what the statement's weight costs by our rate table, on the shipment's
     *                                    route, as the table stood at reconciliation; {@code null} when no rate
     *                                    row prices the shipment (it was expected as quoted), for a shipment not
     *                                    charged and for a charge we know nothing of. A line is a weight
     *                                    discrepancy exactly when this differs from what our declared weight
     *                                    costs by the same table.
     * @param carrierReported             what the carrier itself pushed for the shipment before billing it, as it
     *                                    stood at reconciliation; {@code null} when it pushed no figures
     * @param chargeDiffersFromCarrierFee {@code true} when the statement charges another amount than the total
     *                                    fee the carrier itself pushed ({@code carrierReported.chargedOverTotalFee}
     *                                    says by how much: above zero, it bills more than it told us);
     *                                    {@code false} when they agree; {@code null} when there is no charge or
     *                                    no pushed total fee to compare. Independent of the outcome: a matched
     *                                    line can be flagged (it bills our quote, not what it told us), and an
     *                                    amount mismatch that is not flagged means our quote was off, not the bill.
     */
    @Schema(name = "ReconciliationLine", description = "A charge of the statement and/or a shipment of ours.")
    public record Line(Integer line, String waybill, String chargedAmount, String expectedAmount, String difference,
                       String weightKg, LocalDate date, String orderCode, String carrier, List<String> returnIds,
                       OffsetDateTime bookedAt, String declaredWeightKg, String weightPricedAmount,
                       CarrierReported carrierReported, Boolean chargeDiffersFromCarrierFee) {

        /** A line from its figures; the differences and the flag are worked out here, once. */
        static Line of(Integer line, String waybill, BigDecimal charged, BigDecimal expected, BigDecimal weightKg,
                       LocalDate date, String orderCode, String carrier, List<String> returnIds,
                       OffsetDateTime bookedAt, BigDecimal declaredWeightKg, BigDecimal weightPricedAmount,
                       Pushed pushed) {
            BigDecimal totalFee = pushed == null ? null : pushed.totalFee();
            CarrierReported reported = pushed == null ? null : new CarrierReported(pushed.kind(),
                    CarrierStatements.weight(pushed.weightKg()), Money.text(totalFee),
                    Money.text(minus(totalFee, expected)), Money.text(minus(charged, totalFee)), pushed.reportedAt());
            return new Line(line, waybill, Money.text(charged), Money.text(expected),
                    Money.text(minus(charged, expected)), CarrierStatements.weight(weightKg), date, orderCode, carrier, returnIds, bookedAt,
                    CarrierStatements.weight(declaredWeightKg), Money.text(weightPricedAmount), reported,
                    charged == null || totalFee == null ? null : charged.compareTo(totalFee) != 0);
        }

        private static BigDecimal minus(BigDecimal a, BigDecimal b) {
            return a == null || b == null ? null : a.subtract(b);
        }
    }

    /**
     * The carrier's own figures for a shipment of a line (Kdniao pickup push 301 "collected", or 601
     * "settlement fee", which stands over it), as they stood when the statement was reconciled.
     *
     * @param kind                {@code COLLECTION} or {@code SETTLEMENT}: whose total fee this is
     * @param weightKg            the weight the carrier weighed, when it said one
     * @param totalFee            the total fee it said it will charge (the settlement basis), when it said one
     * @param feeDifference       total fee − expected: how far the carrier's own price is from our quote
     * @param chargedOverTotalFee charged − total fee: how much more the statement bills than the carrier told us
     *                            ({@code null} for a shipment not charged)
     * @param reportedAt          when the carrier reported the total fee
     */
    @Schema(description = "The carrier's own figures for the shipment, as it pushed them.")
    public record CarrierReported(String kind, String weightKg, String totalFee, String feeDifference,
                                  String chargedOverTotalFee, OffsetDateTime reportedAt) {
    }

    /** The carrier's figures a line is made with, as stored with it. */
    record Pushed(String kind, BigDecimal weightKg, BigDecimal totalFee, OffsetDateTime reportedAt) {

        static Pushed of(FreightLedger.CarrierFigures figures) {
            return figures == null ? null
                    : new Pushed(figures.kind().name(), figures.weightKg(), figures.totalFee(), figures.reportedAt());
        }
    }

    /** A row that could not be read: its line number in the file (header = 1), why, and its text. */
    @Schema(description = "A statement row that could not be read.")
    public record MalformedRow(int line, String reason, String text) {
    }
}
