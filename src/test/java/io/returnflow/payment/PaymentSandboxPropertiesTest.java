package io.returnflow.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PaymentSandboxPropertiesTest {

    @Test
    void aPositiveLeaseIsTaken() {
        assertThat(new PaymentProperties.Sandbox(true, 0, Duration.ofSeconds(5), null, Duration.ofSeconds(1),
                Duration.ofSeconds(30)).inFlightLease()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aLeaseOfNothingIsRefused() {
        for (Duration lease : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
            assertThatThrownBy(() -> new PaymentProperties.Sandbox(true, 0, Duration.ofSeconds(5), null,
                    Duration.ofSeconds(1), lease))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in-flight-lease");
        }
    }
}
