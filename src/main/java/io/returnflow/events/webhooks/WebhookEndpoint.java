package io.returnflow.events.webhooks;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A merchant system's URL that wants events pushed, signed, as they happen. Never shows its secrets: the secret
 * is in the answer that made it only ({@link WebhookEndpointCreated}, {@link SecretRotated}).
 */
@Schema(description = "A webhook endpoint: where events are pushed, and which.")
record WebhookEndpoint(
        @Schema(example = "we_7Kc2Qm9Xv4Tb8Lp3Rz6Yn1Hd") String id,
        @Schema(example = "https://erp.example.com/returnflow/events") String url,
        @Schema(description = "The event types pushed to it, or `[\"*\"]` for every type.",
                example = "[\"pickup.booked\", \"refund.succeeded\"]") List<String> eventTypes,
        @Schema(example = "ERP: refunds and receipts") String description,
        @Schema(description = "A disabled endpoint is sent nothing; its deliveries wait, in order, until it is "
                + "enabled again (`PATCH` with `enabled: true`).") boolean enabled,
        @Schema(description = "Why it was disabled (a 410 answer, or deliveries failing for days).",
                example = "The endpoint answered 410 Gone") String disabledReason,
        OffsetDateTime disabledAt,
        @Schema(description = "The secrets that sign its deliveries now (a `v1=` each), never their values.")
        List<SigningSecret> secrets,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** Every type, as an endpoint's {@code eventTypes} says it. */
    static final String ALL_TYPES = "*";

    boolean wants(String type) {
        return eventTypes.contains(ALL_TYPES) || eventTypes.contains(type);
    }

    @Schema(description = "A secret that signs: when it was made, and when it stops signing (null: the current one).")
    record SigningSecret(OffsetDateTime createdAt, OffsetDateTime expiresAt) {
    }
}
