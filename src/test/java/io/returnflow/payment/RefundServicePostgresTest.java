package io.returnflow.payment;

import io.returnflow.support.MigratedDatabase;
import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The refund ledger's rules on PostgreSQL, as production runs them: PostgreSQL aborts a transaction
 * whose statement failed (a duplicate key), which H2 does not.
 */
class RefundServicePostgresTest extends RefundServiceTest {

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
