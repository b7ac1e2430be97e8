package io.returnflow.selfservice;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to {@code POST /api/return-links}. */
@Schema(description = "A return link: send `url` to the buyer (SMS, e-mail, the order page).")
record ReturnLinkCreated(
        @Schema(description = "The link's id.", example = "RL-8F3K2Q7MXT",
                requiredMode = Schema.RequiredMode.REQUIRED) String id,
        @Schema(description = "The buyer's page with the link's signed token; whoever has it can start a return "
                + "of this order, so it goes to the buyer only.",
                example = "https://returns.example.com/returns/#RL-8F3K2Q7MXT.1797487200.q3Lr…",
                requiredMode = Schema.RequiredMode.REQUIRED) String url,
        @Schema(description = "Until when the link opens the page.", requiredMode = Schema.RequiredMode.REQUIRED)
        OffsetDateTime expiresAt) {
}
