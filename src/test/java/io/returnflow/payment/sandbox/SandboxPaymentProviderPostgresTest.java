package io.returnflow.payment.sandbox;

import io.returnflow.support.MigratedDatabase;

/**
 * The sandbox provider's idempotency on PostgreSQL: the key row as the lock, duplicate keys and
 * concurrent claims behave as on H2.
 */
class SandboxPaymentProviderPostgresTest extends SandboxPaymentProviderTest {

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.onPostgres();
    }
}
