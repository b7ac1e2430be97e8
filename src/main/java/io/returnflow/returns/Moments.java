package io.returnflow.returns;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a moment a person entered in a form. Tasklist's date-time fields send ISO-8601 with an
 * offset; a typed value may lack the offset or the time, so it is read in the given zone (a date
 * alone means its start).
 */
public final class Moments {

    private Moments() {
    }

    public static Optional<OffsetDateTime> parse(Object value, ZoneId zone) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof java.util.Date date) {
            return Optional.of(date.toInstant().atZone(zone).toOffsetDateTime());
        }
        String text = value.toString().trim();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text));
        } catch (DateTimeParseException notOffset) {
            // try the forms without an offset
        }
        try {
            return Optional.of(ZonedDateTime.parse(text).toOffsetDateTime());
        } catch (DateTimeParseException notZoned) {
            // next
        }
        try {
            return Optional.of(LocalDateTime.parse(text).atZone(zone).toOffsetDateTime());
        } catch (DateTimeParseException notLocal) {
            // next
        }
        try {
            return Optional.of(LocalDate.parse(text).atStartOfDay(zone).toOffsetDateTime());
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }
}
