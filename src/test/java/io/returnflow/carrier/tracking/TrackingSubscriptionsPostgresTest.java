package io.returnflow.carrier.tracking;

import java.io.IOException;

import io.returnflow.support.MigratedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same rules on PostgreSQL, as production runs them: PostgreSQL aborts a transaction after a failed
 * statement (a duplicate key), which H2 does not, so a repeated request must never fail there.
 */
class TrackingSubscriptionsPostgresTest extends TrackingSubscriptionsTest {

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
