package io.returnflow.pickup;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** Which pickup windows a buyer may choose, and whether a chosen one is bookable. */
@Component
public class PickupWindows {

    private final PickupProperties properties;
    private final Clock clock;

    public PickupWindows(PickupProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** The windows of that day in that city still bookable now. */
    public List<Window> bookable(String city, LocalDate date) {
        List<Window> windows = new ArrayList<>();
        OffsetDateTime bookableFrom = OffsetDateTime.now(clock).plus(properties.bookingCutOff());
        LocalDate lastDay = LocalDate.now(clock.withZone(properties.zone())).plusDays(properties.daysAhead());
        if (date.isAfter(lastDay)) {
            return windows;
        }
        LocalTime start = properties.firstWindowStart();
        while (!start.plus(properties.windowLength()).isAfter(properties.lastWindowEnd())
                && start.plus(properties.windowLength()).isAfter(start)) {
            ZonedDateTime begin = date.atTime(start).atZone(properties.zone());
            Window window = new Window(begin.toOffsetDateTime(), begin.plus(properties.windowLength()).toOffsetDateTime());
            if (!window.start().isBefore(bookableFrom)) {
                windows.add(window);
            }
            start = start.plus(properties.windowLength());
        }
        return windows;
    }

    /** Empty when the window can be booked in that city, else why not. */
    public Optional<String> whyNotBookable(String city, OffsetDateTime start, OffsetDateTime end) {
        LocalDate day = start.atZoneSameInstant(properties.zone()).toLocalDate();
        boolean offered = bookable(city, day).stream()
                .anyMatch(w -> w.start().isEqual(start) && w.end().isEqual(end));
        if (offered) {
            return Optional.empty();
        }
        return Optional.of("is not a bookable pickup window; ask GET /api/pickup-windows?city=" + city + "&date=" + day);
    }

    /** The first window still bookable from now on, for shipments the system books by itself. */
    public Window nextBookable(String city) {
        LocalDate day = LocalDate.now(clock.withZone(properties.zone()));
        for (int i = 0; i <= properties.daysAhead(); i++) {
            List<Window> windows = bookable(city, day.plusDays(i));
            if (!windows.isEmpty()) {
                return windows.get(0);
            }
        }
        throw new IllegalStateException("No bookable pickup window in the next " + properties.daysAhead() + " days");
    }

    public record Window(OffsetDateTime start, OffsetDateTime end) {
    }
}
