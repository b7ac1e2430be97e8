package io.returnflow.dropoff;

import static io.returnflow.platform.ApiDocumentation.TAG_BEFORE_A_RETURN;
import static io.returnflow.platform.ApiDocumentation.TAG_STORES;
import static io.returnflow.platform.ProblemType.MALFORMED;
import static io.returnflow.platform.ProblemType.NOT_A_CLERK;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.ProblemType.STORE_EXISTS;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.CUSTOMER_SERVICE;
import static io.returnflow.platform.Roles.MERCHANT_API;
import static io.returnflow.platform.Roles.OPS;
import static io.returnflow.platform.Roles.STORE_CLERK;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;

/**
 * The store network. {@code GET /api/stores?city=}: where a buyer can drop a return off (active
 * stores). For operations: {@code GET /api/stores/{id}} (with its clerks, active or not),
 * {@code POST /api/stores} (201), {@code PUT /api/stores/{id}}, {@code DELETE /api/stores/{id}}
 * (deactivates, see {@link StoreNetwork}), and {@code PUT}/{@code DELETE /api/stores/{id}/clerks/{userId}}
 * to bind or unbind a clerk (204).
 */
@RestController
class StoreResource {

    private static final String EXAMPLES = "#/components/examples/";
    private static final String STORE_ID = "The store's id.";
    private static final String STORE_ID_EXAMPLE = "S-SH-001";

    private final Stores stores;
    private final StoreNetwork network;

    public StoreResource(Stores stores, StoreNetwork network) {
        this.stores = stores;
        this.network = network;
    }

