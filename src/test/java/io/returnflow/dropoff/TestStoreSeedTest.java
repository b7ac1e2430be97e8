package io.returnflow.dropoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The test profile seeds the stores of the local run, with consolidation schedules that never fire during a
 * test: a test that needs a shipment to leave fires its timer, and the two files never drift apart.
 */
class TestStoreSeedTest {

    private static final String NEVER_DURING_A_TEST = "0 0 3 1 1 ?";

    @Test
    void theTestStoresAreTheSandboxStoresWithSchedulesThatNeverFireDuringATest() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode sandbox = json.readTree(getClass().getResource("/stores/sandbox-stores.json"));
        JsonNode test = json.readTree(getClass().getResource("/stores/test-stores.json"));

        assertThat(test).hasSameSizeAs(sandbox);
        for (int i = 0; i < sandbox.size(); i++) {
            ObjectNode expected = sandbox.get(i).deepCopy();
            expected.put("consolidationSchedule", NEVER_DURING_A_TEST);
            assertThat(test.get(i)).as("store %s", expected.path("id").asText()).isEqualTo(expected);
        }
    }
}
