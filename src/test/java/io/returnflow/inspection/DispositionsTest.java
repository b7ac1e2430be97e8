package io.returnflow.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.camunda.bpm.engine.variable.VariableMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.Disposition;
import io.returnflow.returns.ReturnItem;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnProgress;
import io.returnflow.returns.ReturnReason;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnStatus;
import io.returnflow.returns.ReturnTimeline;
import io.returnflow.support.MigratedDatabase;
import io.returnflow.support.MutableClock;

/**
 * Each line's disposition written once and told once, for a line nobody inspected as the analysts' table decides,
 * on the real migrations: H2 here, PostgreSQL in
 * {@link DispositionsPostgresTest}.
 */
class DispositionsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-26T02:20:00Z");

    final MutableClock clock = new MutableClock(NOW);
    MigratedDatabase db;
    ReturnRepository returns;
    ReturnTimeline timeline;
    LineDispositions stored;
    Dispositions dispositions;
    /** What the analysts' table answers (the shipped {@code return-dispositions.dmn} unless a test changes it). */
    Function<VariableMap, Map<String, Object>> table = DispositionDecisionTest.TABLE::evaluate;

    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }

    @BeforeEach
    void aReturnOfTwoLinesAtTheWarehouse() {
        db = database();
        returns = new ReturnRepository(db.jdbc());
        timeline = new ReturnTimeline(db.jdbc(), clock);
        stored = new LineDispositions(db.jdbc());
        dispositions = new Dispositions(stored, new DispositionPolicy(inputs -> table.apply(inputs)), returns,
                new ReturnProgress(returns, timeline, clock), clock);
        returns.insert(aReturn("R-DISP", ReturnReason.DEFECTIVE, TWO_LINES));
    }

    static final List<ReturnItem> TWO_LINES = List.of(
            new ReturnItem("L1", "SKU-1", "T 恤", "apparel", 1, new BigDecimal("99.00")),
            new ReturnItem("L2", "SKU-2", "Mug", "kitchen", 2, new BigDecimal("30.00")));

    @Test
    void defectiveLinesNobodyInspectedGoBackToTheVendorOnceHoweverOftenTheFlowIsTaken() {
        dispositions.recordNotInspected("R-DISP");
        clock.advance(java.time.Duration.ofMinutes(5));
        dispositions.recordNotInspected("R-DISP");

        assertThat(stored.of("R-DISP").values())
                .extracting(LineDispositions.Recorded::lineId, LineDispositions.Recorded::disposition,
                        LineDispositions.Recorded::source, LineDispositions.Recorded::recordedBy)
                .containsExactly(tuple("L1", Disposition.RETURN_TO_VENDOR, LineDispositions.Source.POLICY, "system"),
                        tuple("L2", Disposition.RETURN_TO_VENDOR, LineDispositions.Source.POLICY, "system"));
        assertThat(stored.of("R-DISP").values()).allSatisfy(recorded -> assertThat(recorded.recordedAt()
                .toInstant()).isEqualTo(NOW));
        assertThat(entries()).extracting(ReturnTimeline.TimelineEvent::detail, ReturnTimeline.TimelineEvent::actor)
                .containsExactly(tuple("Line L1, SKU SKU-1, quantity 1: RETURN_TO_VENDOR (not inspected)", "system"),
                        tuple("Line L2, SKU SKU-2, quantity 2: RETURN_TO_VENDOR (not inspected)", "system"));
    }

    @Test
    void eachReasonHasTheDispositionOfTheAnalystsTable() {
        returns.insert(aReturn("R-DAMAGED", ReturnReason.DAMAGED_IN_TRANSIT, TWO_LINES));
        returns.insert(aReturn("R-CHANGED", ReturnReason.CHANGED_MIND, TWO_LINES));

        dispositions.recordNotInspected("R-DAMAGED");
        dispositions.recordNotInspected("R-CHANGED");

        assertThat(stored.of("R-DAMAGED").values()).extracting(LineDispositions.Recorded::disposition,
                        LineDispositions.Recorded::source)
                .containsOnly(tuple(Disposition.REFURBISH, LineDispositions.Source.POLICY)).hasSize(2);
        assertThat(stored.of("R-CHANGED").values()).extracting(LineDispositions.Recorded::disposition,
                        LineDispositions.Recorded::source)
                .containsOnly(tuple(Disposition.RESTOCK, LineDispositions.Source.POLICY)).hasSize(2);
    }

    @Test
    void aLineNoRuleAnswersIsRestockedAsTheDefault() {
        table = inputs -> "kitchen".equals(inputs.get("category"))
                ? null : Map.of("disposition", "DISPOSE", "rule", "apparel-disposed");

        dispositions.recordNotInspected("R-DISP");

        assertThat(stored.of("R-DISP").values())
                .extracting(LineDispositions.Recorded::lineId, LineDispositions.Recorded::disposition,
                        LineDispositions.Recorded::source)
                .containsExactly(tuple("L1", Disposition.DISPOSE, LineDispositions.Source.POLICY),
                        tuple("L2", Disposition.RESTOCK, LineDispositions.Source.DEFAULT));
        assertThat(entries()).extracting(ReturnTimeline.TimelineEvent::detail)
                .containsExactly("Line L1, SKU SKU-1, quantity 1: DISPOSE (not inspected)",
                        "Line L2, SKU SKU-2, quantity 2: RESTOCK (not inspected)");
    }

    @Test
    void anAnswerThatIsNoDispositionFailsTheStepWithNothingRecordedUntilTheTableIsCorrected() {
        // the analyst's typo hits the second line only: the first is not written on its own either
        table = inputs -> "kitchen".equals(inputs.get("category"))
                ? Map.of("disposition", "RESTOK", "rule", "kitchenware") : DispositionDecisionTest.TABLE.evaluate(inputs);

        assertThatThrownBy(() -> dispositions.recordNotInspected("R-DISP"))
                .isInstanceOf(DispositionPolicy.UnknownDisposition.class)
                .hasMessageContaining("return-disposition (processes/return-dispositions.dmn) answered the "
                        + "disposition 'RESTOK' for line L2 of return R-DISP (rule kitchenware)");
        assertThat(stored.of("R-DISP")).isEmpty();
        assertThat(entries()).isEmpty();

        // the corrected table is deployed and the step runs again
        table = DispositionDecisionTest.TABLE::evaluate;
        dispositions.recordNotInspected("R-DISP");
        assertThat(stored.of("R-DISP").values()).extracting(LineDispositions.Recorded::disposition)
                .containsExactly(Disposition.RETURN_TO_VENDOR, Disposition.RETURN_TO_VENDOR);
        assertThat(entries()).hasSize(2);
    }

    @Test
    void aStepRunAgainAfterTheLinesWereRecordedDoesNotAskTheTable() {
        dispositions.recordNotInspected("R-DISP");
        table = inputs -> {
            throw new AssertionError("asked the table about a line recorded already: " + inputs);
        };

        dispositions.recordNotInspected("R-DISP");

        assertThat(stored.of("R-DISP").values()).extracting(LineDispositions.Recorded::disposition)
                .containsExactly(Disposition.RETURN_TO_VENDOR, Disposition.RETURN_TO_VENDOR);
        assertThat(entries()).hasSize(2);
    }

    @Test
    void theInspectorsChoicesAreStoredPerLineAndARepeatedStepChangesNothing() throws Exception {
        InspectionSheet.Verdict verdict = inspected("REFURBISH", "RETURN_TO_VENDOR");
        dispositions.recordInspected("R-DISP", verdict.lines(), "inspector");

        // the step runs again with other choices (a second completion, a retried job): the first record stands
        dispositions.recordInspected("R-DISP", inspected("DISPOSE", "DISPOSE").lines(), "someone-else");
        dispositions.recordNotInspected("R-DISP");

        assertThat(stored.of("R-DISP").values())
                .extracting(LineDispositions.Recorded::lineId, LineDispositions.Recorded::disposition,
                        LineDispositions.Recorded::source, LineDispositions.Recorded::recordedBy)
                .containsExactly(tuple("L1", Disposition.REFURBISH, LineDispositions.Source.INSPECTION, "inspector"),
                        tuple("L2", Disposition.RETURN_TO_VENDOR, LineDispositions.Source.INSPECTION, "inspector"));
        assertThat(entries()).extracting(ReturnTimeline.TimelineEvent::detail, ReturnTimeline.TimelineEvent::actor)
                .containsExactly(tuple("Line L1, SKU SKU-1, quantity 1: REFURBISH (inspected)", "inspector"),
                        tuple("Line L2, SKU SKU-2, quantity 2: RETURN_TO_VENDOR (inspected)", "inspector"));
        assertThat(db.jdbc().sql("select count(*) from line_dispositions").query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aReturnWithoutDispositionsHasNone() {
        assertThat(stored.of("R-DISP")).isEmpty();
        assertThat(entries()).isEmpty();
    }

    /** A checked inspection that accepts everything, with these dispositions for L1 and L2. */
    private InspectionSheet.Verdict inspected(String first, String second) throws Exception {
        List<ReturnItem> items = returns.items("R-DISP");
        ArrayNode rows = (ArrayNode) JSON.readTree(InspectionSheet.blank(items));
        ((ObjectNode) rows.get(0)).put("condition", "USED").put("disposition", first);
        ((ObjectNode) rows.get(1)).put("condition", "NEW").put("disposition", second);
        return InspectionSheet.check(items, "ACCEPT", rows.toString());
    }

    private List<ReturnTimeline.TimelineEvent> entries() {
        return timeline.list("R-DISP").stream()
                .filter(e -> Dispositions.TIMELINE_ENTRY.equals(e.type())).toList();
    }

    private CustomerReturn aReturn(String id, ReturnReason reason, List<ReturnItem> items) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return new CustomerReturn(id, "SO-" + id, ReturnStatus.RECEIVED, false, ReturnMethod.HOME_PICKUP,
                reason, new CustomerReturn.Customer("C-1", "张三", "13800000000", null, "STANDARD"),
                null, OffsetDateTime.parse("2026-11-20T10:00:00+08:00"),
                new CustomerReturn.Payment("sandbox", "ch_" + id, "CNY", new BigDecimal("159.00")),
                new CustomerReturn.PickupAddress("广东省", "深圳市", "南山区", "科技园 1 号", "518000"),
                now.plusDays(1), now.plusDays(1).plusHours(2), null,
                new CustomerReturn.Freight(new BigDecimal("12.00"), "CNY", CustomerReturn.FreightPayer.MERCHANT,
                        "merchant-pays-defective"),
                new CustomerReturn.RefundPlan("AT_WAREHOUSE_RECEIPT", new BigDecimal("159.00"),
                        new BigDecimal("0.00"), new BigDecimal("0.00"), new BigDecimal("159.00")),
                List.of(), null, now, now, items);
    }
}
