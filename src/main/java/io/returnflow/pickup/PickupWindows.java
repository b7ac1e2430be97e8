package io.returnflow.pickup;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.returnflow.carrier.CarrierProperties;
import io.returnflow.pickup.PickupProperties.WindowOverride;
import io.returnflow.pickup.PickupProperties.WindowRule;
import io.swagger.v3.oas.annotations.media.Schema;

/** Which pickup windows a buyer may choose, per carrier and city, and whether a chosen one is bookable. */
@Component
public class PickupWindows {

    private final PickupProperties properties;
    private final CarrierProperties carriers;
    private final Clock clock;

    public PickupWindows(PickupProperties properties, CarrierProperties carriers, Clock clock) {
        this.properties = properties;
        this.carriers = carriers;
        this.clock = clock;
    }

    /** The carrier booked when none is named. */
    public String defaultCarrier() {
        return carriers.defaultCarrier();
    }

    /** The windows of that day, for that carrier in that city, still bookable now. */
    public List<Window> bookable(String carrier, String city, LocalDate date) {
        WindowRule rule = ruleFor(carrier, city);
        List<Window> windows = new ArrayList<>();
        LocalDate today = LocalDate.now(clock.withZone(properties.zone()));
        if (date.isBefore(today) || date.isAfter(today.plusDays(properties.daysAhead()))
                || rule.excludedDays().contains(date) || rule.excludedWeekdays().contains(date.getDayOfWeek())
                || rule.length().isZero() || rule.length().isNegative()) {
            return windows;
        }
        OffsetDateTime bookableFrom = OffsetDateTime.now(clock).plus(rule.bookingCutOff());
        ZonedDateTime start = date.atTime(rule.firstStart()).atZone(properties.zone());
        ZonedDateTime lastEnd = date.atTime(rule.lastEnd()).atZone(properties.zone());
        while (!start.plus(rule.length()).isAfter(lastEnd)) {
            Window window = new Window(start.toOffsetDateTime(), start.plus(rule.length()).toOffsetDateTime());
            if (!window.start().isBefore(bookableFrom)) {
                windows.add(window);
            }
            start = start.plus(rule.length());
        }
        return windows;
    }

    /** Empty when the window can be booked with that carrier in that city, else why not. */
    public Optional<String> whyNotBookable(String carrier, String city, OffsetDateTime start, OffsetDateTime end) {
        LocalDate day = start.atZoneSameInstant(properties.zone()).toLocalDate();
        boolean offered = bookable(carrier, city, day).stream()
                .anyMatch(w -> w.start().isEqual(start) && w.end().isEqual(end));
        if (offered) {
            return Optional.empty();
        }
        return Optional.of("is not a bookable pickup window; ask GET /api/pickup-windows?city=" + city
                + "&date=" + day);
    }

    /** The first window still bookable from now on, for shipments the system books by itself. */
    public Window nextBookable(String carrier, String city) {
        LocalDate day = LocalDate.now(clock.withZone(properties.zone()));
        for (int i = 0; i <= properties.daysAhead(); i++) {
            List<Window> windows = bookable(carrier, city, day.plusDays(i));
            if (!windows.isEmpty()) {
                return windows.get(0);
            }
        }
        throw new IllegalStateException("No bookable pickup window for " + carrier + " in " + city + " in the next "
                + properties.daysAhead() + " days");
    }

    /** The first {@code max} windows still bookable from now on, soonest first. */
    public List<Window> upcoming(String carrier, String city, int max) {
        List<Window> windows = new ArrayList<>();
        LocalDate day = LocalDate.now(clock.withZone(properties.zone()));
        for (int i = 0; i <= properties.daysAhead() && windows.size() < max; i++) {
            for (Window window : bookable(carrier, city, day.plusDays(i))) {
                if (windows.size() < max) {
                    windows.add(window);
                }
            }
        }
        return windows;
    }

    /** The bookable window that starts at {@code start}, if there is one now. */
    public Optional<Window> bookableStartingAt(String carrier, String city, OffsetDateTime start) {
        LocalDate day = start.atZoneSameInstant(properties.zone()).toLocalDate();
        return bookable(carrier, city, day).stream().filter(w -> w.start().isEqual(start)).findFirst();
    }

    WindowRule ruleFor(String carrier, String city) {
        return properties.overrides().stream()
                .filter(o -> o.appliesTo(carrier, city))
                .sorted(Comparator.comparingInt(WindowOverride::specificity))
                .reduce(properties.windows(), WindowRule::with, (a, b) -> b);
    }

    @Schema(name = "BookableWindow", description = "A window the courier can be booked for.")
    public record Window(@Schema(example = "2026-11-27T10:00:00+08:00", requiredMode = Schema.RequiredMode.REQUIRED)
                         OffsetDateTime start,
                         @Schema(example = "2026-11-27T12:00:00+08:00", requiredMode = Schema.RequiredMode.REQUIRED)
                         OffsetDateTime end) {
    }
}
