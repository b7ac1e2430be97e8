package io.returnflow.dropoff;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.Roles;

/**
 * Operations manage the store network: stores come, change and go, clerks are bound to them.
 *
 * <p>Deactivating a store takes it out of what buyers are offered and what new returns may choose,
 * nothing more: codes already issued for it stay valid there until they expire (a buyer already on
 * the way is not turned back), its clerks stay bound, and the parcels waiting there still leave in its
 * consolidated shipment. A store is never deleted: returns and shipments keep pointing at it.
 */
@Service
class StoreNetwork {

    private static final Logger log = LoggerFactory.getLogger(StoreNetwork.class);

    private final Stores stores;
    private final StoreClerks clerks;
    private final IdentityService identity;
    private final Clock clock;

    public StoreNetwork(Stores stores, StoreClerks clerks, IdentityService identity, Clock clock) {
        this.stores = stores;
        this.clerks = clerks;
        this.identity = identity;
        this.clock = clock;
    }

    public StoreDetails get(String id) {
        Store store = stores.findAny(id).orElseThrow(() -> noSuchStore(id));
        return StoreDetails.of(store, clerks.clerksOf(id));
    }

    /** @throws ApiProblem 400 naming the field, 409 when the id is taken (also by an inactive store) */
    @Transactional
    public StoreDetails create(StoreRequest request, String by) {
        if (request.id() == null) {
            throw ApiProblem.invalid("id", "must not be blank");
        }
        Store store = validated(request.toStore(request.id()));
        if (!stores.create(store, by, OffsetDateTime.now(clock))) {
            throw ApiProblem.conflict("store-exists", "Store " + store.id() + " exists already (maybe inactive): "
                    + "change it with PUT /api/stores/" + store.id() + ".");
        }
        log.info("Store {} created by {}", store.id(), by);
        return get(store.id());
    }

    /** Replaces the store's data; an inactive store becomes active again. */
    @Transactional
    public StoreDetails update(String id, StoreRequest request, String by) {
        if (request.id() != null && !request.id().equals(id)) {
            throw ApiProblem.invalid("id", "must be the store's id of the path (" + id + ") or left out");
        }
        Store store = validated(request.toStore(id));
        if (!stores.update(store, by, OffsetDateTime.now(clock))) {
            throw noSuchStore(id);
        }
        log.info("Store {} changed by {}", id, by);
        return get(id);
    }

    @Transactional
    public void deactivate(String id, String by) {
        if (!stores.deactivate(id, by, OffsetDateTime.now(clock))) {
            throw noSuchStore(id);
        }
        log.info("Store {} deactivated by {}", id, by);
    }

    /** @throws ApiProblem 404 no such store, 422 naming {@code userId} when the user cannot be a clerk */
    @Transactional
    public void bindClerk(String storeId, String userId, String by) {
        stores.findAny(storeId).orElseThrow(() -> noSuchStore(storeId));
        if (identity.createUserQuery().userId(userId).count() == 0) {
            throw notAClerk("is not a user of ReturnFlow (create it in Camunda Admin first)");
        }
        if (identity.createUserQuery().userId(userId).memberOfGroup(Roles.STORE_CLERK).count() == 0) {
            throw notAClerk("is not in group " + Roles.STORE_CLERK);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        // operations own the store from now on: a restart's seeding must not undo their choice
        stores.touch(storeId, by, now);
        if (clerks.bind(storeId, userId, by, now)) {
            log.info("Clerk {} bound to store {} by {}", userId, storeId, by);
        }
    }

    @Transactional
    public void unbindClerk(String storeId, String userId, String by) {
        stores.findAny(storeId).orElseThrow(() -> noSuchStore(storeId));
        stores.touch(storeId, by, OffsetDateTime.now(clock));
        if (clerks.unbind(storeId, userId)) {
            log.info("Clerk {} unbound from store {} by {}", userId, storeId, by);
        }
    }

    private Store validated(Store store) {
        ConsolidationSchedule.problem(store.consolidationSchedule(), clock.instant()).ifPresent(problem -> {
            throw ApiProblem.invalid("consolidationSchedule", problem);
        });
        return store;
    }

    private static ApiProblem notAClerk(String message) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "not-a-clerk", "Cannot be a store clerk",
                "userId: " + message, List.of(new ApiProblem.FieldError("userId", message)), Map.of());
    }

    private static ApiProblem noSuchStore(String id) {
        return ApiProblem.notFound("No store " + id);
    }
}
