package io.returnflow.storeshipment;

import io.returnflow.support.MigratedDatabase;

/** Joining a store's shipment on H2, the embedded default. */
class StoreShipmentJoinTest extends StoreShipmentJoinContract {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }
}
