package io.returnflow.carrier.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CarrierSandboxPropertiesTest {

    @Test
    void theCourierTurnDefaultsToAMinute() {
        assertThat(new CarrierSandboxProperties(true, null, null, null, null, null).turnLease())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aTurnOfNothingIsRefused() {
        assertThatThrownBy(() -> new CarrierSandboxProperties(true, null, null, null, null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("turn-lease");
        assertThatThrownBy(() -> new CarrierSandboxProperties(true, null, null, null, null, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("turn-lease");
    }
}
