package io.returnflow.payment;

import io.returnflow.support.MigratedDatabase;

/**
 * The refund ledger's rules on PostgreSQL, as production runs them: PostgreSQL aborts a transaction
 * whose statement failed (a duplicate key), which H2 does not.
 */
class RefundServicePostgresTest extends RefundServiceTest {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }
}
