package io.returnflow.payment;

import io.returnflow.support.MigratedDatabase;

/** The follow-up's queries on PostgreSQL, as production runs them. */
class PendingRefundFollowUpPostgresTest extends PendingRefundFollowUpTest {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }
}
