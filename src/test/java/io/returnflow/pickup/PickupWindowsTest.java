package io.returnflow.pickup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.returnflow.carrier.CarrierProperties;
import io.returnflow.pickup.PickupProperties.WindowOverride;
import io.returnflow.pickup.PickupProperties.WindowRule;

class PickupWindowsTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Thursday 2026-11-26, 10:20 in Shanghai. */
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T02:20:00Z"), SHANGHAI);
    static final LocalDate TODAY = LocalDate.of(2026, 11, 26);
    static final WindowRule GENERAL = new WindowRule(LocalTime.of(9, 0), LocalTime.of(19, 0), Duration.ofHours(2),
            Duration.ofHours(1), Set.of(LocalDate.of(2026, 12, 25)), Set.of(DayOfWeek.SUNDAY));

    static PickupWindows windows(WindowOverride... overrides) {
        return new PickupWindows(new PickupProperties(SHANGHAI, 7, GENERAL, List.of(overrides)),
                new CarrierProperties("SF"), NOW);
    }

    static List<String> starts(List<PickupWindows.Window> windows) {
        return windows.stream().map(w -> w.start().atZoneSameInstant(SHANGHAI).toLocalTime().toString()).toList();
    }

    @Test
    void aDayHasTwoHourWindowsFromNineToSeven() {
        assertThat(starts(windows().bookable("SF", "深圳市", TODAY.plusDays(1))))
                .containsExactly("09:00", "11:00", "13:00", "15:00", "17:00");
    }

    @Test
    void todayOnlyWindowsBeyondTheCutOffAreOffered() {
        // 10:20 now, 1 h cut-off: 11:00 starts in 40 minutes and is gone
        assertThat(starts(windows().bookable("SF", "深圳市", TODAY))).containsExactly("13:00", "15:00", "17:00");
    }

    @Test
    void excludedDaysWeekdaysPastDaysAndDaysTooFarAheadOfferNothing() {
        PickupWindows w = windows();
        assertThat(w.bookable("SF", "深圳市", LocalDate.of(2026, 11, 29))).as("a Sunday").isEmpty();
        assertThat(w.bookable("SF", "深圳市", LocalDate.of(2026, 12, 25))).as("an excluded day").isEmpty();
        assertThat(w.bookable("SF", "深圳市", TODAY.minusDays(1))).as("yesterday").isEmpty();
        assertThat(w.bookable("SF", "深圳市", TODAY.plusDays(8))).as("beyond days-ahead").isEmpty();
        assertThat(w.bookable("SF", "深圳市", TODAY.plusDays(7))).as("the last bookable day").isNotEmpty();
    }

    @Test
    void theMostSpecificOverrideWinsFieldByField() {
        PickupWindows w = windows(
                new WindowOverride(null, "上海市", LocalTime.of(10, 0), LocalTime.of(18, 0), null, null, null, null),
                new WindowOverride("ZTO", "上海市", null, LocalTime.of(14, 0), null, null, null, null),
                new WindowOverride("SF", null, null, null, null, Duration.ofMinutes(30), null, null));

        assertThat(starts(w.bookable("SF", "上海市", TODAY.plusDays(1)))).containsExactly("10:00", "12:00", "14:00", "16:00");
        assertThat(starts(w.bookable("ZTO", "上海市", TODAY.plusDays(1)))).containsExactly("10:00", "12:00");
        assertThat(starts(w.bookable("SF", "深圳市", TODAY))).as("30 min cut-off keeps 11:00")
                .containsExactly("11:00", "13:00", "15:00", "17:00");
        assertThat(starts(w.bookable("ZTO", "深圳市", TODAY))).containsExactly("13:00", "15:00", "17:00");
    }

    @Test
    void aChosenWindowMustBeExactlyAnOfferedOne() {
        PickupWindows w = windows();
        OffsetDateTime nine = TODAY.plusDays(1).atTime(9, 0).atZone(SHANGHAI).toOffsetDateTime();
        assertThat(w.whyNotBookable("SF", "深圳市", nine, nine.plusHours(2))).isEmpty();
        assertThat(w.whyNotBookable("SF", "深圳市", nine.withOffsetSameInstant(java.time.ZoneOffset.UTC),
                nine.plusHours(2))).as("the same instant in another offset").isEmpty();
        assertThat(w.whyNotBookable("SF", "深圳市", nine.plusMinutes(30), nine.plusMinutes(150))).isPresent();
        assertThat(w.whyNotBookable("SF", "深圳市", nine, nine.plusHours(3))).isPresent();
    }

    @Test
    void theNextBookableWindowSkipsClosedDays() {
        PickupWindows w = windows(new WindowOverride(null, "深圳市", null, null, null, null,
                Set.of(TODAY, TODAY.plusDays(1)), null));
        assertThat(w.nextBookable("SF", "深圳市").start())
                .isEqualTo(TODAY.plusDays(2).atTime(9, 0).atZone(SHANGHAI).toOffsetDateTime());

        PickupWindows closed = new PickupWindows(new PickupProperties(SHANGHAI, 0,
                new WindowRule(LocalTime.of(9, 0), LocalTime.of(10, 0), Duration.ofHours(2), Duration.ZERO, null, null),
                null), new CarrierProperties("SF"), NOW);
        assertThatThrownBy(() -> closed.nextBookable("SF", "深圳市")).isInstanceOf(IllegalStateException.class);
    }
}
