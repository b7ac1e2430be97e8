package io.returnflow.events.webhooks;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** The bodies of the webhook endpoints' API. */
final class WebhookRequests {

    private WebhookRequests() {
    }

    @Schema(description = "A new webhook endpoint.")
    record Create(@Schema(description = "Where to post: absolute https (http only in the local run), no user or "
                          + "password, at most 2048 characters, a host on the public internet.",
                          example = "https://erp.example.com/returnflow/events",
                          requiredMode = Schema.RequiredMode.REQUIRED) String url,
                  @Schema(description = "The event types to push (those of `GET /api/events`), or `[\"*\"]` for "
                          + "every type, including types added later.",
                          example = "[\"pickup.booked\", \"refund.succeeded\"]",
                          requiredMode = Schema.RequiredMode.REQUIRED) List<String> eventTypes,
                  @Schema(description = "For people: what system this is.", example = "ERP: refunds and receipts")
                  String description) {
    }

    @Schema(description = "What to change; a member left out stays as it is.")
    record Update(@Schema(example = "https://erp.example.com/returnflow/events") String url,
                  @Schema(example = "[\"*\"]") List<String> eventTypes,
                  @Schema(example = "ERP: refunds and receipts") String description,
                  @Schema(description = "`true` enables a disabled endpoint: its waiting deliveries are sent, in "
                          + "order; `false` disables it (its deliveries wait).", example = "true") Boolean enabled) {
    }

    @Schema(description = "A secret rotation.")
    record Rotation(@Schema(description = "How long the current secrets keep signing next to the new one, ISO-8601 "
                            + "(default 24 hours, at most 7 days; `PT0S` ends them now).", example = "PT24H")
                    String keepOldFor) {
    }

    @Schema(description = "What to deliver again: one event, or the events of a time range the endpoint wants.")
    record Replay(@Schema(description = "One event's id.", example = "evt_4q2mYb7kPz9XcW1nR3tVa8Ls") String eventId,
                  @Schema(description = "With `to`: the events that happened from this time on (from 2000 on, "
                          + "at most a day ahead).",
                          example = "2026-12-01T00:00:00+08:00") OffsetDateTime from,
                  @Schema(description = "With `from`: up to this time (not included; from 2000 on, at most a "
                          + "day ahead).",
                          example = "2026-12-02T00:00:00+08:00") OffsetDateTime to) {
    }
}
