package io.returnflow.platform;

import io.returnflow.support.MigratedDatabase;

/** The API keys on H2, as the embedded default runs. */
class ApiKeysTest extends ApiKeysContract {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }
}
