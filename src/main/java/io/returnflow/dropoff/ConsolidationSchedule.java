package io.returnflow.dropoff;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.camunda.bpm.engine.impl.calendar.CronTimer;

/**
 * Checks a store's consolidation schedule the way the engine will read it: Camunda's timer cycles
 * parse a cron expression with {@link CronTimer} (six fields, seconds first, {@code ?} for "any day").
 * A schedule that parses but never fires again (a year in the past) is refused as well.
 */
final class ConsolidationSchedule {

    private ConsolidationSchedule() {
    }

    /** Why the expression cannot be a schedule, or empty when it can. */
    public static Optional<String> problem(String expression, Instant now) {
        if (expression == null || expression.isBlank()) {
            return Optional.of("must not be blank");
        }
        CronTimer timer;
        try {
            timer = CronTimer.parse(expression.trim());
        } catch (ParseException | RuntimeException e) {
            return Optional.of("is not a valid cron expression (six fields, seconds first, e.g. \"0 0 18 * * ?\"): "
                    + e.getMessage());
        }
        Date from = Date.from(now);
        if (!timer.getDueDate(from).after(from)) {
            return Optional.of("never fires again");
        }
        return Optional.empty();
    }
}
