package io.returnflow.platform;

import io.returnflow.support.MigratedDatabase;

/** The API keys on a real PostgreSQL, as production runs. */
class ApiKeysPostgresTest extends ApiKeysContract {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }
}
