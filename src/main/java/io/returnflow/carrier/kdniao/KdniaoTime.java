package io.returnflow.carrier.kdniao;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;

/**
 * Kdniao writes times as {@code yyyy-MM-dd HH:mm:ss} without an offset; they are China time. That is a
 * fact of the protocol, not a setting, so the zone is fixed here.
 */
public final class KdniaoTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    // some carriers add milliseconds or use a 'T'; accept both when reading
    private static final DateTimeFormatter LENIENT = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm:ss[.SSS][.SS][.S]");

    private KdniaoTime() {
    }

    public static String format(OffsetDateTime time) {
        return FORMAT.format(time.atZoneSameInstant(ZONE));
    }

    /** Parses a Kdniao time; empty when the text is blank or not a time. */
    public static Optional<OffsetDateTime> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            TemporalAccessor parsed = LENIENT.parse(text.trim());
            return Optional.of(LocalDateTime.from(parsed).atZone(ZONE).toOffsetDateTime());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