    @GetMapping("/api/stores")
    @Operation(operationId = "listStores", tags = TAG_BEFORE_A_RETURN, summary = "List drop-off stores",
            description = "The active stores where a buyer can drop a return off, optionally in one city.")
    @ApiResponse(responseCode = "200", description = "The stores.", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = StoreSummary.class)),
            examples = @ExampleObject(name = "shanghai", ref = EXAMPLES + "stores")))
    @ApiRoles({MERCHANT_API, STORE_CLERK, CUSTOMER_SERVICE, OPS, ADMIN})
    public List<StoreSummary> stores(@Parameter(description = "Only the stores in this city.", example = "上海市")
                                     @RequestParam(required = false) String city) {
        return stores.inCity(city).stream().map(StoreSummary::of).toList();
    }

    @GetMapping("/api/stores/{id}")
    @Operation(operationId = "getStore", tags = TAG_STORES, summary = "Read a store", description = "A store with everything "
            + "operations manage: its carrier account, consolidation rule and clerks; active or not.")
    @ApiResponse(responseCode = "200", description = "The store.", content = @Content(
            schema = @Schema(implementation = StoreDetails.class),
            examples = @ExampleObject(name = "jingan", ref = EXAMPLES + "store-details")))
    @ProblemResponses(NOT_FOUND)
    @ApiRoles({OPS, ADMIN})
    public StoreDetails store(@Parameter(description = STORE_ID, example = STORE_ID_EXAMPLE) @PathVariable String id) {
        return network.get(id);
    }

    @PostMapping("/api/stores")
    @Operation(operationId = "createStore", tags = TAG_STORES, summary = "Open a store", description = "Adds a drop-off store to "
            + "the network. `consolidationSchedule` is a Spring cron expression (Asia/Shanghai).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = StoreRequest.class),
                    examples = @ExampleObject(name = "xuhui", ref = EXAMPLES + "store-request"))))
    @ApiResponse(responseCode = "201", description = "Created: the store.",
            headers = @Header(name = "Location", ref = "#/components/headers/Location"),
            content = @Content(schema = @Schema(implementation = StoreDetails.class),
                    examples = @ExampleObject(name = "xuhui", ref = EXAMPLES + "store-details-created")))
    @ProblemResponses({VALIDATION, MALFORMED, STORE_EXISTS})
    @ApiRoles({OPS, ADMIN})
    public ResponseEntity<StoreDetails> create(@Valid @RequestBody StoreRequest body,
                                               @Parameter(hidden = true) Principal ops) {
        StoreDetails created = network.create(body, ops.getName());
        return ResponseEntity.created(URI.create("/api/stores/" + created.id())).body(created);
    }

    @PutMapping("/api/stores/{id}")
    @Operation(operationId = "updateStore", tags = TAG_STORES, summary = "Change a store", description = "Replaces the store's data; "
            + "an inactive store becomes active again. `id` may be left out of the body, and must match the path "
            + "when given.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    schema = @Schema(implementation = StoreRequest.class),
                    examples = @ExampleObject(name = "xuhui", ref = EXAMPLES + "store-request"))))
    @ApiResponse(responseCode = "200", description = "The store as it is now.", content = @Content(
            schema = @Schema(implementation = StoreDetails.class),
            examples = @ExampleObject(name = "xuhui", ref = EXAMPLES + "store-details-created")))
    @ProblemResponses({VALIDATION, MALFORMED, NOT_FOUND})
    @ApiRoles({OPS, ADMIN})
    public StoreDetails update(@Parameter(description = STORE_ID, example = "S-SH-002") @PathVariable String id,
                               @Valid @RequestBody StoreRequest body, @Parameter(hidden = true) Principal ops) {
        return network.update(id, body, ops.getName());
    }

    @DeleteMapping("/api/stores/{id}")
    @Operation(operationId = "deactivateStore", tags = TAG_STORES, summary = "Close a store", description = "Deactivates the store: "
            + "buyers can no longer choose it; codes already issued for it can still be checked in, and its open "
            + "shipment still leaves.")
    @ApiResponse(responseCode = "204", description = "Deactivated.")
    @ProblemResponses(NOT_FOUND)
    @ApiRoles({OPS, ADMIN})
    public ResponseEntity<Void> deactivate(@Parameter(description = STORE_ID, example = STORE_ID_EXAMPLE)
                                           @PathVariable String id, @Parameter(hidden = true) Principal ops) {
        network.deactivate(id, ops.getName());
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/api/stores/{id}/clerks/{userId}")
    @Operation(operationId = "bindClerk", tags = TAG_STORES, summary = "Bind a clerk to a store", description = "The clerk may check "
            + "parcels in at this store from now on. The user must exist and be in group `store-clerk`; binding "
            + "twice changes nothing.")
    @ApiResponse(responseCode = "204", description = "Bound.")
    @ProblemResponses({NOT_FOUND, NOT_A_CLERK})
    @ApiRoles({OPS, ADMIN})
    public ResponseEntity<Void> bindClerk(@Parameter(description = STORE_ID, example = STORE_ID_EXAMPLE)
                                          @PathVariable String id,
                                          @Parameter(description = "The clerk's user id.", example = "clerk")
                                          @PathVariable String userId, @Parameter(hidden = true) Principal ops) {
        network.bindClerk(id, userId, ops.getName());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/stores/{id}/clerks/{userId}")
    @Operation(operationId = "unbindClerk", tags = TAG_STORES, summary = "Unbind a clerk from a store",
            description = "The clerk can no longer check parcels in at this store; unbinding twice changes nothing.")
    @ApiResponse(responseCode = "204", description = "Unbound.")
    @ProblemResponses(NOT_FOUND)
    @ApiRoles({OPS, ADMIN})
    public ResponseEntity<Void> unbindClerk(@Parameter(description = STORE_ID, example = STORE_ID_EXAMPLE)
                                            @PathVariable String id,
                                            @Parameter(description = "The clerk's user id.", example = "clerk")
                                            @PathVariable String userId, @Parameter(hidden = true) Principal ops) {
        network.unbindClerk(id, userId, ops.getName());
        return ResponseEntity.noContent().build();
    }
}
