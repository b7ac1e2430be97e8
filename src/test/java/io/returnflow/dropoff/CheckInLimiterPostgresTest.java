package io.returnflow.dropoff;

import io.returnflow.support.MigratedDatabase;

/** The wrong-code limits on PostgreSQL, as production counts them: the same answers as on H2. */
class CheckInLimiterPostgresTest extends CheckInLimiterTest {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }
}
