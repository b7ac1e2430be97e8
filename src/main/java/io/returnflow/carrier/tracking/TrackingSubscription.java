package io.returnflow.carrier.tracking;

import java.time.OffsetDateTime;

import io.returnflow.carrier.TrackingState;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The tracking subscription of one waybill, as stored.
 *
 * @param carrier      the carrier code (e.g. SF); null when the carrier did not name one
 * @param attempts     failed subscription calls so far
 * @param lastUpdateAt when the carrier last told us something about the shipment (push or query)
 * @param lastState    the tracking state it told us then
 * @param polledAt     when its tracking was last queried
 * @param silentPolls  queries in a row that brought no news (each waits longer than the one before)
 * @param nextPollAt   the earliest time it is queried again; null before its first query and after news
 */
@Schema(description = "The tracking subscription of one waybill.")
public record TrackingSubscription(String waybill, String carrier, String orderCode, String returnId,
                                   SubscriptionStatus status, int attempts, String lastError,
                                   OffsetDateTime requestedAt, OffsetDateTime nextAttemptAt,
                                   OffsetDateTime subscribedAt, OffsetDateTime lastUpdateAt,
                                   TrackingState lastState, OffsetDateTime polledAt, int silentPolls,
                                   OffsetDateTime nextPollAt) {
}
