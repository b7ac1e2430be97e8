package io.returnflow.carrier.kdniao;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.returnflow.carrier.TrackingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KdniaoStateMappingTest {

    private final KdniaoStateMapping mapping = new KdniaoStateMapping();

    @ParameterizedTest(name = "State {0} → {1}")
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
        assertThat(mapping.map("101", " " + state + " ", "")).contains(expected);
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
            "3, 407, EXCEPTION",
            "4, 401, EXCEPTION",
            "4, 402, EXCEPTION",
            "4, 412, EXCEPTION",
            "4, 423, EXCEPTION",
            "4, 404, RETURNED_TO_SENDER",
            "4, 406, RETURNED_TO_SENDER",
            // an unknown detail leaves the decision to State
            "2, 999, IN_TRANSIT",
    })
    void stateExRefinesTheState(String state, String stateEx, TrackingState expected) {
        assertThat(mapping.map("101", state, stateEx)).contains(expected);
    }

    @ParameterizedTest(name = "StateEx {0} is never receipt")
    @ValueSource(strings = {"404", "406", "407", "401", "405", "412", "423"})
    void problemDetailsAreNeverSignedWhateverTheState(String stateEx) {
        for (String state : new String[] {"3", "4", "2", "", null}) {
            assertThat(mapping.map("101", state, stateEx)).get().isNotEqualTo(TrackingState.SIGNED);
        }
    }

    @ParameterizedTest(name = "103 State {0} → {1}")
    @CsvSource({
            "99, EXCEPTION",
            "102, BOOKED",
            "103, COURIER_ASSIGNED",
            "104, COLLECTED",
            "109, COURIER_ASSIGNED",
            "203, EXCEPTION",
            "301, COLLECTED",
    })
    void mapsEachPickupStatus(String state, TrackingState expected) {
        assertThat(mapping.map("103", state, null)).contains(expected);
    }

    @Test
    void pickupCodesCanBeOverriddenByConfiguration() {
        KdniaoStateMapping configured = new KdniaoStateMapping(Map.of("104", TrackingState.COURIER_ASSIGNED,
                "207", TrackingState.EXCEPTION));
        assertThat(configured.map("103", "104", null)).contains(TrackingState.COURIER_ASSIGNED);
        assertThat(configured.map("103", "207", null)).contains(TrackingState.EXCEPTION);
        assertThat(configured.map("103", "102", null)).contains(TrackingState.BOOKED);
    }

    @Test
    void unknownCodesMapToNothingRatherThanAGuess() {
        assertThat(mapping.map("101", "7", null)).isEmpty();
        assertThat(mapping.map("101", null, null)).isEmpty();
        assertThat(mapping.map("101", "abc", "x")).isEmpty();
        assertThat(mapping.map("103", "555", null)).isEmpty();
    }
}
