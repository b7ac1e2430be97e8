package io.returnflow.platform;

import io.returnflow.support.MigratedDatabase;

/** The clerk's page's sessions on PostgreSQL, as production keeps them ({@code bytea} attributes). */
class StorePageSessionStorePostgresTest extends StorePageSessionStoreTest {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }
}
