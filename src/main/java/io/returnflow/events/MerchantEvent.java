package io.returnflow.events;

import java.time.OffsetDateTime;

/**
 * One event of the merchant's event log, as readers get it once the sequencer gave it its place.
 *
 * @param position its place in the log: readers page by it ({@code GET /api/events?after=}) and deliver in it
 * @param payload  the event as delivered, JSON: {@code id}, {@code type}, {@code createdAt}, {@code returnId},
 *                 {@code orderId}, {@code detail}, {@code data.object} (the return as the API showed it)
 */
public record MerchantEvent(String id, long position, String type, String returnId, String orderId,
                            OffsetDateTime createdAt, String payload) {
}
