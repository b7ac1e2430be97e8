package io.returnflow.platform;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * An API key as operations see it: never the key itself (only its creation answer, {@link ApiKeyCreated}, shows
 * that), nor its hash.
 *
 * @param id         the key's public id: the part of the key after {@code rfk_} and before the secret
 * @param name       what the key is for, e.g. the merchant system that holds it
 * @param roles      the groups the key acts with
 * @param createdAt  when it was created
 * @param createdBy  the user who created it
 * @param lastUsedAt when it last authenticated a request (to within {@code returnflow.api-keys.last-used-precision});
 *                   {@code null}: never
 * @param revokedAt  when it was revoked; {@code null}: it works
 * @param revokedBy  who revoked it
 */
@Schema(name = "ApiKey", description = "An API key, without the key itself.")
record ApiKey(@NotBlank @Schema(example = "3f9c2a7be1d04c58") String id,
                     @NotBlank @Schema(example = "Shop A storefront") String name,
                     @NotEmpty @Schema(example = "[\"merchant-api\"]") List<String> roles,
                     @NotNull OffsetDateTime createdAt,
                     @NotBlank @Schema(example = "ops") String createdBy,
                     OffsetDateTime lastUsedAt,
                     OffsetDateTime revokedAt,
                     String revokedBy) {

    /** Whether requests with this key are still let in. */
    public boolean active() {
        return revokedAt == null;
    }
}
