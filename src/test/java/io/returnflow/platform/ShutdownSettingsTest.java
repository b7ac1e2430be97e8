package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;

/** The running jobs' time at shutdown fits in a shutdown phase, or the node does not start. */
class ShutdownSettingsTest {

    @Test
    void theJobsTimeoutMustBeShorterThanAShutdownPhase() {
        LifecycleProperties lifecycle = new LifecycleProperties();
        lifecycle.setTimeoutPerShutdownPhase(Duration.ofSeconds(30));
        assertThatThrownBy(() -> drain(Duration.ofSeconds(30), lifecycle))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returnflow.shutdown.jobs-timeout")
                .hasMessageContaining("spring.lifecycle.timeout-per-shutdown-phase");
        assertThatCode(() -> drain(Duration.ofSeconds(20), lifecycle)).doesNotThrowAnyException();
    }

    @Test
    void theJobsTimeoutIsZeroOrMore() {
        assertThatThrownBy(() -> new ShutdownProperties(Duration.ofSeconds(-1)))
                .hasMessageContaining("returnflow.shutdown.jobs-timeout");
        assertThatThrownBy(() -> new ShutdownProperties(null))
                .hasMessageContaining("returnflow.shutdown.jobs-timeout");
    }

    private static JobExecutorDrain drain(Duration jobsTimeout, LifecycleProperties lifecycle) {
        return new JobExecutorDrain(null, null, null, new ShutdownProperties(jobsTimeout), lifecycle);
    }
}
