package io.returnflow.carrier.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The waits between queries of a silent waybill. */
class TrackingPropertiesTest {

    static TrackingProperties polling(Duration pollAfter, Duration maxPollBackoff) {
        return new TrackingProperties(null, null, null, null, null, pollAfter, null, maxPollBackoff, null, null, null);
    }

    @Test
    void theWaitDoublesFromPollAfterUpToTheMaximum() {
        TrackingProperties p = polling(Duration.ofHours(4), Duration.ofDays(1));

        assertThat(p.pollBackoffAfter(1)).isEqualTo(Duration.ofHours(4));
        assertThat(p.pollBackoffAfter(2)).isEqualTo(Duration.ofHours(8));
        assertThat(p.pollBackoffAfter(3)).isEqualTo(Duration.ofHours(16));
        assertThat(p.pollBackoffAfter(4)).isEqualTo(Duration.ofDays(1));
        assertThat(p.pollBackoffAfter(1000)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aMaximumBelowPollAfterNeverMakesTheWaitShorterThanPollAfter() {
        TrackingProperties p = polling(Duration.ofDays(3650), Duration.ofMinutes(1));

        assertThat(p.pollBackoffAfter(1)).isEqualTo(Duration.ofDays(3650));
        assertThat(p.pollBackoffAfter(5)).isEqualTo(Duration.ofDays(3650));
    }
}
