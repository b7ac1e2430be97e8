package io.returnflow.dropoff;

import java.util.List;
import java.util.stream.Stream;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/store-clerks/me}: who the clerk is and at which stores they may check parcels in
 * (the clerk's page offers these). Stores a clerk is bound to are listed even when inactive, since
 * codes issued for them may still be checked in; an admin sees every active store.
 */
@RestController
public class StoreClerkResource {

    private final StoreClerks clerks;
    private final Stores stores;
    private final IdentityService identity;

    public StoreClerkResource(StoreClerks clerks, Stores stores, IdentityService identity) {
        this.clerks = clerks;
        this.stores = stores;
        this.identity = identity;
    }

    @GetMapping("/api/store-clerks/me")
    public Me me(Authentication who) {
        String userId = who.getName();
        boolean admin = CheckInResource.isAdmin(who);
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
    public record Me(String userId, String name, List<StoreSummary> stores) {
    }
}
