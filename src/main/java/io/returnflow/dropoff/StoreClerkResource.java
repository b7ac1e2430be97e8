package io.returnflow.dropoff;

import static io.returnflow.platform.ApiDocumentation.TAG_STORE_COUNTER;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.STORE_CLERK;

import java.util.List;
import java.util.stream.Stream;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;

/**
 * {@code GET /api/store-clerks/me}: who the clerk is and at which stores they may check parcels in
 * (the clerk's page offers these). Stores a clerk is bound to are listed even when inactive, since
 * codes issued for them may still be checked in; an admin sees every active store.
 */
@RestController
@Tag(name = TAG_STORE_COUNTER)
class StoreClerkResource {

    private final StoreClerks clerks;
    private final Stores stores;
    private final IdentityService identity;

    public StoreClerkResource(StoreClerks clerks, Stores stores, IdentityService identity) {
        this.clerks = clerks;
        this.stores = stores;
        this.identity = identity;
    }

    @GetMapping("/api/store-clerks/me")
    @Operation(operationId = "getCurrentClerk", summary = "Who the clerk is", description = "The clerk and the "
            + "stores they may check parcels in at (inactive ones too: codes issued for them may still come); an "
            + "admin sees every active store.")
    @ApiResponse(responseCode = "200", description = "The clerk and their stores.", content = @Content(
            schema = @Schema(implementation = Me.class),
            examples = @ExampleObject(name = "clerk", ref = "#/components/examples/store-clerk")))
    @ApiRoles({STORE_CLERK, ADMIN})
    public Me me(@Parameter(hidden = true) Authentication who) {
        String userId = who.getName();
        boolean admin = CounterClerk.isAdmin(who);
        List<Store> theirs = admin ? stores.inCity(null) : stores.withIds(clerks.storesOf(userId));
        return new Me(userId, nameOf(userId), theirs.stream().map(StoreSummary::of).toList());
    }

    private String nameOf(String userId) {
        User user = identity.createUserQuery().userId(userId).singleResult();
        if (user == null) {
            return userId;
        }
        String name = String.join(" ", Stream.of(user.getFirstName(), user.getLastName())
                .filter(part -> part != null && !part.isBlank()).toList());
        return name.isBlank() ? userId : name;
    }

    /** The clerk and the stores they work at. */
    @Schema(name = "StoreClerk", description = "A clerk and the stores they work at.")
    public record Me(String userId, String name, List<StoreSummary> stores) {
    }
}
