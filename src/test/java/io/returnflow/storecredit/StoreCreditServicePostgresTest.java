package io.returnflow.storecredit;

import io.returnflow.support.MigratedDatabase;

/**
 * The store-credit ledger's rules on PostgreSQL, as production runs them: PostgreSQL aborts a transaction whose
 * statement failed (a duplicate key), which H2 does not.
 */
class StoreCreditServicePostgresTest extends StoreCreditServiceTest {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }
}
