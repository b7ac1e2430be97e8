package io.returnflow.returns;

import io.returnflow.support.MigratedDatabase;

/** The return's tables on H2, the embedded default. */
class ReturnTablesTest extends ReturnTablesContract {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.migrated();
    }
}
