package io.returnflow.platform;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/**
 * A key to create.
 *
 * @param name  what the key is for (who holds it), as operations will recognise it in the list
 * @param roles the groups the key acts with: any of {@link Roles#API_KEY_ROLES}
 */
@Schema(name = "ApiKeyRequest", description = "An API key to create.")
record ApiKeyRequest(@NotBlank @Size(max = ApiKeyRequest.MAX_NAME) @Schema(example = "Shop A storefront")
                            String name,
                            @NotEmpty @Schema(example = "[\"merchant-api\"]", description = "Any of merchant-api, "
                                    + "customer-service, warehouse, ops, analyst, monitoring.")
                            List<String> roles) {

    /** The column's size (V17__api_keys.sql). */
    static final int MAX_NAME = 200;
}
