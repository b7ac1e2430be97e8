package io.returnflow.pickup;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bookable pickup windows: fixed-length slots between the first start and the last end of the day,
 * bookable until {@code bookingCutOff} before they start, up to {@code daysAhead} days ahead.
 *
 * @param itemWeightKg the weight declared per returned piece when the order does not give one
 */
@ConfigurationProperties("returnflow.pickup")
public record PickupProperties(Duration windowLength, LocalTime firstWindowStart, LocalTime lastWindowEnd,
                               Duration bookingCutOff, int daysAhead, ZoneId zone, BigDecimal itemWeightKg) {
}
