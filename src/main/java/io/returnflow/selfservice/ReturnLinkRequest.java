package io.returnflow.selfservice;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.media.Schema;

import io.returnflow.returns.ReturnRequest;

/** The body of {@code POST /api/return-links}: the order, as for a return, and how long the link opens the page. */
@Schema(description = "The order a buyer may return from, as the storefront knows it.")
record ReturnLinkRequest(
        @Schema(description = "The storefront's order id.", example = "SO-10001")
        @NotBlank @Size(max = 64) String orderId,
        @Schema(description = "When the order was placed.", example = "2026-11-20T10:00:00+08:00")
        OffsetDateTime orderedAt,
        @Schema(description = "When the order reached the buyer; the return window counts from here.",
                example = "2026-11-22T15:00:00+08:00")
        @NotNull OffsetDateTime deliveredAt,
        @Schema(description = "The buyer; `language` (`zh-CN` or `en`) is the page's first language.")
        @NotNull @Valid ReturnRequest.Customer customer,
        @NotNull @Valid ReturnRequest.Payment payment,
        @Schema(description = "The order's lines: the buyer chooses among them, and how many of each.")
        @NotEmpty @Size(max = 100) List<ReturnRequest.@NotNull @Valid Item> items,
        @Schema(description = "Optional: where the order was delivered; the page offers it for a home pickup.")
        @Valid ReturnRequest.Address shippingAddress,
        @Schema(description = "Optional: how long the link opens the page, ISO-8601 (`P14D`, `PT72H`); the "
                + "configured default (14 days) when left out, at most 60 days.", types = "string",
                example = "P14D")
        Duration expiresIn) {
}
