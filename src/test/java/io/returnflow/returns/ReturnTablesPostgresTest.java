package io.returnflow.returns;

import io.returnflow.support.MigratedDatabase;

/** The return's tables on a real PostgreSQL, as production runs. */
class ReturnTablesPostgresTest extends ReturnTablesContract {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }
}
