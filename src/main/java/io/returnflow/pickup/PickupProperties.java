package io.returnflow.pickup;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Home pickups: which windows buyers may book, per carrier and city.
 *
 * @param zone         the zone the windows are expressed in
 * @param daysAhead    how many days ahead a window can be booked
 * @param windows      the rule for every carrier and city
 * @param overrides    changes to that rule for one carrier, one city, or one carrier in one city
 *                     (the most specific wins; a field left out keeps the general value)
 */
@ConfigurationProperties("returnflow.pickup")
public record PickupProperties(ZoneId zone, int daysAhead, WindowRule windows,
                               List<WindowOverride> overrides) {

    public PickupProperties {
        overrides = overrides == null ? List.of() : List.copyOf(overrides);
    }

    /**
     * Fixed-length windows from {@code firstStart} to {@code lastEnd}, bookable until
     * {@code bookingCutOff} before they start, never on an excluded day.
     */
    public record WindowRule(LocalTime firstStart, LocalTime lastEnd, Duration length, Duration bookingCutOff,
                             Set<LocalDate> excludedDays, Set<DayOfWeek> excludedWeekdays) {

        public WindowRule {
            excludedDays = excludedDays == null ? Set.of() : Set.copyOf(excludedDays);
            excludedWeekdays = excludedWeekdays == null ? Set.of() : Set.copyOf(excludedWeekdays);
        }

        WindowRule with(WindowOverride o) {
            return new WindowRule(
                    o.firstStart() == null ? firstStart : o.firstStart(),
                    o.lastEnd() == null ? lastEnd : o.lastEnd(),
                    o.length() == null ? length : o.length(),
                    o.bookingCutOff() == null ? bookingCutOff : o.bookingCutOff(),
                    o.excludedDays() == null ? excludedDays : o.excludedDays(),
                    o.excludedWeekdays() == null ? excludedWeekdays : o.excludedWeekdays());
        }
    }

    /** A change to the general rule; {@code carrier} and/or {@code city} say where it applies. */
    public record WindowOverride(String carrier, String city, LocalTime firstStart, LocalTime lastEnd,
                                 Duration length, Duration bookingCutOff, Set<LocalDate> excludedDays,
                                 Set<DayOfWeek> excludedWeekdays) {

        boolean appliesTo(String carrierCode, String cityName) {
            return (carrier == null || carrier.equalsIgnoreCase(carrierCode))
                    && (city == null || city.equals(cityName));
        }

        int specificity() {
            return (carrier == null ? 0 : 2) + (city == null ? 0 : 1);
        }
    }
}
