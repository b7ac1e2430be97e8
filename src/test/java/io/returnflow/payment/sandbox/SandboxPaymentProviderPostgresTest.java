package io.returnflow.payment.sandbox;

import java.io.IOException;

import io.returnflow.support.MigratedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The sandbox provider's idempotency on PostgreSQL: the key row as the lock, duplicate keys and
 * concurrent claims behave as on H2.
 */
class SandboxPaymentProviderPostgresTest extends SandboxPaymentProviderTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Override
    protected MigratedDatabase database() {
        return MigratedDatabase.migrated(postgres);
    }
}
