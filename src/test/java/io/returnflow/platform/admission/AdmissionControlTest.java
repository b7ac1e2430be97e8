package io.returnflow.platform.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.returnflow.platform.admission.AdmissionControl.Admitted;
import io.returnflow.platform.admission.AdmissionControl.Decision;
import io.returnflow.platform.admission.AdmissionControl.Endpoint;
import io.returnflow.platform.admission.AdmissionControl.Reason;
import io.returnflow.platform.admission.AdmissionControl.Shed;
import io.returnflow.support.MutableClock;

/** Admission decisions against a backlog and a clock the test sets: hysteresis, in-flight limits, Retry-After. */
class AdmissionControlTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T02:00:00Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    AdmissionControl control(boolean enabled, int creates, int progress) {
        return new AdmissionControl(new AdmissionProperties(enabled,
                new AdmissionProperties.InFlight(creates, progress),
                new AdmissionProperties.Backlog(100, 40, Duration.ofMillis(500), Duration.ofSeconds(5)),
                new AdmissionProperties.RetryAfter(Duration.ofSeconds(1), Duration.ofSeconds(30))),
                clock, registry);
    }

    AdmissionControl control() {
        return control(true, 10, 10);
    }

    /** Samples the backlog, half a second after the last sample. */
    void sample(AdmissionControl control, long jobs) {
        clock.advance(Duration.ofMillis(500));
        control.backlogSampled(jobs);
    }

    static void close(Decision decision) {
        assertThat(decision).isInstanceOf(Admitted.class);
        ((Admitted) decision).close();
    }

    double shed(String endpoint, String reason) {
        return registry.get("returnflow.requests.shed").tag("endpoint", endpoint).tag("reason", reason).counter()
                .count();
    }

    @Test
    void createsAreRefusedFromTheHighWaterMarkUntilTheBacklogIsDownToTheLowWaterMark() {
        AdmissionControl control = control();
        sample(control, 99);
        close(control.admit(Endpoint.CREATE_RETURN));

        sample(control, 100);
        assertThat(control.admit(Endpoint.CREATE_RETURN)).isInstanceOf(Shed.class);
        assertThat(control.sheddingCreates()).isTrue();

        // below the high-water mark but above the low-water mark: still refused (no flapping at the mark)
        sample(control, 70);
        assertThat(control.admit(Endpoint.CREATE_RETURN))
                .isEqualTo(new Shed(Endpoint.CREATE_RETURN, Reason.BACKLOG, 1));
        sample(control, 41);
        assertThat(control.admit(Endpoint.CREATE_RETURN)).isInstanceOf(Shed.class);

        sample(control, 40);
        close(control.admit(Endpoint.CREATE_RETURN));
        sample(control, 99);
        close(control.admit(Endpoint.CREATE_RETURN));
        assertThat(shed("create-return", "backlog")).isEqualTo(3);
        assertThat(registry.get("returnflow.jobs.backlog").gauge().value()).isEqualTo(99);
    }

    @Test
    void aBacklogRefusesOnlyNewReturnsNotTheWorkOfJourneysAlreadyStarted() {
        AdmissionControl control = control();
        sample(control, 500);
        assertThat(control.admit(Endpoint.CREATE_RETURN)).isInstanceOf(Shed.class);
        close(control.admit(Endpoint.CHECK_IN));
        close(control.admit(Endpoint.CANCEL_RETURN));
    }

    @Test
    void retryAfterIsTheBacklogAboveTheLowWaterMarkAtTheRateItLastDrained() {
        AdmissionControl control = control();
        sample(control, 400);
        // no drain seen yet: the longest wait
        assertThat(((Shed) control.admit(Endpoint.CREATE_RETURN)).retryAfterSeconds()).isEqualTo(30);

        sample(control, 350); // 50 jobs in 0.5 s: 100 jobs/s; (350 - 40) / 100 = 3.1 s, rounded up
        assertThat(((Shed) control.admit(Endpoint.CREATE_RETURN)).retryAfterSeconds()).isEqualTo(4);

        sample(control, 350); // no change: the rate stays the last one seen
        assertThat(((Shed) control.admit(Endpoint.CREATE_RETURN)).retryAfterSeconds()).isEqualTo(4);

        sample(control, 345); // 10 jobs/s now, smoothed with the 100 before: 55 jobs/s; 305 / 55 = 5.5 s
        assertThat(((Shed) control.admit(Endpoint.CREATE_RETURN)).retryAfterSeconds()).isEqualTo(6);

        sample(control, 45); // 600 jobs/s: at least a second
        assertThat(((Shed) control.admit(Endpoint.CREATE_RETURN)).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void aStaleCountRefusesNothing() {
        AdmissionControl control = control();
        sample(control, 500);
        assertThat(control.admit(Endpoint.CREATE_RETURN)).isInstanceOf(Shed.class);

        clock.advance(Duration.ofSeconds(6)); // the database stopped answering the sampler
        close(control.admit(Endpoint.CREATE_RETURN));
        assertThat(control.sheddingCreates()).isFalse();

        // a fresh count decides again, from the high-water mark
        control.backlogSampled(80);
        close(control.admit(Endpoint.CREATE_RETURN));
        sample(control, 100);
        assertThat(control.admit(Endpoint.CREATE_RETURN)).isInstanceOf(Shed.class);
    }

    @Test
    void oneRequestMoreThanTheInFlightLimitIsRefusedAtOnceAndItsPlaceIsFreedByTheAnswer() {
        AdmissionControl control = control(true, 2, 1);
        sample(control, 0);
        Decision first = control.admit(Endpoint.CREATE_RETURN);
        Decision second = control.admit(Endpoint.CREATE_RETURN);
        assertThat(first).isInstanceOf(Admitted.class);
        assertThat(second).isInstanceOf(Admitted.class);
        assertThat(control.admit(Endpoint.CREATE_RETURN))
                .isEqualTo(new Shed(Endpoint.CREATE_RETURN, Reason.IN_FLIGHT, 1));

        // check-ins and cancellations share their own places
        Decision checkIn = control.admit(Endpoint.CHECK_IN);
        assertThat(checkIn).isInstanceOf(Admitted.class);
        assertThat(control.admit(Endpoint.CANCEL_RETURN))
                .isEqualTo(new Shed(Endpoint.CANCEL_RETURN, Reason.IN_FLIGHT, 1));

        close(first);
        close(first); // a second close frees nothing more
        Decision third = control.admit(Endpoint.CREATE_RETURN);
        assertThat(third).isInstanceOf(Admitted.class);
        assertThat(control.admit(Endpoint.CREATE_RETURN)).isInstanceOf(Shed.class);
        close(second);
        close(third);
        close(checkIn);
        close(control.admit(Endpoint.CANCEL_RETURN));

        assertThat(shed("create-return", "in-flight")).isEqualTo(2);
        assertThat(shed("cancel-return", "in-flight")).isEqualTo(1);
        assertThat(shed("check-in", "in-flight")).isZero();
    }

    @Test
    void switchedOffItRefusesNothing() {
        AdmissionControl control = control(false, 1, 1);
        sample(control, 10_000);
        for (int i = 0; i < 3; i++) {
            assertThat(control.admit(Endpoint.CREATE_RETURN)).isInstanceOf(Admitted.class);
        }
        assertThat(control.sheddingCreates()).isFalse();
    }

    @Test
    void theGuardedEndpointsArePostsThatGiveTheEngineWork() {
        assertThat(AdmissionFilter.endpointOf("POST", "/api/returns")).isEqualTo(Endpoint.CREATE_RETURN);
        assertThat(AdmissionFilter.endpointOf("POST", "/api/stores/S-SZ-001/check-ins")).isEqualTo(Endpoint.CHECK_IN);
        assertThat(AdmissionFilter.endpointOf("POST", "/api/returns/R-8F3K2Q/cancellation"))
                .isEqualTo(Endpoint.CANCEL_RETURN);
        assertThat(AdmissionFilter.endpointOf("GET", "/api/returns")).isNull();
        assertThat(AdmissionFilter.endpointOf("POST", "/api/return-quotes")).isNull();
        assertThat(AdmissionFilter.endpointOf("POST", "/api/stores/S-SZ-001/check-in-previews")).isNull();
        assertThat(AdmissionFilter.endpointOf("POST", "/webhooks/carriers/kdniao")).isNull();
    }
}
