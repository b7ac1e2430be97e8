package io.returnflow.returns;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/returns} and {@code POST /api/return-quotes} (API.md). */
public record ReturnRequest(
        @NotBlank @Size(max = 64) String orderId,
        OffsetDateTime orderedAt,
        @NotNull OffsetDateTime deliveredAt,
        @NotNull @Valid Customer customer,
        @NotNull @Valid Payment payment,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid Item> items,
        @NotNull ReturnReason reason,
        @NotNull ReturnMethod method,
        @Valid Pickup pickup,
        @Valid DropOff dropOff) {

    public record Customer(
            @NotBlank @Size(max = 64) String id,
            @NotBlank @Size(max = 128) String name,
            @Pattern(regexp = "\\+?[0-9 -]{5,20}", message = "must be a phone number") String phone,
            @Email @Size(max = 254) String email,
            @Size(max = 32) String tier) {
    }

    public record Payment(
            @NotBlank @Size(max = 32) String provider,
            @NotBlank @Size(max = 128) String chargeId,
            @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as CNY") String currency,
            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2) BigDecimal amountPaid) {
    }

    public record Item(
            @NotBlank @Size(max = 64) String lineId,
            @NotBlank @Size(max = 64) String sku,
            @NotBlank @Size(max = 256) String name,
            @NotBlank @Size(max = 64) String category,
            @Min(1) @Max(9999) int quantity,
            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2) BigDecimal unitPrice) {
    }

    public record Pickup(@NotNull @Valid Address address, @NotNull @Valid Window window) {
    }

    public record Address(
            @NotBlank @Size(max = 64) String province,
            @NotBlank @Size(max = 64) String city,
            @Size(max = 64) String district,
            @NotBlank @Size(max = 256) String line,
            @Size(max = 16) String postCode) {
    }

    public record Window(@NotNull OffsetDateTime start, @NotNull OffsetDateTime end) {
    }

    public record DropOff(@NotBlank @Size(max = 32) String storeId) {
    }
}
