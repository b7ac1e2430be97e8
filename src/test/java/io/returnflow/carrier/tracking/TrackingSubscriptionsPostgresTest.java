package io.returnflow.carrier.tracking;

import io.returnflow.support.MigratedDatabase;

/**
 * The same rules on PostgreSQL, as production runs them: PostgreSQL aborts a transaction after a failed
 * statement (a duplicate key), which H2 does not, so a repeated request must never fail there.
 */
class TrackingSubscriptionsPostgresTest extends TrackingSubscriptionsTest {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }
}
