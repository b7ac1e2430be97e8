package io.returnflow.operations;

import io.returnflow.support.MigratedDatabase;

/** The gauges' queries on PostgreSQL, as production runs them. */
class BusinessFiguresPostgresTest extends BusinessFiguresTest {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }
}
