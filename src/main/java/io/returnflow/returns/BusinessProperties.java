package io.returnflow.returns;

import java.math.BigDecimal;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Values every feature shares ({@code returnflow.business}), so that no feature reads another's settings.
 *
 * @param zone         the business's own time zone: the moments people type and read on tasks (a date to
 *                     wait until), and the default of the pickup windows' zone
 * @param itemWeightKg the weight declared per returned piece when the order gives none: what a home pickup
 *                     or a store's shipment is booked with, and what freight is quoted for
 */
@ConfigurationProperties("returnflow.business")
public record BusinessProperties(ZoneId zone, BigDecimal itemWeightKg) {
}
