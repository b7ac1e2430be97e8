package io.returnflow.storeshipment;

import io.returnflow.support.MigratedDatabase;

/** Joining a store's shipment on a real PostgreSQL, as production runs. */
class StoreShipmentJoinPostgresTest extends StoreShipmentJoinContract {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }
}
