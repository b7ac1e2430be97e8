package io.returnflow.carrier.kdniao;

import static org.assertj.core.api.Assertions.assertThat;

import io.returnflow.carrier.TrackingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KdniaoStateMappingTest {

    private final KdniaoStateMapping mapping = new KdniaoStateMapping();

    @ParameterizedTest(name = "101 State {0} → {1}")
    @CsvSource({
            "0, BOOKED",
            "1, COLLECTED",
            "2, IN_TRANSIT",
            "3, SIGNED",
            "4, EXCEPTION",
            "5, IN_TRANSIT",
            "6, IN_TRANSIT",
    })
    void mapsEachTrackingState(String state, TrackingState expected) {
        assertThat(mapping.map("101", state, null)).contains(expected);
        assertThat(mapping.map("1002", " " + state + " ", "")).contains(expected);
    }

    @ParameterizedTest(name = "State {0} / StateEx {1} → {2}")
    @CsvSource({
            "1, 10, BOOKED",
            "2, 201, IN_TRANSIT",
            "2, 202, IN_TRANSIT",
            "2, 211, IN_TRANSIT",
            "3, 3, SIGNED",
            "3, 301, SIGNED",
            "3, 302, SIGNED",
            "3, 304, SIGNED",
            "3, 311, SIGNED",
            "3, 404, RETURNED_TO_SENDER",
            "3, 406, RETURNED_TO_SENDER",
            "3, 407, RETURNED_TO_SENDER",
            "4, 401, EXCEPTION",
            "4, 402, EXCEPTION",
            "4, 412, EXCEPTION",
            "4, 423, EXCEPTION",
            "4, 404, RETURNED_TO_SENDER",
            "4, 406, RETURNED_TO_SENDER",
            "6, 604, EXCEPTION",
    })
    void theDetailDecidesWhenThereIsOne(String state, String stateEx, TrackingState expected) {
        assertThat(mapping.map("101", state, stateEx)).contains(expected);
    }

    @ParameterizedTest(name = "101 State {0} / StateEx {1} is parked")
    @CsvSource({
            // an undocumented detail is not replaced by the coarse state
            "2, 999",
            "3, 303",
            "3, 399",
            // a signature detail under another State contradicts it
            "2, 301",
            "4, 3",
            "1, 311",
            "'', 301",
    })
    void undocumentedOrContradictoryDetailsMapToNothing(String state, String stateEx) {
        assertThat(mapping.map("101", state, stateEx)).isEmpty();
    }

    @ParameterizedTest(name = "103 State {0} → {1}")
    @CsvSource({
            "99, PICKUP_FAILED",
            "102, BOOKED",
            "103, COURIER_ASSIGNED",
            "104, COURIER_AT_DOOR",
            "120, WAYBILL_CHANGED",
            "301, COLLECTED",
            "109, REDISPATCHED",
            "203, PICKUP_FAILED",
            "206, FAKE_COLLECTION",
            "208, CHARGED",
            "302, WAYBILL_CHANGED",
            "402, ORDER_CHANGED",
            "2, IN_TRANSIT",
            "3, SIGNED",
            "601, CHARGED",
    })
    void mapsEachPickupStatus(String state, TrackingState expected) {
        assertThat(mapping.map("103", state, null)).contains(expected);
        assertThat(KdniaoStateMapping.PICKUP_CODES).containsKey(state);
    }

    @ParameterizedTest(name = "103 State {0} is not in the tracking table's sense")
    @ValueSource(strings = {"301", "302", "304", "311"})
    void theTwoVocabulariesNeverMeetEvenWhereTheirNumbersDo(String code) {
        // a tracking "signed" detail number in a 103 push is the pickup vocabulary's meaning, never a signature
        assertThat(mapping.map("103", code, null).filter(s -> s == TrackingState.SIGNED)).isEmpty();
        // and a 103 code in a tracking push is not looked up in the pickup table
        assertThat(mapping.map("101", code, null)).isEmpty();
    }

    @Test
    void unknownCodesMapToNothingRatherThanAGuess() {
        assertThat(mapping.map("101", "7", null)).isEmpty();
        assertThat(mapping.map("101", null, null)).isEmpty();
        assertThat(mapping.map("101", "abc", "x")).isEmpty();
        assertThat(mapping.map("103", "555", null)).isEmpty();
        assertThat(mapping.map("103", "207", null)).isEmpty();
        assertThat(mapping.map("103", "1", null)).as("tracking's 'collected' is not a pickup code").isEmpty();
        assertThat(mapping.map("102", "3", null)).as("an instruction without a vocabulary here").isEmpty();
    }
}
