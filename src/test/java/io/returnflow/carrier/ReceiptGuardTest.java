package io.returnflow.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.returnflow.carrier.ReceiptGuard.Destination;
import io.returnflow.carrier.ReceiptGuard.Leg;
import io.returnflow.carrier.inbox.InboxEntry;
import io.returnflow.carrier.inbox.InboxEntryReader;
import io.returnflow.carrier.inbox.InboxStatus;
import io.returnflow.carrier.kdniao.KdniaoInboxEntryReader;
import io.returnflow.carrier.kdniao.KdniaoStateMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which of Kdniao's codes can ever be receipt. Every instruction code (the two pushes, the tracking query, a
 * push we do not handle) × every State either vocabulary documents (and undocumented ones) × every StateEx
 * the tracking vocabulary documents (and undocumented ones) goes the real way, from a stored inbox entry
 * through the Kdniao reader to the {@link ReceiptGuard}, against a leg at the warehouse that was collected
 * on the very waybill signed for: the most favourable leg there is. Only the combinations listed in
 * {@link #isReceiptByKdniaosDocumentation} may come out as receipt.
 */
class ReceiptGuardTest {

    private static final String WAYBILL = "SF1402983417341";
    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-27T10:00:00+08:00");
    private static final Leg COLLECTED_AT_WAREHOUSE = new Leg(WAYBILL, true, Destination.WAREHOUSE);

    private static final List<String> REQUEST_TYPES = List.of("101", "1002", "103", "102", "8008", "");
    private static final List<String> UNKNOWN_STATES = List.of("", "7", "9", "10", "300", "303", "500", "999", "-1",
            "abc", "3 1", "03");
    private static final List<String> UNKNOWN_DETAILS = List.of("303", "399", "408", "500", "999", "30", "3a",
            "3011", "03");

    private final InboxEntryReader reader = new KdniaoInboxEntryReader();

    /** Kdniao's own word for "signed", per vocabulary: State 3 with no detail or a signature detail; 103 State 3. */
    private static boolean isReceiptByKdniaosDocumentation(String requestType, String state, String stateEx) {
        return switch (requestType) {
            case "101", "1002" -> state.equals("3") && Set.of("", "3", "301", "302", "304", "311").contains(stateEx);
            case "103" -> state.equals("3");
            default -> false;
        };
    }

    static Stream<Arguments> everyInstructionAndState() {
        Set<String> states = new LinkedHashSet<>();
        states.addAll(KdniaoStateMapping.TRACKING_STATES.keySet());
        states.addAll(KdniaoStateMapping.PICKUP_CODES.keySet());
        states.addAll(KdniaoStateMapping.TRACKING_DETAILS.keySet());
        states.addAll(UNKNOWN_STATES);
        List<Arguments> all = new ArrayList<>();
        for (String type : REQUEST_TYPES) {
            for (String state : states) {
                all.add(Arguments.of(type, state));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "RequestType {0}, State {1}, every StateEx")
    @MethodSource("everyInstructionAndState")
    void onlyADocumentedSignatureInItsOwnVocabularyIsReceipt(String requestType, String state) {
        List<String> details = new ArrayList<>();
        details.add("");
        details.addAll(KdniaoStateMapping.TRACKING_DETAILS.keySet());
        details.addAll(UNKNOWN_DETAILS);
        List<String> wrong = new ArrayList<>();
        for (String stateEx : details) {
            boolean receipt = receipt(requestType, state, stateEx);
            if (receipt != isReceiptByKdniaosDocumentation(requestType, state, stateEx)) {
                wrong.add("StateEx '" + stateEx + "' → " + (receipt ? "receipt" : "not receipt"));
            }
        }
        assertThat(wrong).as("RequestType %s State %s", requestType, state).isEmpty();
    }

    @Test
    void theReceiptSetIsExactlyTheDocumentedSignatures() {
        // the exhaustive test above must be able to fail: this is what it lets through, and nothing else
        assertThat(receipt("101", "3", "")).isTrue();
        assertThat(receipt("101", "3", "311")).isTrue();
        assertThat(receipt("1002", "3", "304")).isTrue();
        assertThat(receipt("103", "3", "")).isTrue();
        assertThat(receipt("103", "302", "")).as("waybill changed").isFalse();
        assertThat(receipt("103", "301", "")).as("collected").isFalse();
        assertThat(receipt("101", "3", "406")).as("signed as returned to sender").isFalse();
        assertThat(receipt("101", "3", "404")).as("refused, going back").isFalse();
        assertThat(receipt("101", "302", "")).as("a detail number in State").isFalse();
        assertThat(receipt("101", "4", "301")).as("contradiction").isFalse();
    }

    @Test
    void aSignatureCountsOnlyOnTheCurrentWaybillOfACollectedLegToTheWarehouse() {
        TrackingUpdate signed = signed(WAYBILL);

        assertThat(ReceiptGuard.judge(signed, COLLECTED_AT_WAREHOUSE).isReceipt()).isTrue();
        assertThat(ReceiptGuard.judge(signed, new Leg("SF9999", true, Destination.WAREHOUSE)))
                .as("signed on a superseded waybill").isInstanceOf(ReceiptGuard.Verdict.NotReceipt.class);
        assertThat(ReceiptGuard.judge(signed, new Leg(WAYBILL, false, Destination.WAREHOUSE)))
                .as("before any collection").isInstanceOf(ReceiptGuard.Verdict.NotYet.class);
        assertThat(ReceiptGuard.judge(signed, new Leg(null, false, Destination.WAREHOUSE)))
                .as("a waybill the leg never knew").isInstanceOf(ReceiptGuard.Verdict.NotYet.class);
        assertThat(ReceiptGuard.judge(signed, new Leg(WAYBILL, true, Destination.STORE)))
                .as("a leg that ends at a store").isInstanceOf(ReceiptGuard.Verdict.NotReceipt.class);
        assertThat(ReceiptGuard.judge(signed(null), COLLECTED_AT_WAREHOUSE).isReceipt())
                .as("the order's signature without a waybill, on a collected leg").isTrue();
        for (TrackingState state : TrackingState.values()) {
            TrackingUpdate update = new TrackingUpdate("R-1", "RF-R-1-1", WAYBILL, state, AT, null, null);
            assertThat(ReceiptGuard.judge(update, COLLECTED_AT_WAREHOUSE).isReceipt()).as(state.name())
                    .isEqualTo(state == TrackingState.SIGNED);
        }
    }

    private boolean receipt(String requestType, String state, String stateEx) {
        String payload = "{\"OrderCode\":\"RF-R-1-1\",\"ShipperCode\":\"SF\",\"LogisticCode\":\"" + WAYBILL
                + "\",\"State\":\"" + state + "\",\"StateEx\":\"" + stateEx + "\",\"CallBack\":\"R-1\","
                + "\"UpdateStatus\":\"0\",\"OldShipperCode\":\"ZTO\",\"OldLogisticCode\":\"ZT1\",\"TotalFee\":\"12.00\"}";
        InboxEntry entry = new InboxEntry(1, requestType, "RF-R-1-1", "R-1", payload, InboxStatus.PENDING, 0, 0, null,
                AT, AT, AT, AT, null);
        try {
            return ReceiptGuard.judge(reader.read(entry), COLLECTED_AT_WAREHOUSE).isReceipt();
        } catch (InboxEntryReader.UnreadableEntryException parked) {
            return false;
        }
    }

    private static TrackingUpdate signed(String waybill) {
        return new TrackingUpdate("R-1", "RF-R-1-1", waybill, TrackingState.SIGNED, AT, null, null,
                TrackingUpdate.Report.PICKUP_ORDER, null, null, null);
    }
}
