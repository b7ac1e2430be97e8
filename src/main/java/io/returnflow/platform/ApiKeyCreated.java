package io.returnflow.platform;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * The answer that creates an API key: the only place the key itself is ever shown. ReturnFlow keeps its hash only,
 * so a lost key cannot be shown again: revoke it and create another.
 *
 * @param key the key, to send as {@code Authorization: Bearer <key>}
 */
@Schema(name = "ApiKeyCreated", description = "A new API key, with the key itself (shown this once only).")
record ApiKeyCreated(@NotBlank @Schema(example = "3f9c2a7be1d04c58") String id,
                            @NotBlank @Schema(example = "Shop A storefront") String name,
                            @NotEmpty @Schema(example = "[\"merchant-api\"]") List<String> roles,
                            @NotNull OffsetDateTime createdAt,
                            @NotBlank @Schema(example = "ops") String createdBy,
                            @NotBlank @Schema(example = "rfk_3f9c2a7be1d04c58_Hq0Zt3v1y9nE6oZ2b3kQ4cR8sX5wM7aL1dF0gJ2hK9p")
                            String key) {

    static ApiKeyCreated of(ApiKey apiKey, String key) {
        return new ApiKeyCreated(apiKey.id(), apiKey.name(), apiKey.roles(), apiKey.createdAt(), apiKey.createdBy(),
                key);
    }
}
