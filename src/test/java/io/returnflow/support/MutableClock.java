package io.returnflow.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so timers are driven without sleeping. */
public final class MutableClock extends Clock {

    private Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /**
     * This clock's time seen in another zone: the same instant, moved with this clock, and the zone's date (a
     * "today" in Asia/Shanghai is tomorrow's date in UTC every evening from 16:00 UTC).
     */
    @Override
    public Clock withZone(ZoneId zone) {
        MutableClock time = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return time.withZone(other);
            }

            @Override
            public Instant instant() {
                return time.instant();
            }
        };
    }

    @Override
    public Instant instant() {
        return now;
    }
}
