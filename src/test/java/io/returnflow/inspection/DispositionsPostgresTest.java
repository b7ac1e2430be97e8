package io.returnflow.inspection;

import io.returnflow.support.MigratedDatabase;

/** Each line's disposition written once on PostgreSQL, as production runs it. */
class DispositionsPostgresTest extends DispositionsTest {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }
}
