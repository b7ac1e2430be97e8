package io.returnflow.platform;

import static io.returnflow.platform.ApiDocumentation.TAG_API_KEYS;
import static io.returnflow.platform.ProblemType.MALFORMED;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.OPS;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operations manage the API keys of merchant systems and other integrations ({@link ApiKeys}): create (the key is in
 * that answer only), list, read, revoke. People only: a key cannot manage keys ({@link SecurityConfig}).
 */
@RestController
@RequestMapping("/api/api-keys")
@Tag(name = TAG_API_KEYS)
class ApiKeyResource {

    private static final String KEY_ID = "The key's id (the part of the key between `rfk_` and the secret).";

    private final ApiKeys keys;

    public ApiKeyResource(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping
    @Operation(operationId = "createApiKey", summary = "Create an API key", description = "A key for a system to "
            + "call the API with (`Authorization: Bearer <key>`), acting with the given roles. The answer is the only "
            + "time the key is shown: ReturnFlow keeps its hash only.")
    @ApiResponse(responseCode = "201", description = "The key, with the key itself.",
            headers = @Header(name = ApiDocumentation.LOCATION, ref = "#/components/headers/Location"),
            content = @Content(schema = @Schema(implementation = ApiKeyCreated.class)))
    @ProblemResponses({MALFORMED, VALIDATION})
    @ApiRoles(value = {OPS, ADMIN}, apiKeys = false)
    public ResponseEntity<ApiKeyCreated> create(@Valid @RequestBody ApiKeyRequest body,
                                                @Parameter(hidden = true) Principal who) {
        ApiKeyCreated created = keys.create(body.name(), body.roles(), who.getName());
        return ResponseEntity.created(URI.create("/api/api-keys/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(operationId = "listApiKeys", summary = "List the API keys", description = "Every key, revoked ones "
            + "included, newest first; never the keys themselves.")
    @ApiResponse(responseCode = "200", description = "The keys.", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = ApiKey.class))))
    @ProblemResponses({})
    @ApiRoles(value = {OPS, ADMIN}, apiKeys = false)
    public List<ApiKey> list() {
        return keys.all();
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getApiKey", summary = "Read an API key", description = "One key: its roles, who "
            + "created it, when it was last used, whether it is revoked.")
    @ApiResponse(responseCode = "200", description = "The key.", content = @Content(
            schema = @Schema(implementation = ApiKey.class)))
    @ProblemResponses(NOT_FOUND)
    @ApiRoles(value = {OPS, ADMIN}, apiKeys = false)
    public ApiKey get(@Parameter(description = KEY_ID, example = "3f9c2a7be1d04c58") @PathVariable String id) {
        return keys.find(id).orElseThrow(() -> ApiProblem.notFound("No API key " + id));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key", description = "From now on a request "
            + "with this key is answered 401. The key stays in the list, revoked; revoking it again changes nothing.")
    @ApiResponse(responseCode = "200", description = "The key, revoked.", content = @Content(
            schema = @Schema(implementation = ApiKey.class)))
    @ProblemResponses(NOT_FOUND)
    @ApiRoles(value = {OPS, ADMIN}, apiKeys = false)
    public ApiKey revoke(@Parameter(description = KEY_ID, example = "3f9c2a7be1d04c58") @PathVariable String id,
                         @Parameter(hidden = true) Principal who) {
        return keys.revoke(id, who.getName()).orElseThrow(() -> ApiProblem.notFound("No API key " + id));
    }
}
