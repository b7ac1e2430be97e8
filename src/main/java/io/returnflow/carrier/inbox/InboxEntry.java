package io.returnflow.carrier.inbox;

import java.time.OffsetDateTime;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One pushed carrier fact as stored, before or after it was handed to the journey.
 *
 * @param orderCode   our order code the entry is about (the waybill when the carrier sent no order
 *                    code); entries with the same value are processed strictly in arrival order
 * @param payload     the entry's JSON as received (canonical form), or the raw RequestData of an
 *                    unreadable push
 * @param pushedAt    the carrier's push time, when it sent one
 * @param pendingSince when it arrived, or was put back in line by operations; the "not ready" age
 *                     counts from here
 */
@Schema(name = "CarrierInboxEntry", description = "A pushed carrier fact as stored.")
public record InboxEntry(long id, String requestType, String orderCode, String returnId, String payload,
                         InboxStatus status, int attempts, int failures, String lastError,
                         OffsetDateTime pushedAt, OffsetDateTime receivedAt, OffsetDateTime pendingSince,
                         OffsetDateTime nextAttemptAt,
                         OffsetDateTime processedAt) {
}
