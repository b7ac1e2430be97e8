package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Set;

import org.junit.jupiter.api.Test;

class JourneyTimingsTest {

    static final Instant NOW = Instant.parse("2026-11-26T02:20:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final OffsetDateTime WINDOW_END = OffsetDateTime.parse("2026-11-27T11:00:00+08:00");

    static JourneyProperties properties(JourneyProperties.NoShowMeasuredFrom from) {
        return new JourneyProperties(from, Duration.ofHours(2), Duration.ofSeconds(8), 3, Duration.ofDays(5), Duration.ofDays(10), 12,
                new JourneyProperties.Sla(Duration.ofMinutes(30), Duration.ofHours(4), Duration.ofDays(1),
                        Duration.ofDays(2), Duration.ofHours(4)));
    }

    final JourneyTimings production = new JourneyTimings(properties(JourneyProperties.NoShowMeasuredFrom.WINDOW_END),
            CLOCK);
    final JourneyTimings sandbox = new JourneyTimings(properties(JourneyProperties.NoShowMeasuredFrom.BOOKING), CLOCK);

    @Test
    void inProductionTheCourierIsANoShowTheGracePeriodAfterTheWindowEnds() {
        assertThat(production.pickupDeadline(WINDOW_END).toInstant()).isEqualTo(Instant.parse("2026-11-27T05:00:00Z"));
    }

    @Test
    void inTheSandboxTheCourierIsANoShowSecondsAfterTheBooking() {
        assertThat(sandbox.pickupDeadline(WINDOW_END).toInstant()).isEqualTo(NOW.plusSeconds(8));
    }

    @Test
    void aCourierWhoHasTheParcelIsGivenAFreshDeadlineFromNow() {
        assertThat(production.collectionReportDeadline().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(sandbox.collectionReportDeadline().toInstant()).isEqualTo(NOW.plusSeconds(8));
    }

    @Test
    void theSystemBooksUpToTheConfiguredNumberOfAttempts() {
        assertThat(production.attemptsLeftAfter(1)).isTrue();
        assertThat(production.attemptsLeftAfter(2)).isTrue();
        assertThat(production.attemptsLeftAfter(3)).isFalse();
        assertThat(production.attemptsLeftAfter(4)).isFalse();
    }

    @Test
    void theLostParcelClockIsAnIsoDurationAndADeadline() {
        assertThat(production.lostInTransitAfter()).isEqualTo("PT120H");
        assertThat(Duration.parse(production.lostInTransitAfter())).isEqualTo(Duration.ofDays(5));
        assertThat(production.lostDeadline()).isEqualTo(Date.from(NOW.plus(Duration.ofDays(5))));
    }

    @Test
    void eachKindOfTaskIsDueAfterItsServiceLevel() {
        assertThat(production.slaDue("failedPickup")).isEqualTo(Date.from(NOW.plus(Duration.ofMinutes(30))));
        assertThat(production.slaDue("missingParcel")).isEqualTo(Date.from(NOW.plus(Duration.ofHours(4))));
        assertThat(production.slaDue("inspection")).isEqualTo(Date.from(NOW.plus(Duration.ofDays(1))));
        assertThat(production.slaDue("refundFailure")).isEqualTo(Date.from(NOW.plus(Duration.ofDays(2))));
    }

    @Test
    void anUnknownKindOfTaskIsAnError() {
        assertThatIllegalArgumentException().isThrownBy(() -> production.slaDue("coffee"))
                .withMessageContaining("coffee").withMessageContaining("failedPickup");
    }

    @Test
    void aMissingSettingIsNamed() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new JourneyProperties(
                JourneyProperties.NoShowMeasuredFrom.BOOKING, Duration.ofHours(2), Duration.ofSeconds(8), 3, null, Duration.ofDays(10), 12,
                properties(JourneyProperties.NoShowMeasuredFrom.BOOKING).sla())))
                .hasMessageContaining("returnflow.journey.lost-in-transit-after");
    }

    @Test
    void aParcelCheckedInAtAStoreIsGivenLongerBeforeItCountsAsLost() {
        assertThat(production.lostDeadline(ReturnMethod.HOME_PICKUP).toInstant()).isEqualTo(NOW.plus(Duration.ofDays(5)));
        assertThat(production.lostDeadline(ReturnMethod.STORE_DROPOFF).toInstant())
                .isEqualTo(NOW.plus(Duration.ofDays(10)));
    }
}
